package gatehouse.authorize;

import static gatehouse.authorize.Fixtures.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CONTRACT "Authorization request": every rule, logged in or not. */
class AuthorizationRequestIT {
    private static final String POSTMAN = "https://oauth.pstmn.io/v1/callback";
    private final ServerProcess server = TestServer.shared();

    private static String url(String... kv) {
        return "/oauth_auth.do?" + Http.form(Http.map(kv));
    }

    /** A browser logged in as a fresh user. */
    private Http loggedIn() {
        Fixtures.TestUser u = Fixtures.user(server);
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, u.name(), u.password());
        return browser;
    }

    private void assertRefusedPage(HttpResponse<String> r, String text) {
        assertEquals(400, r.statusCode(), r.body());
        assertNull(location(r), "never a redirect");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(r.body().contains(text), r.body());
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null));
    }

    private Map<String, String> assertErrorRedirect(HttpResponse<String> r, String redirect, String error, String state) {
        assertEquals(302, r.statusCode(), r.body());
        String loc = location(r);
        assertTrue(loc.startsWith(redirect + "?"), loc);
        Map<String, String> q = AuthorizationFlow.query(loc);
        assertEquals(error, q.get("error"), loc);
        assertTrue(q.get("error_description") != null && !q.get("error_description").isEmpty(), loc);
        assertEquals(state, q.get("state"));
        assertEquals(server.baseUrl(), q.get("iss"), "RFC 9207 iss");
        assertFalse(q.containsKey("code"));
        return q;
    }

    @Test
    void unregisteredRedirectUriGivesAPageWithoutLocationLoggedInOrNot() {
        for (Http browser : List.of(Http.browser(server), loggedIn())) {
            for (String bad : List.of("https://evil.example/callback", POSTMAN + "/", POSTMAN + "?x=1", "https://OAUTH.pstmn.io/v1/callback",
                    "http://127.0.0.1:8400/callback/other", "http://localhost:8400/callback")) {
                assertRefusedPage(browser.get(url("response_type", "code", "client_id", "demo-confidential", "redirect_uri", bad,
                        "state", "s1")), "redirect_uri is not registered");
            }
        }
    }

    @Test
    void unknownMissingOrInactiveClientGivesAPage() {
        Http browser = Http.browser(server);
        assertRefusedPage(browser.get(url("response_type", "code", "client_id", "no-such-client", "redirect_uri", POSTMAN, "state", "s")),
                "Unknown or inactive client_id");
        assertRefusedPage(browser.get(url("response_type", "code", "redirect_uri", POSTMAN, "state", "s")), "client_id parameter is missing");
        assertRefusedPage(browser.get("/oauth_auth.do?response_type=code&client_id=demo-confidential&client_id=demo-public&state=s"),
                "client_id parameter is repeated");
        Fixtures.TestApp app = Fixtures.app(server, List.of("https://app.example/cb"), "active", false);
        assertRefusedPage(browser.get(url("response_type", "code", "client_id", app.clientId(), "redirect_uri", "https://app.example/cb",
                "state", "s")), "Unknown or inactive client_id");
    }

    @Test
    void missingStateGivesThePageThatSaysSo() {
        for (Http browser : List.of(Http.browser(server), loggedIn())) {
            HttpResponse<String> r = browser.get(url("response_type", "code", "client_id", "demo-confidential", "redirect_uri", POSTMAN));
            assertRefusedPage(r, "Missing State parameter in request");
        }
        // before the response type, the scope or anything else
        assertRefusedPage(Http.browser(server).get(url("response_type", "bogus", "client_id", "demo-confidential", "redirect_uri", POSTMAN,
                "scope", "nope")), "Missing State parameter in request");
    }

    /** Issue 14: the state is echoed in the redirect's Location; a longer one than is kept would make that header grow. */
    @Test
    void stateLongerThanIsKeptGivesAPageNotARedirect() {
        for (Http browser : List.of(Http.browser(server), loggedIn())) {
            HttpResponse<String> r = browser.get(url("response_type", "code", "client_id", "demo-confidential", "redirect_uri", POSTMAN,
                    "scope", "useraccount", "state", "s".repeat(2001)));
            assertRefusedPage(r, "The state parameter is longer than 2000 characters.");
        }
    }

    @Test
    void redirectUriMayBeOmittedOnlyWhenExactlyOneIsRegistered() {
        Fixtures.TestApp one = Fixtures.app(server, List.of("https://one.example/cb"));
        HttpResponse<String> r = Http.browser(server).get(url("response_type", "bogus", "client_id", one.clientId(), "state", "s"));
        assertErrorRedirect(r, "https://one.example/cb", "unsupported_response_type", "s");
        assertRefusedPage(Http.browser(server).get(url("response_type", "code", "client_id", "demo-confidential", "state", "s")),
                "redirect_uri parameter is missing");
    }

    @Test
    void badResponseTypeRedirectsWithUnsupportedResponseType() {
        Http browser = Http.browser(server);
        // (id_token is OpenID Connect's implicit response type since issue 16; a hybrid type is still unsupported)
        assertErrorRedirect(browser.get(url("response_type", "code id_token", "client_id", "demo-confidential", "redirect_uri", POSTMAN,
                "state", "st-1")), POSTMAN, "unsupported_response_type", "st-1");
        // the implicit grant exists, but demo-confidential does not list it: unauthorized_client, in the fragment (RFC 6749 §4.2.2.1)
        HttpResponse<String> implicit = browser.get(url("response_type", "token", "client_id", "demo-confidential", "redirect_uri", POSTMAN,
                "state", "st-2"));
        assertEquals(302, implicit.statusCode());
        assertTrue(location(implicit).startsWith(POSTMAN + "#error=unauthorized_client&"), location(implicit));
        assertTrue(location(implicit).contains("&state=st-2&"), location(implicit));
        assertErrorRedirect(browser.get(url("client_id", "demo-confidential", "redirect_uri", POSTMAN, "state", "st-3")),
                POSTMAN, "invalid_request", "st-3");
        Fixtures.TestApp noCode = Fixtures.app(server, List.of("https://nocode.example/cb"), "grant_types", List.of("password"));
        assertErrorRedirect(browser.get(url("response_type", "code", "client_id", noCode.clientId(), "redirect_uri", "https://nocode.example/cb",
                "state", "st-4")), "https://nocode.example/cb", "unauthorized_client", "st-4");
    }

    @Test
    void scopeOutsideTheApplicationsScopesRedirectsWithInvalidScope() {
        Http browser = Http.browser(server);
        assertErrorRedirect(browser.get(url("response_type", "code", "client_id", "demo-public", "redirect_uri", POSTMAN,
                "scope", "incident_read incident_write", "state", "sc", "code_challenge", AuthorizationFlow.challenge(AuthorizationFlow.newVerifier()),
                "code_challenge_method", "S256")), POSTMAN, "invalid_scope", "sc");
        assertErrorRedirect(browser.get(url("response_type", "code", "client_id", "demo-confidential", "redirect_uri", POSTMAN,
                "scope", "admin", "state", "sc2")), POSTMAN, "invalid_scope", "sc2");
    }

    @Test
    void plainPkceIsRefused() {
        Http browser = Http.browser(server);
        String verifier = AuthorizationFlow.newVerifier();
        assertErrorRedirect(browser.get(url("response_type", "code", "client_id", "demo-public", "redirect_uri", POSTMAN, "state", "p1",
                "code_challenge", verifier, "code_challenge_method", "plain")), POSTMAN, "invalid_request", "p1");
        // no method means plain (RFC 7636 §4.3): refused too
        assertErrorRedirect(browser.get(url("response_type", "code", "client_id", "demo-confidential", "redirect_uri", POSTMAN, "state", "p2",
                "code_challenge", verifier)), POSTMAN, "invalid_request", "p2");
        // a challenge that is not 43-128 unreserved characters
        assertErrorRedirect(browser.get(url("response_type", "code", "client_id", "demo-public", "redirect_uri", POSTMAN, "state", "p3",
                "code_challenge", "too-short", "code_challenge_method", "S256")), POSTMAN, "invalid_request", "p3");
        assertErrorRedirect(browser.get(url("response_type", "code", "client_id", "demo-public", "redirect_uri", POSTMAN, "state", "p4",
                "code_challenge", "x".repeat(42) + "!", "code_challenge_method", "S256")), POSTMAN, "invalid_request", "p4");
    }

    @Test
    void publicClientWithoutPkceIsRefused() {
        Map<String, String> q = assertErrorRedirect(Http.browser(server).get(url("response_type", "code", "client_id", "demo-public",
                "redirect_uri", POSTMAN, "state", "pub")), POSTMAN, "invalid_request", "pub");
        assertTrue(q.get("error_description").contains("PKCE"), q.toString());
    }

    @Test
    void repeatedParameterIsInvalidRequest() {
        HttpResponse<String> r = Http.browser(server).get(url("response_type", "code", "client_id", "demo-confidential",
                "redirect_uri", POSTMAN, "state", "rep") + "&scope=useraccount&scope=incident_read");
        assertErrorRedirect(r, POSTMAN, "invalid_request", "rep");
        assertRefusedPage(Http.browser(server).get(url("response_type", "code", "client_id", "demo-confidential", "state", "rep")
                + "&redirect_uri=" + Http.enc(POSTMAN) + "&redirect_uri=" + Http.enc(POSTMAN)), "redirect_uri parameter is repeated");
    }

    @Test
    void validRequestWithoutSessionGoesToLoginAndBack() {
        String authorize = url("response_type", "code", "client_id", "demo-confidential", "redirect_uri", POSTMAN, "state", "back");
        HttpResponse<String> r = Http.browser(server).get(authorize);
        assertEquals(302, r.statusCode());
        assertEquals("/login.do?return_to=" + Http.enc(authorize).replace("+", "%20"), location(r));
    }

    @Test
    void applicationsLoginUrlIsUsedInsteadOfTheLoginPage() {
        Fixtures.TestApp app = Fixtures.app(server, List.of("https://app.example/cb"), "login_url", "https://sso.example/login?tenant=7");
        String authorize = url("response_type", "code", "client_id", app.clientId(), "redirect_uri", "https://app.example/cb", "state", "lu");
        HttpResponse<String> r = Http.browser(server).get(authorize);
        assertEquals(302, r.statusCode());
        String loc = location(r);
        assertTrue(loc.startsWith("https://sso.example/login?tenant=7&return_to="), loc);
        assertEquals(server.baseUrl() + authorize, AuthorizationFlow.query(loc).get("return_to"));
    }

    @Test
    void loopbackRedirectMayUseAnyPort() {
        Fixtures.TestApp app = Fixtures.app(server, List.of("http://127.0.0.1/cb"));
        HttpResponse<String> r = Http.browser(server).get(url("response_type", "bogus", "client_id", app.clientId(),
                "redirect_uri", "http://127.0.0.1:51234/cb", "state", "lb"));
        assertErrorRedirect(r, "http://127.0.0.1:51234/cb", "unsupported_response_type", "lb");
    }

    @Test
    void requestObjectsAreNotSupported() {
        assertErrorRedirect(Http.browser(server).get(url("response_type", "code", "client_id", "demo-confidential",
                "redirect_uri", POSTMAN, "state", "ro", "request", "eyJhbGciOiJub25lIn0.e30.")), POSTMAN, "request_not_supported", "ro");
    }

    @Test
    void stateMayBeOptionalBySetting() {
        try (ServerProcess relaxed = TestServer.start("state-optional", Map.of("gatehouse.state.required", "false"))) {
            HttpResponse<String> r = Http.browser(relaxed).get(url("response_type", "code", "client_id", "demo-confidential",
                    "redirect_uri", POSTMAN));
            assertEquals(302, r.statusCode(), r.body());
            assertTrue(location(r).startsWith("/login.do?return_to="));
            HttpResponse<String> e = Http.browser(relaxed).get(url("response_type", "bogus", "client_id", "demo-confidential",
                    "redirect_uri", POSTMAN));
            Map<String, String> q = AuthorizationFlow.query(location(e));
            assertEquals("unsupported_response_type", q.get("error"));
            assertFalse(q.containsKey("state"));
        }
    }
}
