package gatehouse.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.NimbusHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Gatehouse as an OpenID Provider (OpenID Connect Core 1.0, Discovery 1.0, RP-Initiated Logout 1.0), checked
 * with Connect2id's certified relying party library (oauth2-oidc-sdk): its metadata parser, request builders,
 * {@link IDTokenValidator} against the published JWKS, and its UserInfo client.
 */
class OpenIdConnectIT {
    private static final String REDIRECT = "https://rp.example.com/cb";
    private static final String LOGGED_OUT = "https://rp.example.com/logged-out";
    private static final String USER = "beth.anglin";
    private static final String PASSWORD = "beth.anglin-demo-pw";
    private final ServerProcess server = TestServer.shared();
    private final Http http = Http.to(server);

    private record Rp(String clientId, String secret) {
        String basic() { return Http.basic(clientId, secret); }
    }

    private record Tokens(JsonNode json, String accessToken, JWT idToken) { }

    @Test
    void discoveryIsOpenIdProviderMetadataAndTheSameDocumentAsRfc8414() throws Exception {
        HttpResponse<String> r = http.get("/.well-known/openid-configuration");
        assertEquals(200, r.statusCode(), r.body());
        OIDCProviderMetadata m = OIDCProviderMetadata.parse(r.body());
        assertEquals(http.base(), m.getIssuer().getValue());
        assertEquals(URI.create(http.base() + "/oauth_userinfo.do"), m.getUserInfoEndpointURI());
        assertEquals(URI.create(http.base() + "/oauth_logout.do"), m.getEndSessionEndpointURI());
        assertEquals(URI.create(http.base() + "/api/now/oauth/jwks"), m.getJWKSetURI());
        assertTrue(m.getScopes().toStringList().containsAll(List.of("openid", "profile", "email")), m.getScopes().toString());
        assertTrue(m.getIDTokenJWSAlgs().containsAll(List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256)));
        assertEquals("public", m.getSubjectTypes().get(0).toString());
        assertTrue(m.getClaims().containsAll(List.of("sub", "email", "preferred_username", "auth_time", "nonce")), m.getClaims().toString());
        assertEquals(Http.body(r), Http.body(http.get("/.well-known/oauth-authorization-server")));
    }

    @Test
    void codeFlowIdTokenPassesTheLibrarysValidatorAndUserInfoGivesTheProfile() throws Exception {
        for (String alg : List.of("RS256", "ES256")) {
            Rp rp = createRp("signing_alg", alg);
            Http browser = Http.browser(server);
            Nonce nonce = new Nonce();
            Tokens t = codeFlow(browser, rp, "openid profile email", nonce, Map.of());
            IDTokenClaimsSet claims = validator(rp, JWSAlgorithm.parse(alg)).validate(t.idToken(), nonce);
            assertEquals(sysIdOf(USER), claims.getSubject().getValue());
            assertEquals(List.of(rp.clientId()), claims.getAudience().stream().map(a -> a.getValue()).toList());
            assertNotNull(claims.getAuthenticationTime(), "auth_time");
            assertNotNull(claims.getSessionID(), "sid");
            AccessTokenValidator.validate(new BearerAccessToken(t.accessToken()), JWSAlgorithm.parse(alg), claims.getAccessTokenHash());
            assertEquals(alg, t.idToken().getHeader().getAlgorithm().getName());
            assertThrows(BadJOSEException.class, () -> validator(rp, JWSAlgorithm.parse(alg)).validate(t.idToken(), new Nonce("another")),
                    "a wrong nonce is refused");

            for (HTTPRequest.Method method : List.of(HTTPRequest.Method.GET, HTTPRequest.Method.POST)) {
                UserInfoResponse u = UserInfoResponse.parse(NimbusHttp.send(new UserInfoRequest(URI.create(http.base() + "/oauth_userinfo.do"), method,
                        new BearerAccessToken(t.accessToken())).toHTTPRequest()));
                assertTrue(u.indicatesSuccess(), () -> method + ": " + u.toErrorResponse().getErrorObject());
                UserInfo info = u.toSuccessResponse().getUserInfo();
                assertEquals(claims.getSubject(), info.getSubject());
                assertEquals(USER, info.getPreferredUsername());
                assertEquals("Beth", info.getGivenName());
                assertEquals("Anglin", info.getFamilyName());
                assertEquals("Beth Anglin", info.getName());
                assertEquals("beth.anglin@example.com", info.getEmailAddress());
                assertNotNull(info.getUpdatedTime());
            }
        }
    }

    @Test
    void refreshGivesANewIdTokenForTheSameLoginWithoutNonce() throws Exception {
        Rp rp = createRp();
        Nonce nonce = new Nonce();
        Tokens first = codeFlow(Http.browser(server), rp, "openid", nonce, Map.of());
        IDTokenClaimsSet original = validator(rp, JWSAlgorithm.RS256).validate(first.idToken(), nonce);
        Thread.sleep(1100);
        HttpResponse<String> r = http.postForm("/oauth_token.do", Http.map("grant_type", "refresh_token",
                "refresh_token", first.json().path("refresh_token").asText()), "Authorization", rp.basic());
        assertEquals(200, r.statusCode(), r.body());
        JWT refreshed = JWTParser.parse(Http.body(r).path("id_token").asText());
        IDTokenClaimsSet again = validator(rp, JWSAlgorithm.RS256).validate(refreshed, null);
        assertEquals(original.getSubject(), again.getSubject());
        assertEquals(original.getAuthenticationTime(), again.getAuthenticationTime());
        assertEquals(original.getSessionID(), again.getSessionID());
        assertTrue(again.getIssueTime().after(original.getIssueTime()));
        assertNull(again.getNonce(), "OIDC Core §12.2: no nonce on a refresh");
    }

    @Test
    void requestsWithoutOpenidGetNoIdToken() {
        Rp rp = createRp();
        String code = AuthorizationFlow.obtainCode(Http.browser(server), rp.clientId(), REDIRECT, "incident_read", null, USER, PASSWORD);
        JsonNode tokens = Http.body(redeem(rp, code));
        assertTrue(tokens.path("access_token").isTextual(), tokens.toString());
        assertFalse(tokens.has("id_token"), tokens.toString());
        HttpResponse<String> info = http.get("/oauth_userinfo.do", "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertEquals(403, info.statusCode());
        assertTrue(info.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"insufficient_scope\""));
    }

    @Test
    void userInfoRefusesMissingAndBadTokensAsRfc6750Says() throws Exception {
        HttpResponse<String> none = http.get("/oauth_userinfo.do");
        assertEquals(401, none.statusCode());
        String challenge = none.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer") && !challenge.contains("error="), challenge);
        UserInfoResponse bad = UserInfoResponse.parse(NimbusHttp.send(new UserInfoRequest(URI.create(http.base() + "/oauth_userinfo.do"),
                new BearerAccessToken("not-a-token")).toHTTPRequest()));
        assertFalse(bad.indicatesSuccess());
        assertEquals(401, bad.toErrorResponse().getErrorObject().getHTTPStatusCode());
        assertEquals("invalid_token", bad.toErrorResponse().getErrorObject().getCode());
        HttpResponse<String> inUrl = http.get("/oauth_userinfo.do?access_token=x");
        assertEquals(400, inUrl.statusCode());
        HttpResponse<String> put = http.send(java.net.http.HttpRequest.newBuilder(URI.create(http.base() + "/oauth_userinfo.do"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, put.statusCode());
        assertEquals("GET, POST, HEAD, OPTIONS", put.headers().firstValue("Allow").orElse(""));
        assertTrue(put.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), put.headers().toString());
    }

    @Test
    void promptNoneWithoutASessionIsLoginRequiredOnTheRedirect() {
        Rp rp = createRp();
        State state = new State();
        HttpResponse<String> r = Http.browser(server).get(authRequest(rp, "openid", state, new Nonce(), Map.of("prompt", "none")));
        Map<String, String> q = errorRedirect(r);
        assertEquals("login_required", q.get("error"));
        assertEquals(state.getValue(), q.get("state"));
    }

    @Test
    void promptNoneWithoutConsentIsConsentRequired() {
        Rp rp = createRp();
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, USER, PASSWORD);
        Map<String, String> q = errorRedirect(browser.get(authRequest(rp, "openid", new State(), new Nonce(), Map.of("prompt", "none"))));
        assertEquals("consent_required", q.get("error"));
    }

    @Test
    void maxAgeZeroAndPromptLoginAskForAFreshLogin() throws Exception {
        Rp rp = createRp();
        Http browser = Http.browser(server);
        Nonce nonce = new Nonce();
        IDTokenClaimsSet first = validator(rp, JWSAlgorithm.RS256).validate(codeFlow(browser, rp, "openid", nonce, Map.of()).idToken(), nonce);
        // consent is now remembered and the session lives: without a parameter, no page at all
        HttpResponse<String> silent = browser.get(authRequest(rp, "openid", new State(), new Nonce(), Map.of("prompt", "none")));
        assertTrue(silent.headers().firstValue("Location").orElse("").startsWith(REDIRECT + "?code="), silent.headers().toString());
        for (Map<String, String> extra : List.of(Map.of("max_age", "0"), Map.of("prompt", "login"))) {
            Thread.sleep(1100);
            HttpResponse<String> r = browser.get(authRequest(rp, "openid", new State(), new Nonce(), extra));
            assertEquals(302, r.statusCode(), extra.toString());
            assertTrue(r.headers().firstValue("Location").orElse("").startsWith("/login.do"), extra + " " + r.headers());
            Nonce n = new Nonce();
            IDTokenClaimsSet again = validator(rp, JWSAlgorithm.RS256).validate(codeFlow(browser, rp, "openid", n, extra).idToken(), n);
            assertTrue(again.getAuthenticationTime().after(first.getAuthenticationTime()), extra + ": auth_time of the new log-in");
            first = again;
        }
        // max_age with prompt=none and an old log-in: login_required, no page
        Thread.sleep(1100);
        assertEquals("login_required", errorRedirect(browser.get(authRequest(rp, "openid", new State(), new Nonce(),
                Map.of("prompt", "none", "max_age", "0")))).get("error"));
    }

    @Test
    void loginHintFillsInTheUserName() {
        Rp rp = createRp();
        Http browser = Http.browser(server);
        HttpResponse<String> r = browser.get(authRequest(rp, "openid", new State(), new Nonce(), Map.of("login_hint", USER)));
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/login.do"), location);
        assertTrue(browser.get(location).body().contains("value=\"" + USER + "\""));
    }

    @Test
    void unsupportedAndMalformedParametersAreRefusedOnTheRedirect() {
        Rp rp = createRp();
        Http browser = Http.browser(server);
        assertEquals("invalid_request", errorRedirect(browser.get(authRequest(rp, "openid", new State(), new Nonce(),
                Map.of("claims", "{\"userinfo\":{\"email\":null}}")))).get("error"));
        assertEquals("invalid_request", errorRedirect(browser.get(authRequest(rp, "openid", new State(), new Nonce(),
                Map.of("prompt", "none login")))).get("error"));
        assertEquals("invalid_request", errorRedirect(browser.get(authRequest(rp, "openid", new State(), new Nonce(),
                Map.of("max_age", "-1")))).get("error"));
        assertEquals("invalid_request", errorRedirect(browser.get(authRequest(rp, "openid", new State(), new Nonce(),
                Map.of("id_token_hint", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")))).get("error"));
    }

    @Test
    void implicitIdTokenResponsesCarryTheNonceAndPassTheValidator() throws Exception {
        Rp rp = createRp("grant_types", List.of("authorization_code", "implicit"));
        Http browser = Http.browser(server);
        Nonce nonce = new Nonce();
        State state = new State();
        String both = AuthorizationFlow.authorize(browser, implicitRequest(rp, "id_token token", "openid profile", state, nonce), USER, PASSWORD, true);
        Map<String, String> f = fragment(both);
        assertEquals(state.getValue(), f.get("state"));
        JWT idToken = JWTParser.parse(f.get("id_token"));
        IDTokenClaimsSet claims = validator(rp, JWSAlgorithm.RS256).validate(idToken, nonce);
        AccessTokenValidator.validate(new BearerAccessToken(f.get("access_token")), JWSAlgorithm.RS256, claims.getAccessTokenHash());
        assertNull(claims.getStringClaim("preferred_username"), "with an access token, the profile comes from UserInfo");
        assertEquals(200, http.get("/oauth_userinfo.do", "Authorization", "Bearer " + f.get("access_token")).statusCode());

        Nonce alone = new Nonce();
        Map<String, String> only = fragment(AuthorizationFlow.authorize(browser, implicitRequest(rp, "id_token", "openid profile",
                new State(), alone), USER, PASSWORD, true));
        assertNull(only.get("access_token"), only.toString());
        IDTokenClaimsSet onlyClaims = validator(rp, JWSAlgorithm.RS256).validate(JWTParser.parse(only.get("id_token")), alone);
        assertEquals(USER, onlyClaims.getStringClaim("preferred_username"), "Core §5.4: no access token, so the claims are in the ID token");

        String noNonce = implicitRequest(rp, "id_token", "openid", new State(), null);
        Map<String, String> refused = fragment(browser.get(noNonce).headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request", refused.get("error"), "the implicit flow requires a nonce");
        Map<String, String> noOpenid = fragment(browser.get(implicitRequest(rp, "id_token", "profile", new State(), new Nonce()))
                .headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request", noOpenid.get("error"));
    }

    @Test
    void logoutWithTheIdTokenHintEndsTheSessionAndReturnsToARegisteredAddress() throws Exception {
        Rp rp = createRp();
        Http browser = Http.browser(server);
        Tokens t = codeFlow(browser, rp, "openid", new Nonce(), Map.of());
        State state = new State();
        URI logout = new LogoutRequest(URI.create(http.base() + "/oauth_logout.do"), t.idToken(), URI.create(LOGGED_OUT), state).toURI();
        HttpResponse<String> r = browser.get(logout.toString());
        assertEquals(302, r.statusCode(), r.body());
        assertEquals(LOGGED_OUT + "?state=" + state.getValue(), r.headers().firstValue("Location").orElse(""));
        assertEquals("login_required", errorRedirect(browser.get(authRequest(rp, "openid", new State(), new Nonce(),
                Map.of("prompt", "none")))).get("error"), "the login session has ended on the server");
    }

    @Test
    void logoutToAnUnregisteredAddressIsAnErrorPageAndNoRedirect() throws Exception {
        Rp rp = createRp();
        Http browser = Http.browser(server);
        Tokens t = codeFlow(browser, rp, "openid", new Nonce(), Map.of());
        for (String uri : List.of("https://evil.example.com/", LOGGED_OUT + "/x", REDIRECT)) {
            URI logout = new LogoutRequest(URI.create(http.base() + "/oauth_logout.do"), t.idToken(), URI.create(uri), new State()).toURI();
            HttpResponse<String> r = browser.get(logout.toString());
            assertEquals(400, r.statusCode(), uri);
            assertTrue(r.headers().firstValue("Location").isEmpty(), uri);
            assertTrue(r.body().contains("not registered"), r.body());
        }
        // without a hint or client_id, no address can be trusted either
        HttpResponse<String> anonymous = browser.get("/oauth_logout.do?post_logout_redirect_uri=" + Http.enc(LOGGED_OUT));
        assertEquals(400, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("Location").isEmpty());
        // the session survived every refused request
        assertTrue(browser.get(authRequest(rp, "openid", new State(), new Nonce(), Map.of("prompt", "none")))
                .headers().firstValue("Location").orElse("").startsWith(REDIRECT + "?code="));
    }

    @Test
    void logoutWithoutAHintAsksFirstAndTheConfirmationEndsTheSession() {
        Rp rp = createRp();
        Http browser = Http.browser(server);
        codeFlow(browser, rp, "openid", new Nonce(), Map.of());
        HttpResponse<String> page = browser.get("/oauth_logout.do?client_id=" + Http.enc(rp.clientId())
                + "&post_logout_redirect_uri=" + Http.enc(LOGGED_OUT) + "&state=s1");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Log out of Gatehouse?"), page.body());
        Map<String, String> form = AuthorizationFlow.hiddenFields(page.body());
        Map<String, String> forged = new LinkedHashMap<>(form);
        forged.put("csrf_token", "forged");
        assertEquals(400, browser.postForm("/oauth_logout.do", forged).statusCode(), "a confirmation without the CSRF token");
        HttpResponse<String> done = browser.postForm("/oauth_logout.do", form);
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(LOGGED_OUT + "?state=s1", done.headers().firstValue("Location").orElse(""));
        assertEquals("login_required", errorRedirect(browser.get(authRequest(rp, "openid", new State(), new Nonce(),
                Map.of("prompt", "none")))).get("error"));
    }

    // ---- helpers

    /** A confidential relying party with the OpenID Connect scopes; {@code fields} override the defaults. */
    private Rp createRp(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "RP " + UUID.randomUUID());
        body.put("provider_name", "Tests");
        body.put("client_id", "rp-" + UUID.randomUUID().toString().substring(0, 13));
        body.put("redirect_urls", List.of(REDIRECT));
        body.put("post_logout_redirect_uris", List.of(LOGGED_OUT));
        body.put("grant_types", List.of("authorization_code", "refresh_token"));
        body.put("auth_scopes", List.of("openid", "profile", "email", "incident_read"));
        body.put("token_format", "jwt");
        for (int i = 0; i < fields.length; i += 2) body.put((String) fields[i], fields[i + 1]);
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", Http.adminBasic());
        if (r.statusCode() != 201) throw new AssertionError("cannot create the relying party: " + r.statusCode() + " " + r.body());
        JsonNode app = Http.body(r).path("result");
        assertEquals(List.of(LOGGED_OUT).toString(), app.path("post_logout_redirect_uris").toString().replace("\"", ""));
        return new Rp(app.path("client_id").asText(), app.path("client_secret").asText());
    }

    /** The authentication request as the library writes it (Core §3.1.2.1), with {@code extra} parameters. */
    private String authRequest(Rp rp, String scope, State state, Nonce nonce, Map<String, String> extra) {
        AuthenticationRequest.Builder b = new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope),
                new ClientID(rp.clientId()), URI.create(REDIRECT)).state(state).nonce(nonce)
                .endpointURI(URI.create(http.base() + "/oauth_auth.do"));
        String url = b.build().toURI().toString();
        StringBuilder s = new StringBuilder(url);
        for (Map.Entry<String, String> e : extra.entrySet()) s.append('&').append(e.getKey()).append('=').append(Http.enc(e.getValue()));
        return s.toString();
    }

    /**
     * An implicit-flow request as the library writes it; {@code nonce} null or no {@code openid}: the same written by
     * hand (the library refuses to build such a request).
     */
    private String implicitRequest(Rp rp, String responseType, String scope, State state, Nonce nonce) throws Exception {
        if (nonce == null || !scope.contains("openid"))
            return http.base() + "/oauth_auth.do?response_type=" + Http.enc(responseType) + "&client_id=" + Http.enc(rp.clientId())
                    + "&redirect_uri=" + Http.enc(REDIRECT) + "&scope=" + Http.enc(scope) + "&state=" + state.getValue()
                    + (nonce == null ? "" : "&nonce=" + nonce.getValue());
        return new AuthenticationRequest.Builder(ResponseType.parse(responseType), Scope.parse(scope), new ClientID(rp.clientId()),
                URI.create(REDIRECT)).state(state).nonce(nonce).endpointURI(URI.create(http.base() + "/oauth_auth.do")).build().toURI().toString();
    }

    private static Map<String, String> fragment(String location) {
        if (!location.startsWith(REDIRECT + "#")) throw new AssertionError("not a fragment response: " + location);
        return AuthorizationFlow.query(REDIRECT + "?" + location.substring(location.indexOf('#') + 1));
    }

    /** Log-in (when asked), consent (when asked), code, token response. */
    private Tokens codeFlow(Http browser, Rp rp, String scope, Nonce nonce, Map<String, String> extra) {
        State state = new State();
        String location = AuthorizationFlow.authorize(browser, authRequest(rp, scope, state, nonce, extra), USER, PASSWORD, true);
        Map<String, String> q = AuthorizationFlow.query(location);
        if (!location.startsWith(REDIRECT) || q.get("code") == null) throw new AssertionError("no code: " + location);
        assertEquals(state.getValue(), q.get("state"));
        HttpResponse<String> r = redeem(rp, q.get("code"));
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = Http.body(r);
        try {
            return new Tokens(json, json.path("access_token").asText(), JWTParser.parse(json.path("id_token").asText()));
        } catch (java.text.ParseException e) {
            throw new AssertionError("no id_token: " + json, e);
        }
    }

    private HttpResponse<String> redeem(Rp rp, String code) {
        return http.postForm("/oauth_token.do", Http.map("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT),
                "Authorization", rp.basic());
    }

    /** The library's ID token validator: this issuer, this client, the algorithm, keys from the JWKS the metadata names. */
    private IDTokenValidator validator(Rp rp, JWSAlgorithm alg) throws Exception {
        OIDCProviderMetadata m = OIDCProviderMetadata.parse(http.get("/.well-known/openid-configuration").body());
        return new IDTokenValidator(new Issuer(m.getIssuer()), new ClientID(rp.clientId()), alg, new URL(m.getJWKSetURI().toString()));
    }

    private static Map<String, String> errorRedirect(HttpResponse<String> r) {
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || !location.startsWith(REDIRECT)) throw new AssertionError("not an error redirect: " + r.statusCode() + " " + location + " " + r.body());
        Map<String, String> q = AuthorizationFlow.query(location);
        assertNotNull(q.get("error"), location);
        assertNotNull(q.get("iss"), "RFC 9207: " + location);
        return q;
    }

    private String sysIdOf(String userName) {
        HttpResponse<String> r = http.get("/api/now/table/sys_user?sysparm_query=user_name=" + userName, "Authorization", Http.adminBasic());
        return Http.body(r).path("result").get(0).path("sys_id").asText();
    }
}
