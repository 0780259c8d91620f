package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.PushedAuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.Prompt;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.NimbusHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import gatehouse.token.Apps;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Pushed authorization requests (RFC 9126), pushed with nimbus oauth2-oidc-sdk's {@link PushedAuthorizationRequest} and
 * followed by a browser through /oauth_auth.do, the log-in and the consent page; every refusal of the push, of the
 * request_uri and of a request that should have been pushed.
 */
class ParIT {
    static final String CB = "https://client.example.com/cb";
    private final ServerProcess server = TestServer.shared();
    private final Http http = Http.to(server);
    /** A server of its own with PAR required everywhere and request_uris that live one second. */
    private static ServerProcess strict;

    @AfterAll
    static void stop() {
        if (strict != null) strict.close();
    }

    private static synchronized ServerProcess strict() {
        if (strict == null) strict = TestServer.start("par-strict", Map.of("gatehouse.par.required", "true", "gatehouse.par.lifespan", "1"));
        return strict;
    }

    private static URI par(ServerProcess s) { return URI.create(s.baseUrl() + "/oauth_par.do"); }

    private static URI token(ServerProcess s) { return URI.create(s.baseUrl() + "/oauth_token.do"); }

    private static ClientSecretBasic basic(Apps.App app) {
        return new ClientSecretBasic(new ClientID(app.clientId()), new Secret(app.secret()));
    }

