package gatehouse.idtoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.Keycloak;
import gatehouse.testing.OpenIdProvider;
import gatehouse.testing.SeenSecrets;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, token exchange (RFC 8693) with the ID tokens of an external OpenID Provider as {@code subject_token}: a
 * real Keycloak 26 ({@link Keycloak#shared()}, realm {@value #REALM} of its own) issues the ID tokens, nimbus
 * oauth2-oidc-sdk's {@code TokenExchangeGrant} sends them, and only the OIDC providers an application lists in
 * {@code token_exchange_oidc_providers} are accepted. Every refusal is RFC 6749 JSON ({@code invalid_request} for a
 * refused subject, as RFC 8693 §2.2.2 says), names no Java class, and stores nothing.
 */
class IdTokenExchangeIT {
    static final String REALM = "gatehouse-exchange";
    static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS = "urn:ietf:params:oauth:token-type:access_token";
    static final String admin = Http.adminBasic();
    static final String password = "kc-user-" + UUID.randomUUID();
    static Keycloak keycloak;
    static ServerProcess server;
    static Http http;
    static String aliceSysId;
    static String listedProvider;
    static String jtiProvider;
    static App exchanger;
    static App listsNone;

    record App(String sysId, String clientId, String secret) {
        String basic() { return Http.basic(clientId, secret); }
    }

    @BeforeAll
    static void start() throws Exception {
        if (!Keycloak.javaAvailable()) return;
        CompletableFuture<Keycloak> kc = CompletableFuture.supplyAsync(Keycloak::shared);
        try {
            // Keycloak's issuer is http://127.0.0.1:PORT/realms/...: the setting allows http on loopback (tests only)
            server = TestServer.start("idexchange", Map.of("gatehouse.idtoken.allow.http.loopback", "true"));
        } finally {
            keycloak = kc.get();
        }
        http = Http.to(server);
        keycloak.createRealm(Keycloak.realm(REALM, List.of("gh-listed", "gh-jti", "gh-unlisted", "gh-inactive"),
                List.of("alice.exchange", "bob.inactive", "dave.unknown"), "Exchange", password));
        aliceSysId = user("alice.exchange", true);
        user("bob.inactive", false);
        String metadata = keycloak.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration";
        listedProvider = provider("gh-listed", metadata, false, List.of("useraccount", "incident_read"));
        jtiProvider = provider("gh-jti", metadata, true, List.of("useraccount"));
        provider("gh-unlisted", metadata, false, List.of("useraccount"));
        exchanger = app(List.of(listedProvider, jtiProvider));
        listsNone = app(List.of());
    }

    @BeforeEach
    void needsKeycloak() {
        Assumptions.assumeTrue(Keycloak.javaAvailable(), "Keycloak 26 needs Java 21+, expected at " + Keycloak.JAVA_HOME + " (absent here)");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void anIdTokenOfAListedProviderIsExchangedForAnAccessTokenOfItsUser() throws Exception {
        String idToken = kcToken("gh-listed", "alice.exchange");
        JsonNode body = ok(exchange(exchanger, idToken(idToken), new Scope("incident_read")));
        assertEquals("Bearer", body.path("token_type").asText(), body.toString());
        assertEquals("incident_read", body.path("scope").asText(), "narrowed to the scope asked for");
        String token = body.path("access_token").asText();
        JsonNode claims = payload(token);
        assertEquals(aliceSysId, claims.path("sub").asText(), claims.toString());
        assertEquals(exchanger.clientId(), claims.path("client_id").asText(), claims.toString());
        assertFalse(claims.has("act"), "impersonation: no actor");
        JsonNode introspected = Http.body(http.postForm("/oauth_introspect.do", Http.map("token", token), "Authorization", admin));
        assertTrue(introspected.path("active").asBoolean(), introspected.toString());
        assertEquals("alice.exchange", introspected.path("username").asText(), introspected.toString());
        HttpResponse<String> incidents = http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + token);
        assertEquals(200, incidents.statusCode(), "the token reads incidents as alice: " + incidents.body());

        JsonNode wide = ok(exchange(exchanger, idToken(kcToken("gh-listed", "alice.exchange")), null));
        assertEquals(List.of("incident_read", "useraccount"), List.of(wide.path("scope").asText().split(" ")).stream().sorted().toList(),
                "without scope: the provider's scopes that the application has");
    }

    @Test
    void withAnActorTokenTheTokenCarriesTheActor() throws Exception {
        String actor = Http.body(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"), "Authorization",
                exchanger.basic())).path("access_token").asText();
        TokenExchangeGrant grant = new TokenExchangeGrant(new TypelessAccessToken(kcToken("gh-listed", "alice.exchange")),
                TokenTypeURI.ID_TOKEN, new TypelessAccessToken(actor), TokenTypeURI.ACCESS_TOKEN, null, null);
        JsonNode claims = payload(ok(exchange(exchanger, grant, null)).path("access_token").asText());
        assertEquals(aliceSysId, claims.path("sub").asText());
        assertEquals(exchanger.clientId(), claims.path("act").path("client_id").asText(), claims.toString());
    }

    @Test
    void everyIdTokenTheApplicationMayNotExchangeIsRefusedInTheProtocolsWordsAndStoresNothing() throws Exception {
        Http console = Http.browser(server);
        AuthorizationFlow.login(console, "admin", TestServer.ADMIN_PASSWORD);
        int before = liveGrants(console, exchanger);

        String alice = kcToken("gh-listed", "alice.exchange");
        refused(exchanger, idToken(kcToken("gh-unlisted", "alice.exchange")), "no active OIDC provider that the application accepts");
        refused(listsNone, idToken(alice), "lists no OIDC provider");
        String[] parts = alice.split("\\.");
        String flipped = parts[2].charAt(0) == 'A' ? "B" + parts[2].substring(1) : "A" + parts[2].substring(1);
        refused(exchanger, idToken(parts[0] + "." + parts[1] + "." + flipped), "signature");
        refused(exchanger, idToken(OpenIdProvider.b64("{\"alg\":\"none\"}") + "." + parts[1] + "."), "");
        refused(exchanger, idToken(parts[0] + "." + parts[1]), "not a signed JWT");
        refused(exchanger, idToken("x".repeat(20_000)), "longer than");
        refused(exchanger, idToken(kcToken("gh-listed", "dave.unknown")), "no user");
        refused(exchanger, idToken(kcToken("gh-listed", "bob.inactive")), "inactive");
        refused(exchanger, idToken(kcAccessToken("gh-listed", "alice.exchange")), "");
        assertEquals("invalid_request", error(exchange(exchanger, new TokenExchangeGrant(new TypelessAccessToken(alice),
                TokenTypeURI.ACCESS_TOKEN), null)), "an ID token is not an access token of this server");
        assertEquals("invalid_scope", error(exchange(exchanger, idToken(alice), new Scope("incident_write"))), "wider than the provider's scopes");
        TokenExchangeGrant badActor = new TokenExchangeGrant(new TypelessAccessToken(kcToken("gh-jti", "alice.exchange")),
                TokenTypeURI.ID_TOKEN, new TypelessAccessToken("not-a-token"), TokenTypeURI.ACCESS_TOKEN, null, null);
        assertEquals("invalid_request", error(exchange(exchanger, badActor, null)), "a bad actor token");
        assertEquals(before, liveGrants(console, exchanger), "nothing was stored for the refused requests");

        String once = kcToken("gh-jti", "alice.exchange");
        ok(exchange(exchanger, idToken(once), null));
        refused(exchanger, idToken(once), "already used");
        assertEquals(before + 1, liveGrants(console, exchanger), "one grant for the one exchange");

        HttpResponse<String> unknown = http.json("PATCH", "/api/now/table/oauth_entity/" + exchanger.sysId(),
                Map.of("token_exchange_oidc_providers", List.of(exchanger.sysId())), "Authorization", admin);
        assertEquals(400, unknown.statusCode(), "an application is not an OIDC provider: " + unknown.body());
        assertTrue(unknown.body().contains("is not the sys_id of an OIDC provider"), unknown.body());
    }

    @Test
    void anInactiveProvidersIdTokensAreRefused() throws Exception {
        String metadata = keycloak.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration";
        String inactive = provider("gh-inactive", metadata, false, List.of("useraccount"));
        App app = app(List.of(inactive));
        String idToken = kcToken("gh-inactive", "alice.exchange");
        ok(exchange(app, idToken(idToken), null));
        HttpResponse<String> off = http.json("PATCH", "/api/now/table/oauth_entity/" + inactive, Map.of("active", false), "Authorization", admin);
        assertEquals(200, off.statusCode(), off.body());
        refused(app, idToken(kcToken("gh-inactive", "alice.exchange")), "no active OIDC provider");
    }

    // ---- helpers ----

    static TokenExchangeGrant idToken(String token) {
        return new TokenExchangeGrant(new TypelessAccessToken(token), TokenTypeURI.ID_TOKEN);
    }

    static HTTPResponse exchange(App app, TokenExchangeGrant grant, Scope scope) throws Exception {
        TokenRequest.Builder b = new TokenRequest.Builder(URI.create(server.baseUrl() + "/oauth_token.do"),
                new ClientSecretBasic(new ClientID(app.clientId()), new Secret(app.secret())), grant);
        if (scope != null) b.scope(scope);
        HTTPRequest request = b.build().toHTTPRequest();
        SeenSecrets.fromForm(request.getBody(), "a nimbus request");
        HTTPResponse response = request.send();
        SeenSecrets.fromJson(response.getBody(), "a nimbus response");
        return response;
    }

    static JsonNode ok(HTTPResponse r) throws Exception {
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode body = Http.JSON.readTree(r.getBody());
        assertEquals(ACCESS, body.path("issued_token_type").asText(), r.getBody());
        assertFalse(body.has("refresh_token"), "token exchange issues no refresh token");
        return body;
    }

    static String error(HTTPResponse r) throws Exception {
        assertEquals(400, r.getStatusCode(), r.getBody());
        assertTrue(r.getHeaderValue("Content-Type").startsWith("application/json"), r.getHeaderValue("Content-Type"));
        JsonNode body = Http.JSON.readTree(r.getBody());
        String description = body.path("error_description").asText();
        assertFalse(description.matches("(?s).*(Exception|jsonwebtoken|gatehouse\\.|java\\.).*"), "no Java in the description: " + description);
        return body.path("error").asText();
    }

    static void refused(App app, TokenExchangeGrant grant, String why) throws Exception {
        HTTPResponse r = exchange(app, grant, null);
        assertEquals("invalid_request", error(r), r.getBody());
        String description = Http.JSON.readTree(r.getBody()).path("error_description").asText();
        assertTrue(description.contains(why), "'" + why + "' in " + description);
    }

    static int liveGrants(Http console, App app) {
        String page = console.get("/admin/tokens?client_id=" + app.clientId()).body();
        Matcher m = Pattern.compile("(\\d+) in all").matcher(page);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static JsonNode payload(String jwt) throws Exception {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static String user(String name, boolean active) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "roles", "itil",
                "email", name + "@example.test", "active", active), "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result").path("sys_id").asText();
    }

    static String provider(String clientId, String metadataUrl, boolean jti, List<String> scopes) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "oidc_provider");
        f.put("name", "Keycloak " + clientId + " " + UUID.randomUUID().toString().substring(0, 6));
        f.put("client_id", clientId);
        f.put("oidc_metadata_url", metadataUrl);
        f.put("user_claim", "preferred_username");
        f.put("user_field", "user_name");
        f.put("enable_jti_verification", jti);
        f.put("auth_scopes", scopes);
        f.put("active", true);
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", f, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result").path("sys_id").asText();
    }

    /** A confidential application with client_credentials and token exchange, listing these OIDC providers. */
    static App app(List<String> providers) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", "Exchanger " + UUID.randomUUID());
        f.put("provider_name", "Tests");
        f.put("client_id", "xid-" + UUID.randomUUID().toString().substring(0, 13));
        f.put("grant_types", List.of("client_credentials", EXCHANGE));
        f.put("auth_scopes", List.of("useraccount", "incident_read", "incident_write"));
        f.put("client_credentials_user", "admin");
        f.put("token_format", "jwt");
        f.put("token_exchange_oidc_providers", providers);
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", f, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode a = Http.body(r).path("result");
        assertEquals(providers.size(), a.path("token_exchange_oidc_providers").size(), a.toString());
        return new App(a.path("sys_id").asText(), a.path("client_id").asText(), a.path("client_secret").asText());
    }

    static String kcToken(String clientId, String user) throws Exception {
        return kcDirect(clientId, user).path("id_token").asText();
    }

    static String kcAccessToken(String clientId, String user) throws Exception {
        return kcDirect(clientId, user).path("access_token").asText();
    }

    /** Keycloak's direct grant (scope openid) for a public client of the realm. */
    static JsonNode kcDirect(String clientId, String user) throws Exception {
        return keycloak.directGrant(REALM, clientId, user, password);
    }
}
