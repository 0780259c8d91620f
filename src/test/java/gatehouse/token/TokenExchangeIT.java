package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token exchange (RFC 8693) with nimbus oauth2-oidc-sdk's {@code TokenExchangeGrant}: impersonation and delegation
 * ({@code act}), audience and resource, narrower scopes, a subject token of another client, DPoP-bound subject tokens,
 * and every refusal as RFC 6749 JSON with nothing stored.
 */
class TokenExchangeIT {
    private static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private static final String ACCESS = "urn:ietf:params:oauth:token-type:access_token";
    private static final String BACK_API = "https://back.example/api";
    private static final ServerProcess server = TestServer.shared();
    private static final Http http = Http.to(server);
    private static String adminSysId;
    private static String serviceUser;
    private static Apps.App front;
    private static Apps.App back;

    @BeforeAll
    static void apps() {
        serviceUser = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> u = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", serviceUser, "roles", List.of("itil")),
                "Authorization", Http.adminBasic());
        assertEquals(201, u.statusCode(), u.body());
        front = Apps.create(http, "token_format", "jwt", "client_credentials_user", serviceUser, "resources", BACK_API,
                "grant_types", "password,refresh_token,client_credentials," + EXCHANGE);
        back = Apps.create(http, "resources", BACK_API + "\nhttps://downstream.example/", "grant_types", "client_credentials," + EXCHANGE);
        adminSysId = introspect(password(front, "useraccount incident_read")).path("sub").asText();
    }

    private static URI tokenEndpoint() { return URI.create(server.baseUrl() + "/oauth_token.do"); }

    private static String password(Apps.App app, String scope) {
        HttpResponse<String> r = http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", "admin",
                "password", TestServer.ADMIN_PASSWORD, "scope", scope), "Authorization", app.basic());
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("access_token").asText();
    }

    private static JsonNode introspect(String token) {
        return Http.body(http.postForm("/oauth_introspect.do", Http.map("token", token), "Authorization", Http.adminBasic()));
    }

    private static JsonNode payload(String jwt) throws Exception {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** A token exchange request made by nimbus; its JSON answer. */
    private static HTTPResponse exchange(Apps.App app, TokenExchangeGrant grant, Scope scope, List<URI> resources, String dpop) throws Exception {
        TokenRequest.Builder b = new TokenRequest.Builder(tokenEndpoint(), new ClientSecretBasic(new ClientID(app.clientId()), new Secret(app.secret())), grant);
        if (scope != null) b.scope(scope);
        if (resources != null) b.resources(resources.toArray(new URI[0]));
        HTTPRequest request = b.build().toHTTPRequest();
        if (dpop != null) request.setHeader("DPoP", dpop);
        SeenSecrets.fromForm(request.getBody(), "a nimbus request");      // for the log scan
        HTTPResponse response = request.send();
        SeenSecrets.fromJson(response.getBody(), "a nimbus response");
        return response;
    }

    private static HTTPResponse exchange(Apps.App app, TokenExchangeGrant grant) throws Exception {
        return exchange(app, grant, null, null, null);
    }

    private static TokenExchangeGrant subject(String token) {
        return new TokenExchangeGrant(new TypelessAccessToken(token), TokenTypeURI.ACCESS_TOKEN);
    }

    private static JsonNode ok(HTTPResponse r) throws Exception {
        assertEquals(200, r.getStatusCode(), r.getBody());
        JsonNode body = Http.JSON.readTree(r.getBody());
        assertEquals(ACCESS, body.path("issued_token_type").asText(), r.getBody());
        assertFalse(body.has("refresh_token"), "token exchange issues no refresh token");
        return body;
    }

    private static String error(HTTPResponse r) throws Exception {
        assertEquals(400, r.getStatusCode(), r.getBody());
        assertTrue(r.getHeaderValue("Content-Type").startsWith("application/json"), r.getHeaderValue("Content-Type"));
        return Http.JSON.readTree(r.getBody()).path("error").asText();
    }

    /** A raw form POST, for requests a library will not build (missing or odd parameters). */
    private static String rawError(Apps.App app, Map<String, String> form) {
        HttpResponse<String> r = http.postForm("/oauth_token.do", form, "Authorization", app.basic());
        assertEquals(400, r.statusCode(), r.body());
        return Http.body(r).path("error").asText();
    }

    private static Map<String, String> form(String... kv) {
        Map<String, String> m = new LinkedHashMap<>(Http.map("grant_type", EXCHANGE));
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void impersonationGivesTheRequestingClientATokenForTheSubjectsUserWithANarrowerScope() throws Exception {
        String subject = password(front, "useraccount incident_read");
        JsonNode body = ok(exchange(front, subject(subject), new Scope("useraccount"), null, null));
        assertEquals("Bearer", body.path("token_type").asText());
        assertEquals("useraccount", body.path("scope").asText());
        String issued = body.path("access_token").asText();
        JsonNode claims = payload(issued);
        assertEquals(adminSysId, claims.path("sub").asText());
        assertEquals(front.clientId(), claims.path("client_id").asText());
        assertFalse(claims.has("act"), "impersonation: no actor");
        assertTrue(body.path("expires_in").asLong() <= 1800);
        assertEquals(200, Apps.api(http, issued), "no resource: a token for Gatehouse's API");
        assertEquals(true, introspect(issued).path("active").asBoolean());

        assertEquals("invalid_scope", error(exchange(front, subject(subject), new Scope("incident_write"), null, null)),
                "wider than the subject token");
        HTTPResponse asJwt = exchange(front, new TokenExchangeGrant(new TypelessAccessToken(subject), TokenTypeURI.JWT,
                null, null, TokenTypeURI.JWT, null));
        assertEquals(200, asJwt.getStatusCode(), asJwt.getBody());
        assertEquals("urn:ietf:params:oauth:token-type:jwt", Http.JSON.readTree(asJwt.getBody()).path("issued_token_type").asText());
    }

    @Test
    void delegationCarriesTheActorInActAndNestsAnEarlierOne() throws Exception {
        String subject = password(front, "useraccount");
        String actor = Http.body(Apps.clientCredentials(http, front, "scope", "useraccount")).path("access_token").asText();
        String actorSub = introspect(actor).path("sub").asText();
        TokenExchangeGrant delegation = new TokenExchangeGrant(new TypelessAccessToken(subject), TokenTypeURI.ACCESS_TOKEN,
                new TypelessAccessToken(actor), TokenTypeURI.ACCESS_TOKEN, null, null);
        String issued = ok(exchange(front, delegation)).path("access_token").asText();
        JsonNode claims = payload(issued);
        assertEquals(adminSysId, claims.path("sub").asText());
        assertEquals(actorSub, claims.path("act").path("sub").asText(), claims.toString());
        assertEquals(front.clientId(), claims.path("act").path("client_id").asText());
        assertEquals(actorSub, introspect(issued).path("act").path("sub").asText(), "introspection shows act");

        TokenExchangeGrant again = new TokenExchangeGrant(new TypelessAccessToken(issued), TokenTypeURI.ACCESS_TOKEN,
                new TypelessAccessToken(actor), TokenTypeURI.ACCESS_TOKEN, null, null);
        JsonNode nested = payload(ok(exchange(front, again)).path("access_token").asText());
        assertEquals(actorSub, nested.path("act").path("act").path("sub").asText(), "the earlier actor is nested (RFC 8693 §4.1)");

        String backToken = Http.body(Apps.clientCredentials(http, back, "scope", "useraccount")).path("access_token").asText();
        TokenExchangeGrant foreignActor = new TokenExchangeGrant(new TypelessAccessToken(subject), TokenTypeURI.ACCESS_TOKEN,
                new TypelessAccessToken(backToken), TokenTypeURI.ACCESS_TOKEN, null, null);
        assertEquals("invalid_request", error(exchange(front, foreignActor)), "an actor token of another client");
        assertEquals("invalid_request", rawError(front, form("subject_token", subject, "subject_token_type", ACCESS, "actor_token", actor)),
                "actor_token without actor_token_type");
    }

    @Test
    void aTokenForAnotherClientIsExchangedOnlyWhenItsAudienceNamesThatClientOrItsResource() throws Exception {
        String subject = password(front, "useraccount incident_read");
        assertEquals("invalid_request", error(exchange(back, subject(subject))), "issued to front, not meant for back");

        JsonNode forBack = ok(exchange(front, new TokenExchangeGrant(new TypelessAccessToken(subject), TokenTypeURI.ACCESS_TOKEN,
                null, null, null, List.of(new Audience(back.clientId())))));
        String forBackToken = forBack.path("access_token").asText();
        assertEquals(back.clientId(), payload(forBackToken).path("aud").asText());
        assertEquals(401, Apps.api(http, forBackToken), "a token for another audience is not for Gatehouse's API");
        JsonNode atBack = ok(exchange(back, subject(forBackToken)));
        JsonNode introspected = introspect(atBack.path("access_token").asText());
        assertEquals(adminSysId, introspected.path("sub").asText());
        assertEquals(back.clientId(), introspected.path("client_id").asText());

        String forResource = ok(exchange(front, subject(subject), null, List.of(URI.create(BACK_API)), null)).path("access_token").asText();
        assertEquals(BACK_API, payload(forResource).path("aud").asText());
        JsonNode downstream = ok(exchange(back, subject(forResource), null, List.of(URI.create("https://downstream.example/")), null));
        assertEquals("https://downstream.example/", introspect(downstream.path("access_token").asText()).path("aud").asText());

        assertEquals("invalid_target", error(exchange(front, subject(subject), null, List.of(URI.create("https://elsewhere.example/")), null)));
        assertEquals("invalid_target", rawError(front, form("subject_token", subject, "subject_token_type", ACCESS, "audience", "no-such-client")));
        assertEquals("invalid_target", rawError(front, form("subject_token", subject, "subject_token_type", ACCESS,
                "resource", BACK_API + "#fragment")));
    }

    @Test
    void aDpopBoundSubjectTokenNeedsAProofOfItsKey() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        HttpResponse<String> bound = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials", "scope", "useraccount"),
                "Authorization", front.basic(), "DPoP", proofs.createDPoPJWT("POST", tokenEndpoint()).serialize());
        assertEquals("DPoP", Http.body(bound).path("token_type").asText(), bound.body());
        String subject = Http.body(bound).path("access_token").asText();

        assertEquals("invalid_request", error(exchange(front, subject(subject))), "no proof");
        ECKey other = new ECKeyGenerator(Curve.P_256).generate();
        assertEquals("invalid_request", error(exchange(front, subject(subject), null, null,
                new DefaultDPoPProofFactory(other, JWSAlgorithm.ES256).createDPoPJWT("POST", tokenEndpoint()).serialize())), "another key");
        JsonNode ok = ok(exchange(front, subject(subject), null, null, proofs.createDPoPJWT("POST", tokenEndpoint()).serialize()));
        assertEquals("DPoP", ok.path("token_type").asText(), "the new token is bound to the proof's key");
        assertEquals(key.computeThumbprint().toString(), payload(ok.path("access_token").asText()).path("cnf").path("jkt").asText());
    }

    private static int liveGrants(Http admin, Apps.App app) {
        String page = admin.get("/admin/tokens?client_id=" + app.clientId()).body();
        Matcher m = Pattern.compile("(\\d+) in all").matcher(page);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void everyBadSubjectOrRequestIsRefusedInTheProtocolsWordsAndStoresNothing() throws Exception {
        Apps.App exchanger = Apps.create(http, "grant_types", EXCHANGE, "resources", BACK_API);
        String subject = password(front, "useraccount");
        String forExchanger = ok(exchange(front, subject(subject), null, List.of(URI.create(BACK_API)), null)).path("access_token").asText();
        ok(exchange(exchanger, subject(forExchanger)));
        Http admin = Http.browser(server);
        AuthorizationFlow.login(admin, "admin", TestServer.ADMIN_PASSWORD);
        int before = liveGrants(admin, exchanger);
        assertEquals(1, before, "one exchange, one grant");

        assertEquals("invalid_request", error(exchange(exchanger, subject("not-a-token"))));
        assertEquals("invalid_request", error(exchange(exchanger, subject(subject))), "front's own token, not meant for the exchanger");
        String opaque = Http.body(Apps.clientCredentials(http, back, "scope", "useraccount")).path("access_token").asText();
        assertEquals("invalid_request", error(exchange(exchanger, new TokenExchangeGrant(new TypelessAccessToken(opaque),
                TokenTypeURI.JWT))), "an opaque token is not a jwt");
        assertEquals("invalid_request", error(exchange(exchanger, new TokenExchangeGrant(new TypelessAccessToken(forExchanger),
                TokenTypeURI.ID_TOKEN))), "an id_token subject needs an OIDC provider the application lists");
        assertEquals("invalid_request", error(exchange(exchanger, new TokenExchangeGrant(new TypelessAccessToken(forExchanger),
                TokenTypeURI.ACCESS_TOKEN, null, null, TokenTypeURI.REFRESH_TOKEN, null))), "no refresh tokens");
        assertEquals("invalid_request", rawError(exchanger, form("subject_token_type", ACCESS)), "subject_token missing");
        assertEquals("invalid_request", rawError(exchanger, form("subject_token", forExchanger)), "subject_token_type missing");
        assertEquals("invalid_scope", error(exchange(exchanger, subject(forExchanger), new Scope("incident_read"), null, null)));
        assertEquals("invalid_target", error(exchange(exchanger, subject(forExchanger), null, List.of(URI.create("https://x.example/")), null)));

        HttpResponse<String> revoked = http.postForm("/oauth_revoke_token.do", Http.map("token", forExchanger), "Authorization", front.basic());
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("invalid_request", error(exchange(exchanger, subject(forExchanger))), "a revoked subject token");
        assertEquals(before, liveGrants(admin, exchanger), "nothing was stored for the refused requests");

        Apps.App notListed = Apps.create(http, "grant_types", "client_credentials", "resources", BACK_API);
        assertEquals("unauthorized_client", error(exchange(notListed, subject(subject))), "off unless the application lists it");
        HttpResponse<String> publicApp = http.json("POST", "/api/now/table/oauth_entity", Map.of("name", "public exchanger",
                "provider_name", "Tests", "public_client", true, "grant_types", List.of(EXCHANGE)), "Authorization", Http.adminBasic());
        assertEquals(400, publicApp.statusCode(), "token exchange needs a confidential client: " + publicApp.body());
        HttpResponse<String> bearerAsSubject = http.postForm("/oauth_token.do", form("subject_token", new BearerAccessToken().getValue(),
                "subject_token_type", ACCESS), "Authorization", Http.basic(exchanger.clientId(), "wrong-secret-wrong-secret"));
        assertEquals(401, bearerAsSubject.statusCode(), "the client authenticates first");
    }

    @Test
    void revokingTheSubjectTokensGrantEndsEveryTokenExchangedFromIt() throws Exception {
        HttpResponse<String> r = http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", "admin",
                "password", TestServer.ADMIN_PASSWORD, "scope", "useraccount"), "Authorization", front.basic());
        String subject = Http.body(r).path("access_token").asText();
        String refresh = Http.body(r).path("refresh_token").asText();
        String exchanged = ok(exchange(front, subject(subject))).path("access_token").asText();
        String forBack = ok(exchange(front, new TokenExchangeGrant(new TypelessAccessToken(subject), TokenTypeURI.ACCESS_TOKEN,
                null, null, null, List.of(new Audience(back.clientId()))))).path("access_token").asText();
        String atBack = ok(exchange(back, subject(forBack))).path("access_token").asText();
        assertEquals(200, Apps.api(http, exchanged));
        assertEquals(200, Apps.api(http, atBack), "two exchanges down");

        HttpResponse<String> revoked = http.postForm("/oauth_revoke_token.do", Http.map("token", refresh), "Authorization", front.basic());
        assertEquals(200, revoked.statusCode(), revoked.body());     // RFC 7009: revoking the refresh token revokes its grant
        assertEquals(401, Apps.api(http, subject));
        assertEquals(401, Apps.api(http, exchanged), "an exchanged token dies with the subject token's grant");
        assertEquals(401, Apps.api(http, atBack), "and so does one exchanged from that one");
        assertFalse(introspect(atBack).path("active").asBoolean());
        assertEquals("invalid_request", error(exchange(back, subject(forBack))), "nor can it be exchanged again");
    }

    @Test
    void aChainOfExchangesEndsAfterEightSteps() throws Exception {
        String token = password(front, "useraccount");
        for (int step = 1; step <= IssuedTokens.MAX_EXCHANGE_DEPTH; step++) {
            token = ok(exchange(front, subject(token))).path("access_token").asText();
            assertEquals(true, introspect(token).path("active").asBoolean(), "exchanged " + step + " times");
        }
        assertEquals(200, Apps.api(http, token), "the eighth exchange's token works");
        HTTPResponse ninth = exchange(front, subject(token));
        assertEquals("invalid_request", error(ninth));
        assertTrue(ninth.getBody().contains("exchanged too many times"), ninth.getBody());
    }

    @Test
    void metadataListsTokenExchange() {
        JsonNode m = Http.body(http.get("/.well-known/oauth-authorization-server"));
        assertTrue(m.path("grant_types_supported").toString().contains(EXCHANGE), m.toString());
    }
}