    private static AuthorizationRequest.Builder request(Apps.App app, String scope) {
        return new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(app.clientId())).redirectionURI(URI.create(CB))
                .scope(new Scope(scope.split(" "))).state(new State());
    }

    private static PushedAuthorizationResponse push(ServerProcess s, ClientAuthentication auth, AuthorizationRequest r) throws Exception {
        PushedAuthorizationRequest push = auth == null ? new PushedAuthorizationRequest(par(s), r) : new PushedAuthorizationRequest(par(s), auth, r);
        return PushedAuthorizationResponse.parse(NimbusHttp.send(push.toHTTPRequest()));
    }

    private static PushedAuthorizationSuccessResponse pushed(ServerProcess s, ClientAuthentication auth, AuthorizationRequest r) throws Exception {
        PushedAuthorizationResponse res = push(s, auth, r);
        assertTrue(res.indicatesSuccess(), () -> res.toErrorResponse().getErrorObject().toString());
        return res.toSuccessResponse();
    }

    private static ErrorObject refused(ServerProcess s, ClientAuthentication auth, AuthorizationRequest r) throws Exception {
        PushedAuthorizationResponse res = push(s, auth, r);
        return assertInstanceOf(PushedAuthorizationErrorResponse.class, res).getErrorObject();
    }

    /** The address the client sends the browser to: client_id and request_uri only (RFC 9126 §4). */
    private static String authorizeUrl(String clientId, URI requestUri) {
        return "/oauth_auth.do?client_id=" + Http.enc(clientId) + "&request_uri=" + Http.enc(requestUri.toString());
    }

    private static Map<String, String> query(String location) {
        return AuthorizationFlow.query(location);
    }

    private static void assertRequestUriPage(HttpResponse<String> page, String why) {
        assertEquals(400, page.statusCode(), why + ": " + page.body());
        assertTrue(page.headers().firstValue("Location").isEmpty(), why + ": never a redirect");
        assertTrue(page.body().contains("invalid_request_uri"), why + ": " + page.body());
    }

    @Test
    void theMetadataNamesTheEndpointAndWhetherEveryRequestMustBePushed() {
        for (String doc : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            JsonNode m = Http.body(http.get(doc));
            assertEquals(server.baseUrl() + "/oauth_par.do", m.path("pushed_authorization_request_endpoint").asText(), doc);
            assertFalse(m.path("require_pushed_authorization_requests").asBoolean(true), doc);
            assertTrue(m.path("require_pushed_authorization_requests").isBoolean(), doc);
            assertTrue(Http.body(Http.to(strict()).get(doc)).path("require_pushed_authorization_requests").asBoolean(false), doc);
        }
    }

    @Test
    void aPushedRequestGoesThroughLogInAndConsentOnceAndTheAddressCannotChangeIt() throws Exception {
        Apps.App app = Apps.create(http);
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthorizationRequest r = request(app, "useraccount").state(state).codeChallenge(verifier, CodeChallengeMethod.S256).build();
        HTTPResponse raw = NimbusHttp.send(new PushedAuthorizationRequest(par(server), basic(app), r).toHTTPRequest());
        assertEquals(201, raw.getStatusCode(), raw.getBody());
        assertEquals("no-store", raw.getHeaderValue("Cache-Control"));
        PushedAuthorizationSuccessResponse pushed = PushedAuthorizationResponse.parse(raw).toSuccessResponse();
        assertTrue(pushed.getRequestURI().toString().matches("urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}"), pushed.getRequestURI().toString());
        assertEquals(60, pushed.getLifetime());

        // RFC 9126 §4: what the address adds besides client_id and request_uri is ignored
        String url = authorizeUrl(app.clientId(), pushed.getRequestURI())
                + "&scope=incident_write&state=forged&redirect_uri=" + Http.enc("https://client.example.com/other") + "&response_type=token";
        Http browser = Http.browser(server);
        HttpResponse<String> first = browser.get(url);
        assertEquals(302, first.statusCode(), first.body());
        assertTrue(first.headers().firstValue("Location").orElse("").startsWith("/login.do?return_to="), first.headers().toString());
        String location = AuthorizationFlow.authorize(browser, url, "admin", TestServer.ADMIN_PASSWORD, true);
        assertTrue(location.startsWith(CB + "?"), location);
        Map<String, String> q = query(location);
        assertEquals(state.getValue(), q.get("state"), location);
        TokenResponse tokens = TokenResponse.parse(NimbusHttp.send(new TokenRequest(token(server), basic(app),
                new AuthorizationCodeGrant(new AuthorizationCode(q.get("code")), URI.create(CB), verifier)).toHTTPRequest()));
        assertTrue(tokens.indicatesSuccess(), () -> tokens.toErrorResponse().getErrorObject().toString());
        assertEquals(new Scope("useraccount"), tokens.toSuccessResponse().getTokens().getAccessToken().getScope(), "the pushed scope, not the address's");

        assertRequestUriPage(browser.get(url), "the same browser again");
        assertRequestUriPage(Http.browser(server).get(url), "another browser");
    }

    /** RFC 8707 §2: resource may be repeated; every pushed value reaches the code and the token's audience. */
    @Test
    void everyPushedResourceReachesTheTokensAudience() throws Exception {
        String one = "https://one.example/api", two = "https://two.example/api";
        Apps.App app = Apps.create(http, "resources", one + "\n" + two);
        AuthorizationRequest r = request(app, "useraccount").resources(URI.create(one), URI.create(two)).build();
        PushedAuthorizationSuccessResponse pushed = pushed(server, basic(app), r);
        String location = AuthorizationFlow.authorize(Http.browser(server), authorizeUrl(app.clientId(), pushed.getRequestURI()),
                "admin", TestServer.ADMIN_PASSWORD, true);
        Map<String, String> q = query(location);
        assertTrue(q.containsKey("code"), location);
        HttpResponse<String> tokens = http.postForm("/oauth_token.do", Http.map("grant_type", "authorization_code", "code", q.get("code"),
                "redirect_uri", CB), "Authorization", app.basic());
        assertEquals(200, tokens.statusCode(), tokens.body());
        JsonNode introspected = Http.body(http.postForm("/oauth_introspect.do",
                Http.map("token", Http.body(tokens).path("access_token").asText()), "Authorization", app.basic()));
        java.util.Set<String> aud = new java.util.HashSet<>();
        introspected.path("aud").forEach(a -> aud.add(a.asText()));
        assertEquals(java.util.Set.of(one, two), aud, introspected.toString());

        // and a pushed resource the application may not target is refused when pushed
        AuthorizationRequest other = request(app, "useraccount").resources(URI.create(one), URI.create("https://three.example/api")).build();
        assertEquals("invalid_target", refused(server, basic(app), other).getCode());
    }

    @Test
    void aLoggedInPersonWithARememberedConsentGetsTheCodeAtOnceAndPromptNoneWorks() throws Exception {
        Apps.App app = Apps.create(http, "auth_scopes", "openid,useraccount");
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, "beth.anglin", "beth.anglin-demo-pw");
        PushedAuthorizationSuccessResponse first = pushed(server, basic(app), request(app, "openid useraccount").build());
        HttpResponse<String> consent = browser.get(authorizeUrl(app.clientId(), first.getRequestURI()));
        assertEquals(200, consent.statusCode(), consent.body());
        assertRequestUriPage(browser.get(authorizeUrl(app.clientId(), first.getRequestURI())), "the consent page's request_uri was taken");
        assertEquals(303, AuthorizationFlow.answerConsent(browser, consent.body(), true).statusCode());

        AuthenticationRequest none = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "useraccount"),
                new ClientID(app.clientId()), URI.create(CB)).state(new State()).nonce(new Nonce()).prompt(new Prompt(Prompt.Type.NONE)).build();
        HttpResponse<String> silent = browser.get(authorizeUrl(app.clientId(), pushed(server, new ClientSecretPost(new ClientID(app.clientId()),
                new Secret(app.secret())), none).getRequestURI()));
        assertEquals(302, silent.statusCode(), silent.body());
        Map<String, String> q = query(silent.headers().firstValue("Location").orElseThrow());
        assertEquals(none.getState().getValue(), q.get("state"));
        assertTrue(q.containsKey("code"), q.toString());

        // prompt=none and nobody logged in: login_required, sent to the client (the pushed redirect URI is known good)
        HttpResponse<String> nobody = Http.browser(server).get(authorizeUrl(app.clientId(), pushed(server, basic(app), none).getRequestURI()));
        assertEquals(302, nobody.statusCode(), nobody.body());
        assertEquals("login_required", query(nobody.headers().firstValue("Location").orElseThrow()).get("error"));
    }

    @Test
    void promptLoginAsksForAFreshLogInEvenWhenLoggedInAndTheRequestComesBackFromIt() throws Exception {
        Apps.App app = Apps.create(http, "auth_scopes", "openid,useraccount", "first_party", true);
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        AuthenticationRequest login = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "useraccount"),
                new ClientID(app.clientId()), URI.create(CB)).state(new State()).nonce(new Nonce()).prompt(new Prompt(Prompt.Type.LOGIN)).build();
        String url = authorizeUrl(app.clientId(), pushed(server, basic(app), login).getRequestURI());
        HttpResponse<String> first = browser.get(url);
        assertEquals(302, first.statusCode(), first.body());
        String toLogin = first.headers().firstValue("Location").orElseThrow();
        assertTrue(toLogin.startsWith("/login.do?return_to="), "logged in, but prompt=login: " + toLogin);
        assertFalse(toLogin.contains("gh_login_after"), "the moment of the log-in is kept with the pushed request: " + toLogin);
        assertRequestUriPage(Http.browser(server).get(url), "taken by the browser sent to log in");
        HttpResponse<String> back = AuthorizationFlow.login(browser, toLogin, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> answered = browser.get(back.headers().firstValue("Location").orElseThrow());
        assertEquals(302, answered.statusCode(), "the fresh log-in satisfies prompt=login: " + answered.body());
        Map<String, String> q = query(answered.headers().firstValue("Location").orElseThrow());
        assertEquals(login.getState().getValue(), q.get("state"));
        assertTrue(q.containsKey("code"), q.toString());
        assertRequestUriPage(browser.get(url), "brought back once");
    }

    @Test
    void aPublicClientPushesByClientIdAndMustSendPkce() throws Exception {
        Apps.App app = Apps.create(http, "public_client", true, "grant_types", "authorization_code,refresh_token", "client_credentials_user", null);
        CodeVerifier verifier = new CodeVerifier();
        ErrorObject noPkce = refused(server, null, request(app, "useraccount").build());
        assertEquals(400, noPkce.getHTTPStatusCode());
        assertEquals("invalid_request", noPkce.getCode(), noPkce.toString());
        PushedAuthorizationSuccessResponse ok = pushed(server, null, request(app, "useraccount").codeChallenge(verifier, CodeChallengeMethod.S256).build());
        String location = AuthorizationFlow.authorize(Http.browser(server), authorizeUrl(app.clientId(), ok.getRequestURI()), "admin",
                TestServer.ADMIN_PASSWORD, true);
        TokenResponse tokens = TokenResponse.parse(NimbusHttp.send(new TokenRequest(token(server), new ClientID(app.clientId()),
                new AuthorizationCodeGrant(new AuthorizationCode(query(location).get("code")), URI.create(CB), verifier)).toHTTPRequest()));
        assertTrue(tokens.indicatesSuccess(), () -> tokens.toErrorResponse().getErrorObject().toString());
    }

    @Test
    void privateKeyJwtAuthenticatesAtTheParEndpointWithItsUrlAsAudience() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("par-1").keyUse(KeyUse.SIGNATURE).generate();
        Apps.App app = Apps.create(http, "jwks", new JWKSet(key.toPublicJWK()).toString());
        AuthorizationRequest r = request(app, "useraccount").build();
        for (URI aud : List.of(par(server), URI.create(server.baseUrl()), token(server))) {
            PrivateKeyJWT jwt = new PrivateKeyJWT(new ClientID(app.clientId()), aud, JWSAlgorithm.RS256, key.toRSAPrivateKey(), "par-1", null);
            pushed(server, jwt, r);
        }
        RSAKey other = new RSAKeyGenerator(2048).keyID("par-1").generate();
        ErrorObject e = refused(server, new PrivateKeyJWT(new ClientID(app.clientId()), par(server), JWSAlgorithm.RS256, other.toRSAPrivateKey(),
                "par-1", null), r);
        assertEquals("invalid_client", e.getCode());
        assertEquals(401, e.getHTTPStatusCode());
    }

    @Test
    void badClientAuthenticationIsInvalidClient() throws Exception {
        Apps.App app = Apps.create(http);
        AuthorizationRequest r = request(app, "useraccount").build();
        ErrorObject wrong = refused(server, new ClientSecretBasic(new ClientID(app.clientId()), new Secret("wrong-secret")), r);
        assertEquals("invalid_client", wrong.getCode());
        assertEquals(401, wrong.getHTTPStatusCode());
        ErrorObject none = refused(server, null, r);
        assertEquals("invalid_client", none.getCode(), "a confidential client must authenticate");
        HttpResponse<String> raw = http.postForm("/oauth_par.do", Http.map("client_id", app.clientId(), "client_secret", "wrong",
                "response_type", "code", "redirect_uri", CB, "state", "s"));
        assertEquals(401, raw.statusCode());
        assertTrue(raw.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), raw.headers().toString());
        assertEquals("no-store", raw.headers().firstValue("Cache-Control").orElse(""));
        ErrorObject unknown = refused(server, new ClientSecretBasic(new ClientID("no-such-client"), new Secret("x")),
                new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID("no-such-client")).redirectionURI(URI.create(CB)).state(new State()).build());
        assertEquals("invalid_client", unknown.getCode());
    }

    @Test
    void everyParameterIsValidatedWhenPushed() throws Exception {
        Apps.App app = Apps.create(http, "auth_scopes", "openid,useraccount");
        Map<String, String> ok = Http.map("response_type", "code", "redirect_uri", CB, "state", "s", "scope", "useraccount");
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("redirect_uri", new String[] {"https://client.example.com/not-registered", "invalid_request"});
        cases.put("scope", new String[] {"incident_read admin_everything", "invalid_scope"});
        cases.put("response_type", new String[] {"token", "unauthorized_client"});
        cases.put("code_challenge_method", new String[] {"plain", "invalid_request"});
        cases.put("request_uri", new String[] {"urn:ietf:params:oauth:request_uri:abc", "invalid_request"});
        cases.put("request", new String[] {"eyJhbGciOiJub25lIn0.e30.", "request_not_supported"});
        cases.put("prompt", new String[] {"none login", "invalid_request"});
        for (var c : cases.entrySet()) {
            Map<String, String> form = new java.util.LinkedHashMap<>(ok);
            form.put(c.getKey(), c.getValue()[0]);
            if (c.getKey().equals("prompt")) form.put("scope", "openid useraccount");
            if (c.getKey().equals("code_challenge_method")) form.put("code_challenge", new CodeVerifier().getValue() + "Zz");
            HttpResponse<String> res = http.postForm("/oauth_par.do", form, "Authorization", app.basic());
            assertEquals(400, res.statusCode(), c.getKey() + ": " + res.body());
            assertEquals(c.getValue()[1], Http.body(res).path("error").asText(), c.getKey() + ": " + res.body());
            assertTrue(Http.body(res).path("request_uri").isMissingNode(), res.body());
        }
        HttpResponse<String> noState = http.postForm("/oauth_par.do", Http.map("response_type", "code", "redirect_uri", CB), "Authorization", app.basic());
        assertEquals("invalid_request", Http.body(noState).path("error").asText(), "gatehouse.state.required: " + noState.body());
        HttpResponse<String> other = http.postForm("/oauth_par.do", Http.map("client_id", "someone-else", "response_type", "code", "redirect_uri", CB,
                "state", "s"), "Authorization", app.basic());
        assertEquals("invalid_request", Http.body(other).path("error").asText(), "client_id other than the Basic credentials: " + other.body());
        HttpResponse<String> emptyId = http.postForm("/oauth_par.do", Http.map("client_id", "", "response_type", "code", "redirect_uri", CB,
                "state", "s"), "Authorization", app.basic());
        assertEquals(201, emptyId.statusCode(), "an empty client_id counts as absent: the authenticated client: " + emptyId.body());
        Map<String, String> big = new java.util.LinkedHashMap<>(ok);
        for (int i = 0; i < 6; i++) big.put("x" + i, "a".repeat(3900));
        HttpResponse<String> tooLarge = http.postForm("/oauth_par.do", big, "Authorization", app.basic());
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertEquals("invalid_request", Http.body(tooLarge).path("error").asText());
        HttpResponse<String> get = http.get("/oauth_par.do?client_id=" + app.clientId());
        assertEquals(405, get.statusCode());
        assertEquals("POST, OPTIONS", get.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void aRequestUriOfAnotherClientOrWithoutItsClientIdIsAnErrorPageAndStaysUsable() throws Exception {
        Apps.App app = Apps.create(http);
        Apps.App other = Apps.create(http);
        URI requestUri = pushed(server, basic(app), request(app, "useraccount").build()).getRequestURI();
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        assertRequestUriPage(browser.get(authorizeUrl(other.clientId(), requestUri)), "another client's request_uri");
        HttpResponse<String> noClient = browser.get("/oauth_auth.do?request_uri=" + Http.enc(requestUri.toString()));
        assertEquals(400, noClient.statusCode(), noClient.body());
        assertTrue(noClient.body().contains("client_id"), noClient.body());
        assertRequestUriPage(browser.get(authorizeUrl("no-such-client", requestUri)), "an unknown client_id");
        assertRequestUriPage(browser.get(authorizeUrl(app.clientId(), URI.create("urn:ietf:params:oauth:request_uri:made-up"))), "a made-up request_uri");
        assertRequestUriPage(browser.get(authorizeUrl(app.clientId(), URI.create("https://client.example.com/request.jwt"))), "a request object by reference");
        HttpResponse<String> twice = browser.get(authorizeUrl(app.clientId(), requestUri) + "&request_uri=" + Http.enc(requestUri.toString()));
        assertEquals(400, twice.statusCode(), "request_uri repeated");
        assertEquals(200, browser.get(authorizeUrl(app.clientId(), requestUri)).statusCode(), "the refusals did not use it up: its consent page");
    }

    @Test
    void anExpiredRequestUriIsAnErrorPage() throws Exception {
        ServerProcess s = strict();
        Http h = Http.to(s);
        Apps.App app = Apps.create(h);
        long pushedAt = System.currentTimeMillis();
        PushedAuthorizationSuccessResponse p = pushed(s, basic(app), request(app, "useraccount").build());
        assertEquals(1, p.getLifetime());
        while (System.currentTimeMillis() < pushedAt + 2_000) Thread.sleep(100);
        assertRequestUriPage(Http.browser(s).get(authorizeUrl(app.clientId(), p.getRequestURI())), "expired");
    }

    @Test
    void whereParIsRequiredARequestInTheAddressIsRefusedWithInvalidRequest() throws Exception {
        Apps.App app = Apps.create(http, "require_pushed_authorization_requests", true);
        HttpResponse<String> read = http.get("/api/now/table/oauth_entity/" + app.sysId(), "Authorization", Http.adminBasic());
        assertTrue(Http.body(read).path("result").path("require_pushed_authorization_requests").asBoolean(false), read.body());
        String plain = "/oauth_auth.do?response_type=code&client_id=" + app.clientId() + "&redirect_uri=" + Http.enc(CB) + "&state=xyz";
        HttpResponse<String> refused = Http.browser(server).get(plain);
        assertEquals(302, refused.statusCode(), refused.body());
        Map<String, String> q = query(refused.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request", q.get("error"));
        assertEquals("xyz", q.get("state"));
        String location = AuthorizationFlow.authorize(Http.browser(server), authorizeUrl(app.clientId(),
                pushed(server, basic(app), request(app, "useraccount").build()).getRequestURI()), "admin", TestServer.ADMIN_PASSWORD, true);
        assertTrue(query(location).containsKey("code"), location);

        // gatehouse.par.required: every application, whatever its own field says
        ServerProcess s = strict();
        Apps.App any = Apps.create(Http.to(s));
        HttpResponse<String> everywhere = Http.browser(s).get(plain.replace(app.clientId(), any.clientId()));
        assertEquals("invalid_request", query(everywhere.headers().firstValue("Location").orElseThrow()).get("error"));
    }

    @Test
    void aDpopProofAtTheParEndpointBindsTheCodeToItsKey() throws Exception {
        Apps.App app = Apps.create(http);
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        ECKey otherKey = new ECKeyGenerator(Curve.P_256).generate();
        DefaultDPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        PushedAuthorizationRequest push = new PushedAuthorizationRequest(par(server), basic(app), request(app, "useraccount").build());
        HTTPRequest req = push.toHTTPRequest();
        req.setDPoP(proofs.createDPoPJWT("POST", par(server)));
        PushedAuthorizationResponse res = PushedAuthorizationResponse.parse(NimbusHttp.send(req));
        assertTrue(res.indicatesSuccess(), () -> res.toErrorResponse().getErrorObject().toString());
        String location = AuthorizationFlow.authorize(Http.browser(server), authorizeUrl(app.clientId(), res.toSuccessResponse().getRequestURI()),
                "admin", TestServer.ADMIN_PASSWORD, true);
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(query(location).get("code")), URI.create(CB));

        TokenResponse bearer = TokenResponse.parse(NimbusHttp.send(new TokenRequest(token(server), basic(app), grant).toHTTPRequest()));
        assertEquals("invalid_grant", assertInstanceOf(TokenErrorResponse.class, bearer).getErrorObject().getCode(), "no proof");
        HTTPRequest wrongKey = new TokenRequest(token(server), basic(app), grant).toHTTPRequest();
        wrongKey.setDPoP(new DefaultDPoPProofFactory(otherKey, JWSAlgorithm.ES256).createDPoPJWT("POST", token(server)));
        assertEquals("invalid_grant", assertInstanceOf(TokenErrorResponse.class, TokenResponse.parse(NimbusHttp.send(wrongKey))).getErrorObject().getCode(),
                "a proof of another key");
        HTTPRequest rightKey = new TokenRequest(token(server), basic(app), grant).toHTTPRequest();
        rightKey.setDPoP(proofs.createDPoPJWT("POST", token(server)));
        HTTPResponse ok = NimbusHttp.send(rightKey);
        assertEquals(200, ok.getStatusCode(), ok.getBody());
        assertEquals("DPoP", ok.getBodyAsJSONObject().get("token_type"));

        // dpop_jkt that is not the proof's key; and a proof for another URL
        PushedAuthorizationRequest mismatched = new PushedAuthorizationRequest(par(server), basic(app), new AuthorizationRequest.Builder(
                request(app, "useraccount").build()).customParameter("dpop_jkt", otherKey.computeThumbprint().toString()).build());
        HTTPRequest m = mismatched.toHTTPRequest();
        m.setDPoP(proofs.createDPoPJWT("POST", par(server)));
        assertEquals("invalid_request", PushedAuthorizationResponse.parse(NimbusHttp.send(m)).toErrorResponse().getErrorObject().getCode());
        HTTPRequest elsewhere = push.toHTTPRequest();
        elsewhere.setDPoP(proofs.createDPoPJWT("POST", token(server)));
        assertEquals("invalid_dpop_proof", PushedAuthorizationResponse.parse(NimbusHttp.send(elsewhere)).toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void dpopJktAloneBindsTheCodeToo() throws Exception {
        Apps.App app = Apps.create(http);
        ECKey key = new ECKeyGenerator(Curve.P_256).generate();
        AuthorizationRequest r = new AuthorizationRequest.Builder(request(app, "useraccount").build())
                .customParameter("dpop_jkt", key.computeThumbprint().toString()).build();
        String location = AuthorizationFlow.authorize(Http.browser(server), authorizeUrl(app.clientId(), pushed(server, basic(app), r).getRequestURI()),
                "admin", TestServer.ADMIN_PASSWORD, true);
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(query(location).get("code")), URI.create(CB));
        HTTPRequest req = new TokenRequest(token(server), basic(app), grant).toHTTPRequest();
        req.setDPoP(new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256).createDPoPJWT("POST", token(server)));
        HTTPResponse ok = NimbusHttp.send(req);
        assertEquals(200, ok.getStatusCode(), ok.getBody());
        assertNotEquals(null, ok.getBodyAsJSONObject().get("access_token"));

        // RFC 9449 §10: dpop_jkt in an authorization request that was not pushed binds the code as well
        String plain = AuthorizationFlow.authorizeUrl(app.clientId(), CB, "useraccount", "st", null) + "&dpop_jkt=" + key.computeThumbprint();
        String at = AuthorizationFlow.authorize(Http.browser(server), plain, "admin", TestServer.ADMIN_PASSWORD, true);
        AuthorizationCodeGrant plainGrant = new AuthorizationCodeGrant(new AuthorizationCode(query(at).get("code")), URI.create(CB));
        TokenResponse unproven = TokenResponse.parse(NimbusHttp.send(new TokenRequest(token(server), basic(app), plainGrant).toHTTPRequest()));
        assertEquals("invalid_grant", assertInstanceOf(TokenErrorResponse.class, unproven).getErrorObject().getCode());
        HTTPRequest proven = new TokenRequest(token(server), basic(app), plainGrant).toHTTPRequest();
        proven.setDPoP(new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256).createDPoPJWT("POST", token(server)));
        assertEquals(200, NimbusHttp.send(proven).getStatusCode(), "the refused redemption did not use the code up");
    }
}
