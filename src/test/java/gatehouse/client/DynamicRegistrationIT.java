package gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.client.ClientDeleteRequest;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientReadRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.client.ClientUpdateRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import gatehouse.testing.AtOnce;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.NimbusHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Dynamic client registration (RFC 7591) and client management (RFC 7592) on a server with
 * {@code gatehouse.registration=open}, spoken by nimbus oauth2-oidc-sdk's registration client; the shared server
 * (registration off) answers 404. Registered clients then really get tokens (code flow with PKCE, client_credentials).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DynamicRegistrationIT {
    static final String REDIRECT = "http://127.0.0.1:45123/callback";
    static final int PER_ADDRESS = 40;
    static ServerProcess server;
    static Http api;
    static URI endpoint;
    static String ccUser;

    /**
     * JUnit runs this for a subclass too (before the subclass's own {@code @BeforeAll}), whose server is another: there
     * it starts nothing (a server started here would be left running).
     */
    @BeforeAll
    static void start(org.junit.jupiter.api.TestInfo info) {
        if (info.getTestClass().orElseThrow() == DynamicRegistrationIT.class) startWith(Map.of());
    }

    /** The open-registration server, with {@code extra} settings (a database of its own, say). */
    static void startWith(Map<String, String> extra) {
        ccUser = "dcr-cc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new LinkedHashMap<>(registrationSettings());
        settings.putAll(extra);
        server = TestServer.start("dcr-open", settings);
        api = Http.to(server);
        endpoint = URI.create(server.baseUrl() + "/oauth_register.do");
        assertEquals(201, api.json("POST", "/api/now/table/sys_user", Map.of("user_name", ccUser, "user_password", "pw-" + UUID.randomUUID(),
                "roles", "itil"), "Authorization", Http.adminBasic()).statusCode());
    }

    static Map<String, String> registrationSettings() {
        return Map.of("gatehouse.registration", "open",
                "gatehouse.registration.scopes", "useraccount incident_read",
                "gatehouse.registration.client.credentials.user", ccUser,
                "gatehouse.registration.address.max", String.valueOf(PER_ADDRESS));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static ClientMetadata codeClient(ClientAuthenticationMethod method) {
        ClientMetadata m = new ClientMetadata();
        m.setRedirectionURI(URI.create(REDIRECT));
        m.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
        m.setResponseTypes(Set.of(new ResponseType("code")));
        m.setTokenEndpointAuthMethod(method);
        m.setScope(new Scope("useraccount"));
        m.setName("Registered " + UUID.randomUUID().toString().substring(0, 6));
        return m;
    }

    static ClientRegistrationResponse register(ClientMetadata m, BearerAccessToken initial) throws Exception {
        HTTPResponse r = NimbusHttp.send(new ClientRegistrationRequest(endpoint, m, initial).toHTTPRequest());
        assertTrue(r.getStatusCode() < 500, r.getContent());
        return ClientRegistrationResponse.parse(r);
    }

    static ClientInformation registered(ClientMetadata m) throws Exception {
        ClientRegistrationResponse r = register(m, null);
        assertTrue(r.indicatesSuccess(), () -> ((ClientRegistrationErrorResponse) r).getErrorObject().toString());
        return ((ClientInformationResponse) r).getClientInformation();
    }

    static HttpResponse<String> raw(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) b.header("Content-Type", contentType);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return api.send(b);
    }

    static int registeredCount() {
        HttpResponse<String> r = api.get("/api/now/table/oauth_entity?sysparm_query=registered_dynamically%3Dtrue&sysparm_fields=sys_id&sysparm_limit=1000",
                "Authorization", Http.adminBasic());
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("result").size();
    }

    /** The server's first registrations, all at once from one address: each is made and counted, none is a 5xx. */
    @Test
    @Order(0)
    void concurrentFirstRegistrationsFromOneAddressAreAllCounted() throws Exception {
        int n = 6;
        int before = registeredCount();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) answers.add(pool.submit(() -> {
                start.await();
                return raw("POST", "/oauth_register.do", "application/json", "{\"redirect_uris\":[\"" + REDIRECT + "\"]}");
            }));
            for (var a : answers) {
                HttpResponse<String> r = a.get();
                assertEquals(201, r.statusCode(), r.body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + n, registeredCount());
    }

    @Test
    @Order(1)
    void offByDefaultTheEndpointIsNotThere() {
        ServerProcess off = TestServer.shared();
        Http h = Http.to(off);
        HttpResponse<String> r = h.send(HttpRequest.newBuilder(URI.create(off.baseUrl() + "/oauth_register.do"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"" + REDIRECT + "\"]}")).header("Content-Type", "application/json"));
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("not_found", Http.body(r).path("error").asText());
        assertEquals(404, h.get("/oauth_register.do/whatever", "Authorization", "Bearer x").statusCode());
        assertFalse(Http.body(h.get("/.well-known/oauth-authorization-server")).has("registration_endpoint"));
        assertFalse(Http.body(h.get("/.well-known/openid-configuration")).has("registration_endpoint"));
    }

    @Test
    @Order(2)
    void metadataAdvertisesTheEndpoint() {
        for (String doc : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"))
            assertEquals(server.baseUrl() + "/oauth_register.do", Http.body(api.get(doc)).path("registration_endpoint").asText(), doc);
    }

    @Test
    @Order(3)
    void aRegisteredConfidentialClientCompletesTheCodeFlowWithPkce() throws Exception {
        ClientMetadata m = codeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
        m.setLogoURI(URI.create("https://app.example.com/logo.png"));
        m.setURI(URI.create("https://app.example.com/"));
        m.setPolicyURI(URI.create("https://app.example.com/policy"));
        m.setTermsOfServiceURI(URI.create("https://app.example.com/tos"));
        m.setEmailContacts(List.of("ops@example.com"));
        ClientInformation info = registered(m);
        assertNotNull(info.getSecret());
        assertEquals(0, info.getSecret().getExpirationDate() == null ? 0 : info.getSecret().getExpirationDate().getTime());
        assertNotNull(info.getRegistrationAccessToken());
        assertEquals(server.baseUrl() + "/oauth_register.do/" + info.getID().getValue(), info.getRegistrationURI().toString());
        assertNotNull(info.getIDIssueDate());
        assertEquals(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN), info.getMetadata().getGrantTypes());
        assertEquals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, info.getMetadata().getTokenEndpointAuthMethod());
        assertEquals("https://app.example.com/tos", info.getMetadata().getTermsOfServiceURI().toString());
        assertEquals(List.of("ops@example.com"), info.getMetadata().getEmailContacts());

        // in the registry like any other application, marked
        JsonNode rec = Http.body(api.get("/api/now/table/oauth_entity?sysparm_query=client_id%3D" + info.getID().getValue(), "Authorization", Http.adminBasic()))
                .path("result").get(0);
        assertEquals("true", rec.path("registered_dynamically").asText());
        assertEquals("false", rec.path("first_party").asText());
        assertEquals(m.getName(), rec.path("name").asText());
        assertEquals("https://app.example.com/logo.png", rec.path("logo_url").asText());

        TestUser person = user();
        CodeVerifier verifier = new CodeVerifier();
        String code = AuthorizationFlow.obtainCode(server, info.getID().getValue(), REDIRECT, "useraccount",
                AuthorizationFlow.challenge(verifier.getValue()), person.name, person.password);
        TokenResponse tr = TokenResponse.parse(NimbusHttp.send(new TokenRequest(URI.create(server.baseUrl() + "/oauth_token.do"),
                new ClientSecretBasic(info.getID(), info.getSecret()),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(REDIRECT), verifier)).toHTTPRequest()));
        assertTrue(tr.indicatesSuccess(), () -> tr.toErrorResponse().getErrorObject().toString());
        String access = tr.toSuccessResponse().getTokens().getAccessToken().getValue();
        assertEquals(200, api.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + access).statusCode());
        assertNotNull(tr.toSuccessResponse().getTokens().getRefreshToken());
        // a wrong secret is refused as for any client
        TokenResponse bad = TokenResponse.parse(NimbusHttp.send(new TokenRequest(URI.create(server.baseUrl() + "/oauth_token.do"),
                new ClientSecretBasic(info.getID(), new Secret("wrong-" + UUID.randomUUID())),
                new ClientCredentialsGrant()).toHTTPRequest()));
        assertFalse(bad.indicatesSuccess());
    }

    @Test
    @Order(4)
    void aPublicClientUsesPkceWithoutASecret() throws Exception {
        ClientInformation info = registered(codeClient(ClientAuthenticationMethod.NONE));
        assertNull(info.getSecret());
        assertEquals(ClientAuthenticationMethod.NONE, info.getMetadata().getTokenEndpointAuthMethod());
        TestUser person = user();
        CodeVerifier verifier = new CodeVerifier();
        String code = AuthorizationFlow.obtainCode(server, info.getID().getValue(), REDIRECT, null,
                AuthorizationFlow.challenge(verifier.getValue()), person.name, person.password);
        TokenResponse tr = TokenResponse.parse(NimbusHttp.send(new TokenRequest(URI.create(server.baseUrl() + "/oauth_token.do"), info.getID(),
                new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(REDIRECT), verifier)).toHTTPRequest()));
        assertTrue(tr.indicatesSuccess(), () -> tr.toErrorResponse().getErrorObject().toString());
    }

    @Test
    @Order(5)
    void clientCredentialsActsAsTheConfiguredNonAdminUser() throws Exception {
        ClientMetadata m = new ClientMetadata();
        m.setGrantTypes(Set.of(GrantType.CLIENT_CREDENTIALS));
        m.setResponseTypes(Set.of());
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        m.setName("Service " + UUID.randomUUID().toString().substring(0, 6));
        ClientInformation info = registered(m);
        assertEquals(List.of(), info.getMetadata().getRedirectionURIStrings() == null ? List.of() : List.copyOf(info.getMetadata().getRedirectionURIStrings()));
        TokenResponse tr = TokenResponse.parse(NimbusHttp.send(new TokenRequest(URI.create(server.baseUrl() + "/oauth_token.do"),
                new ClientSecretPost(info.getID(), info.getSecret()), new ClientCredentialsGrant()).toHTTPRequest()));
        assertTrue(tr.indicatesSuccess(), () -> tr.toErrorResponse().getErrorObject().toString());
        HttpResponse<String> intro = api.postForm("/oauth_introspect.do",
                Map.of("token", tr.toSuccessResponse().getTokens().getAccessToken().getValue()),
                "Authorization", Http.basic(info.getID().getValue(), info.getSecret().getValue()));
        assertEquals(ccUser, Http.body(intro).path("username").asText(), intro.body());
    }

    @Test
    @Order(6)
    void privateKeyJwtWithARegisteredJwks() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").keyUse(KeyUse.SIGNATURE).generate();
        ClientMetadata m = new ClientMetadata();
        m.setGrantTypes(Set.of(GrantType.CLIENT_CREDENTIALS));
        m.setResponseTypes(Set.of());
        m.setTokenEndpointAuthMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
        m.setJWKSet(new JWKSet(key.toPublicJWK()));
        ClientInformation info = registered(m);
        assertNull(info.getSecret(), "private_key_jwt: no secret is handed out");
        URI token = URI.create(server.baseUrl() + "/oauth_token.do");
        TokenResponse tr = TokenResponse.parse(NimbusHttp.send(new TokenRequest(token,
                new PrivateKeyJWT(info.getID(), token, com.nimbusds.jose.JWSAlgorithm.RS256, key.toRSAPrivateKey(), "k1", null),
                new ClientCredentialsGrant()).toHTTPRequest()));
        assertTrue(tr.indicatesSuccess(), () -> tr.toErrorResponse().getErrorObject().toString());
    }

    @Test
    @Order(7)
    void readUpdateDeleteWithTheRegistrationAccessToken() throws Exception {
        ClientInformation info = registered(codeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC));
        ClientInformation other = registered(codeClient(ClientAuthenticationMethod.CLIENT_SECRET_BASIC));
        URI uri = info.getRegistrationURI();
        BearerAccessToken token = info.getRegistrationAccessToken();

        // read
        ClientInformationResponse read = ClientInformationResponse.parse(NimbusHttp.send(new ClientReadRequest(uri, token).toHTTPRequest()));
        assertEquals(info.getID(), read.getClientInformation().getID());
        assertEquals(info.getMetadata().getName(), read.getClientInformation().getMetadata().getName());
        // without, with a wrong one, with another client's
        for (BearerAccessToken t : new BearerAccessToken[] {new BearerAccessToken("wrong-" + UUID.randomUUID()), other.getRegistrationAccessToken()}) {
            HTTPResponse r = NimbusHttp.send(new ClientReadRequest(uri, t).toHTTPRequest());
            assertEquals(401, r.getStatusCode(), r.getContent());
            assertTrue(r.getHeaderValue("WWW-Authenticate").contains("invalid_token"));
        }
        HttpResponse<String> none = raw("GET", "/oauth_register.do/" + info.getID().getValue(), null, null);
        assertEquals(401, none.statusCode());
        assertEquals("invalid_token", Http.body(none).path("error").asText());
        assertEquals(401, raw("GET", "/oauth_register.do/no-such-client", null, null, "Authorization", "Bearer " + token.getValue()).statusCode());

        // update: a full replacement; the token rotates
        ClientMetadata changed = codeClient(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        changed.setRedirectionURIs(Set.of(URI.create("https://app.example.com/cb2")));
        changed.setName("Renamed client");
        HTTPResponse badUpdate = NimbusHttp.send(new ClientUpdateRequest(uri, info.getID(), other.getRegistrationAccessToken(), changed, info.getSecret()).toHTTPRequest());
        assertEquals(401, badUpdate.getStatusCode());
        ClientMetadata invalid = codeClient(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        invalid.setRedirectionURIs(Set.of(URI.create("http://evil.example.com/cb")));
        HTTPResponse refused = NimbusHttp.send(new ClientUpdateRequest(uri, info.getID(), token, invalid, info.getSecret()).toHTTPRequest());
        assertEquals(400, refused.getStatusCode());
        assertEquals("invalid_redirect_uri", ClientRegistrationErrorResponse.parse(refused).getErrorObject().getCode());
        HTTPResponse wrongId = NimbusHttp.send(new ClientUpdateRequest(uri, other.getID(), token, changed, null).toHTTPRequest());
        assertEquals(400, wrongId.getStatusCode());

        ClientInformationResponse updated = ClientInformationResponse.parse(
                NimbusHttp.send(new ClientUpdateRequest(uri, info.getID(), token, changed, info.getSecret()).toHTTPRequest()));
        assertEquals("Renamed client", updated.getClientInformation().getMetadata().getName());
        assertEquals(Set.of(URI.create("https://app.example.com/cb2")), updated.getClientInformation().getMetadata().getRedirectionURIs());
        assertEquals(ClientAuthenticationMethod.CLIENT_SECRET_POST, updated.getClientInformation().getMetadata().getTokenEndpointAuthMethod());
        BearerAccessToken rotated = updated.getClientInformation().getRegistrationAccessToken();
        assertNotEquals(token, rotated);
        assertEquals(401, NimbusHttp.send(new ClientReadRequest(uri, token).toHTTPRequest()).getStatusCode(), "the old token stopped working");
        assertEquals(200, NimbusHttp.send(new ClientReadRequest(uri, rotated).toHTTPRequest()).getStatusCode());
        // the secret did not change: it still authenticates
        TokenResponse cc = TokenResponse.parse(NimbusHttp.send(new TokenRequest(URI.create(server.baseUrl() + "/oauth_token.do"),
                new ClientSecretPost(info.getID(), info.getSecret()), new com.nimbusds.oauth2.sdk.RefreshTokenGrant(
                        new com.nimbusds.oauth2.sdk.token.RefreshToken("no-such-refresh-token"))).toHTTPRequest()));
        assertEquals("invalid_grant", cc.toErrorResponse().getErrorObject().getCode(), "client authenticated, grant refused");

        // delete: wrong token first, then right
        assertEquals(401, NimbusHttp.send(new ClientDeleteRequest(uri, other.getRegistrationAccessToken()).toHTTPRequest()).getStatusCode());
        assertEquals(204, NimbusHttp.send(new ClientDeleteRequest(uri, rotated).toHTTPRequest()).getStatusCode());
        assertEquals(401, NimbusHttp.send(new ClientReadRequest(uri, rotated).toHTTPRequest()).getStatusCode());
        assertEquals(0, Http.body(api.get("/api/now/table/oauth_entity?sysparm_query=client_id%3D" + info.getID().getValue(), "Authorization", Http.adminBasic()))
                .path("result").size());
        // the other client is untouched
        assertEquals(200, NimbusHttp.send(new ClientReadRequest(other.getRegistrationURI(), other.getRegistrationAccessToken()).toHTTPRequest()).getStatusCode());
        // an application an admin made cannot be managed through RFC 7592 at all
        assertEquals(401, raw("DELETE", "/oauth_register.do/" + "demo-client", null, null, "Authorization", "Bearer anything").statusCode());
    }

    /**
     * RFC 7592 §2.2 with one registration access token sent by several PUTs at the same moment: exactly one is applied
     * (200, a new token), every other is 401 invalid_token, as if it had come after (the token it carries was rotated);
     * none is a 5xx. Several rounds, so that the updates really overlap in the database.
     */
    @Test
    @Order(99)
    void concurrentUpdatesWithOneTokenApplyOnceAndRefuseTheOthers() throws Exception {
        HttpResponse<String> made = raw("POST", "/oauth_register.do", "application/json",
                "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":\"Raced\"}");
        assertEquals(201, made.statusCode(), made.body());
        String clientId = Http.body(made).path("client_id").asText();
        String token = Http.body(made).path("registration_access_token").asText();
        for (int round = 0; round < 5; round++) {
            String current = token;
            String names = "Raced " + round + "-";
            String winner = null;
            String winnersName = null;
            for (HttpResponse<String> r : AtOnce.run(6, i -> raw("PUT", "/oauth_register.do/" + clientId, "application/json",
                    "{\"client_id\":\"" + clientId + "\",\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":\"" + names + i + "\"}",
                    "Authorization", "Bearer " + current))) {
                if (r.statusCode() == 200) {
                    assertNull(winner, "round " + round + ": a second update was applied too: " + r.body());
                    winner = Http.body(r).path("registration_access_token").asText();
                    winnersName = Http.body(r).path("client_name").asText();
                } else {
                    assertEquals(401, r.statusCode(), "round " + round + ": " + r.body());
                    assertEquals("invalid_token", Http.body(r).path("error").asText(), r.body());
                    assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
                }
            }
            assertNotNull(winner, "round " + round + ": one update is applied");
            HttpResponse<String> read = raw("GET", "/oauth_register.do/" + clientId, null, null, "Authorization", "Bearer " + winner);
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(winnersName, Http.body(read).path("client_name").asText(), "what is stored is the applied update");
            HttpResponse<String> old = raw("GET", "/oauth_register.do/" + clientId, null, null, "Authorization", "Bearer " + current);
            assertEquals(401, old.statusCode(), "round " + round + ", the token before: " + old.body());
            token = winner;
        }
    }

    @Test
    @Order(8)
    void everyBadFieldIsAProtocolErrorAndNothingIsStored() {
        int before = registeredCount();
        String ok = "\"redirect_uris\":[\"" + REDIRECT + "\"]";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"redirect_uris\":[\"http://evil.example.com/cb\"]}", "invalid_redirect_uri");
        cases.put("{\"redirect_uris\":[\"https://app.example.com/cb#frag\"]}", "invalid_redirect_uri");
        cases.put("{\"redirect_uris\":[\"javascript:alert(1)\"]}", "invalid_redirect_uri");
        cases.put("{\"redirect_uris\":\"https://app.example.com/cb\"}", "invalid_redirect_uri");
        cases.put("{\"client_name\":\"no redirect\"}", "invalid_redirect_uri");
        cases.put("{" + ok + ",\"post_logout_redirect_uris\":[\"relative/path\"]}", "invalid_redirect_uri");
        cases.put("{" + ok + ",\"grant_types\":[\"password\"]}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"grant_types\":[\"implicit\"],\"response_types\":[\"token\"]}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"grant_types\":[\"urn:ietf:params:oauth:grant-type:jwt-bearer\"]}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"response_types\":[\"token\"]}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"grant_types\":[\"client_credentials\"],\"response_types\":[\"code\"]}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":\"none\",\"response_types\":[]}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"token_endpoint_auth_method\":\"client_secret_jwt\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"token_endpoint_auth_method\":\"private_key_jwt\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"jwks\":{\"keys\":[]},\"jwks_uri\":\"https://app.example.com/jwks\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"jwks\":{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"jwks\":\"not a set\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"jwks_uri\":\"http://app.example.com/jwks\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"logo_uri\":\"javascript:alert(1)\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"client_uri\":\"ftp://app.example.com/\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"tos_uri\":\"not a url\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"contacts\":\"ops@example.com\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"scope\":\"useraccount admin\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"scope\":\"incident_write\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"client_name\":\"" + "x".repeat(201) + "\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"client_name\":42}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"id_token_signed_response_alg\":\"none\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"require_pushed_authorization_requests\":\"yes\"}", "invalid_client_metadata");
        cases.put("{" + ok + ",\"software_statement\":\"eyJhbGciOiJub25lIn0.e30.\"}", "invalid_software_statement");
        cases.put("[1,2]", "invalid_client_metadata");
        cases.put("{not json", "invalid_client_metadata");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = raw("POST", "/oauth_register.do", "application/json", c.getKey());
            assertEquals(400, r.statusCode(), c.getKey() + " → " + r.body());
            assertEquals(c.getValue(), Http.body(r).path("error").asText(), c.getKey() + " → " + r.body());
            assertTrue(Http.body(r).path("error_description").isTextual(), r.body());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        }
        HttpResponse<String> form = raw("POST", "/oauth_register.do", "application/x-www-form-urlencoded", "redirect_uris=" + REDIRECT);
        assertEquals(400, form.statusCode());
        assertEquals("invalid_client_metadata", Http.body(form).path("error").asText());
        assertEquals(405, raw("PUT", "/oauth_register.do", "application/json", "{}").statusCode());
        assertEquals(before, registeredCount(), "nothing stored for a refused request");
    }

    @Test
    @Order(9)
    void aRegisteredClientNeverGetsAdminOnlyPowers() {
        // registry fields that are not RFC 7591 metadata are ignored, not applied
        HttpResponse<String> r = raw("POST", "/oauth_register.do", "application/json",
                "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"first_party\":true,\"client_credentials_user\":\"admin\",\"grant_types\":[\"authorization_code\"],"
                        + "\"api_access_policies\":[\"table/sys_user\"],\"active\":false}");
        assertEquals(201, r.statusCode(), r.body());
        String clientId = Http.body(r).path("client_id").asText();
        JsonNode rec = Http.body(api.get("/api/now/table/oauth_entity?sysparm_query=client_id%3D" + clientId, "Authorization", Http.adminBasic()))
                .path("result").get(0);
        assertEquals("false", rec.path("first_party").asText());
        assertEquals("", rec.path("client_credentials_user").asText(""));
        assertEquals("true", rec.path("active").asText());
        assertEquals("useraccount incident_read", Http.body(r).path("scope").asText(), "the allowed scopes by default");
        // registered_dynamically cannot be written through the Table API
        HttpResponse<String> write = api.json("PATCH", "/api/now/table/oauth_entity/" + rec.path("sys_id").asText(),
                Map.of("registered_dynamically", false), "Authorization", Http.adminBasic());
        assertEquals(400, write.statusCode(), write.body());
    }

    /** RFC 9126 §6: a client registered with require_pushed_authorization_requests may start requests only through PAR. */
    @Test
    @Order(10)
    void aClientRegisteredToRequireParMustPushItsRequests() {
        HttpResponse<String> r = raw("POST", "/oauth_register.do", "application/json",
                "{\"redirect_uris\":[\"" + REDIRECT + "\"],\"require_pushed_authorization_requests\":true}");
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(Http.body(r).path("require_pushed_authorization_requests").asBoolean(false), r.body());
        String clientId = Http.body(r).path("client_id").asText();
        HttpResponse<String> plain = Http.browser(server).get("/oauth_auth.do?response_type=code&client_id=" + clientId + "&redirect_uri="
                + Http.enc(REDIRECT) + "&state=s1");
        assertEquals(302, plain.statusCode(), plain.body());
        assertEquals("invalid_request", AuthorizationFlow.query(plain.headers().firstValue("Location").orElseThrow()).get("error"));
        HttpResponse<String> pushed = api.postForm("/oauth_par.do", Http.map("response_type", "code", "redirect_uri", REDIRECT, "state", "s1"),
                "Authorization", Http.basic(clientId, Http.body(r).path("client_secret").asText()));
        assertEquals(201, pushed.statusCode(), pushed.body());
        HttpResponse<String> other = raw("POST", "/oauth_register.do", "application/json", "{\"redirect_uris\":[\"" + REDIRECT + "\"]}");
        assertEquals(false, Http.body(other).path("require_pushed_authorization_requests").asBoolean(true), "false unless asked for: " + other.body());
    }

    @Test
    @Order(100)
    void openRegistrationIsThrottledPerAddress() {
        int status = 0;
        int made = 0;
        for (int i = 0; i <= PER_ADDRESS && status != 429; i++) {
            HttpResponse<String> r = raw("POST", "/oauth_register.do", "application/json", "{\"redirect_uris\":[\"" + REDIRECT + "\"]}");
            status = r.statusCode();
            if (status == 201) made++;
            else {
                assertEquals(429, status, r.body());
                assertTrue(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow()) > 0);
                assertEquals("temporarily_unavailable", Http.body(r).path("error").asText());
            }
        }
        assertEquals(429, status, "throttled within " + PER_ADDRESS + " registrations from one address");
        assertTrue(made < PER_ADDRESS);
        int count = registeredCount();
        assertEquals(429, raw("POST", "/oauth_register.do", "application/json", "{\"redirect_uris\":[\"" + REDIRECT + "\"]}").statusCode());
        assertEquals(count, registeredCount(), "a throttled request stores nothing");
    }

    record TestUser(String name, String password) { }

    static TestUser user() {
        String name = "dcr-person-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        assertEquals(201, api.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "user_password", password, "roles", "itil"),
                "Authorization", Http.adminBasic()).statusCode());
        return new TestUser(name, password);
    }
}
