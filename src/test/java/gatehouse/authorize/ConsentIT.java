package gatehouse.authorize;

import static gatehouse.authorize.Fixtures.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

/** CONTRACT "Authorization request": the consent page, Allow, Deny, remembered consent, first-party applications. */
class ConsentIT {
    private static final String CB = "https://client.example/callback";
    private final ServerProcess server = TestServer.shared();

    private Http loggedIn(Fixtures.TestUser u) {
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, u.name(), u.password());
        return browser;
    }

    private static String authorize(Fixtures.TestApp app, String state, String scope) {
        return AuthorizationFlow.authorizeUrl(app.clientId(), CB, scope, state, null);
    }

    @Test
    void consentPageShowsTheApplicationAndScopesInWordsEscaped() {
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB), "name", "<b>Evil & Co</b>\"",
                "logo_url", "https://img.example/logo.png?a=1&b=2");
        Http browser = loggedIn(Fixtures.user(server));
        HttpResponse<String> page = browser.get(authorize(app, "st", "useraccount incident_read"));
        assertEquals(200, page.statusCode(), page.body());
        String html = page.body();
        assertTrue(html.contains("&lt;b&gt;Evil &amp; Co&lt;/b&gt;&#034;"), html);
        assertFalse(html.contains("<b>Evil"), "the name is escaped");
        assertTrue(html.contains("src=\"https://img.example/logo.png?a=1&amp;b=2\""), html);
        assertTrue(html.contains("Act as you: everything your account may do"), html);
        assertTrue(html.contains("Read incidents"), html);
        assertTrue(html.contains(">Allow</button>") && html.contains(">Deny</button>"));
        assertFalse(html.contains("<script"));
        Map<String, String> hidden = AuthorizationFlow.hiddenFields(html);
        assertNotNull(hidden.get("pending"));
        assertNotNull(hidden.get("csrf_token"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void allowSends303WithCodeStateAndIss() {
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB));
        Http browser = loggedIn(Fixtures.user(server));
        HttpResponse<String> page = browser.get(authorize(app, "my state/+&", null));
        HttpResponse<String> allowed = AuthorizationFlow.answerConsent(browser, page.body(), true);
        assertEquals(303, allowed.statusCode(), allowed.body());
        String loc = location(allowed);
        assertTrue(loc.startsWith(CB + "?code="), loc);
        Map<String, String> q = AuthorizationFlow.query(loc);
        assertTrue(q.get("code").length() >= 43, "256 random bits");
        assertEquals("my state/+&", q.get("state"));
        assertEquals(server.baseUrl(), q.get("iss"));
    }

    @Test
    void denySends303WithAccessDenied() {
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB));
        Http browser = loggedIn(Fixtures.user(server));
        HttpResponse<String> page = browser.get(authorize(app, "deny-state", null));
        HttpResponse<String> denied = AuthorizationFlow.answerConsent(browser, page.body(), false);
        assertEquals(303, denied.statusCode());
        Map<String, String> q = AuthorizationFlow.query(location(denied));
        assertTrue(location(denied).startsWith(CB + "?"));
        assertEquals("access_denied", q.get("error"));
        assertEquals("deny-state", q.get("state"));
        assertEquals(server.baseUrl(), q.get("iss"));
        assertNull(q.get("code"));
        // nothing remembered: the next request asks again
        assertEquals(200, browser.get(authorize(app, "again", null)).statusCode());
    }

    @Test
    void consentPostWithoutOrWithAWrongCsrfTokenIsRefusedAndChangesNothing() {
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB));
        Http browser = loggedIn(Fixtures.user(server));
        HttpResponse<String> page = browser.get(authorize(app, "csrf", null));
        Map<String, String> form = AuthorizationFlow.hiddenFields(page.body());
        HttpResponse<String> none = browser.postForm("/oauth_auth.do", Map.of("pending", form.get("pending"), "decision", "allow"));
        assertEquals(400, none.statusCode());
        assertNull(location(none));
        HttpResponse<String> wrong = browser.postForm("/oauth_auth.do", Map.of("pending", form.get("pending"), "decision", "allow",
                "csrf_token", "x" + form.get("csrf_token")));
        assertEquals(400, wrong.statusCode());
        assertNull(location(wrong));
        // the pending request is untouched: the real form still works, once
        HttpResponse<String> real = AuthorizationFlow.answerConsent(browser, page.body(), true);
        assertEquals(303, real.statusCode());
        HttpResponse<String> again = AuthorizationFlow.answerConsent(browser, page.body(), true);
        assertEquals(400, again.statusCode(), "a pending request is answered once");
        assertNull(location(again));
    }

    @Test
    void anotherSessionCannotAnswerThePendingRequest() {
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB));
        Http victim = loggedIn(Fixtures.user(server));
        HttpResponse<String> page = victim.get(authorize(app, "x", null));
        Http attacker = loggedIn(Fixtures.user(server));
        String attackerCsrf = AuthorizationFlow.hiddenFields(attacker.get(authorize(app, "y", null)).body()).get("csrf_token");
        HttpResponse<String> r = attacker.postForm("/oauth_auth.do", Map.of("pending",
                AuthorizationFlow.hiddenFields(page.body()).get("pending"), "csrf_token", attackerCsrf, "decision", "allow"));
        assertEquals(400, r.statusCode());
        assertNull(location(r));
    }

    @Test
    void consentIsRememberedPerUserApplicationAndScopes() {
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB));
        Fixtures.TestUser u = Fixtures.user(server);
        Http browser = loggedIn(u);
        String code = AuthorizationFlow.obtainCode(browser, app.clientId(), CB, "incident_read", null, u.name(), u.password());
        assertNotNull(code);
        // same scopes: no page, the code comes straight from the GET (302)
        HttpResponse<String> again = browser.get(authorize(app, "r2", "incident_read"));
        assertEquals(302, again.statusCode(), again.body());
        assertTrue(location(again).startsWith(CB + "?code="));
        assertEquals("r2", AuthorizationFlow.query(location(again)).get("state"));
        // more scopes: asked again
        assertEquals(200, browser.get(authorize(app, "r3", "incident_read useraccount")).statusCode());
        // another user: asked
        assertEquals(200, loggedIn(Fixtures.user(server)).get(authorize(app, "r4", "incident_read")).statusCode());
    }

    @Test
    void firstPartyApplicationIsNotAskedForConsent() {
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB), "first_party", true);
        HttpResponse<String> r = loggedIn(Fixtures.user(server)).get(authorize(app, "fp", null));
        assertEquals(302, r.statusCode(), r.body());
        assertTrue(location(r).startsWith(CB + "?code="), location(r));
    }

    @Test
    void postmanWalkThroughGetsACodeOnPostmansCallback() {
        // seed 004: Postman, the demo application, redirect https://oauth.pstmn.io/v1/callback, log in, Allow
        Fixtures.TestUser u = Fixtures.user(server);
        Http browser = Http.browser(server);
        String authorize = AuthorizationFlow.authorizeUrl("demo-confidential", "https://oauth.pstmn.io/v1/callback", "useraccount", "postman-1", null);
        String loc = AuthorizationFlow.authorize(browser, authorize, u.name(), u.password(), true);
        assertTrue(loc.startsWith("https://oauth.pstmn.io/v1/callback?code="), loc);
        Map<String, String> q = AuthorizationFlow.query(loc);
        assertEquals("postman-1", q.get("state"));
        assertEquals(server.baseUrl(), q.get("iss"));
        assertTrue(q.get("code").matches("[A-Za-z0-9_-]{43}"));
        // the helper every other test uses gives a code the same way
        assertNotNull(AuthorizationFlow.obtainCode(server, "demo-public", "https://oauth.pstmn.io/v1/callback", "incident_read",
                AuthorizationFlow.challenge(AuthorizationFlow.newVerifier()), "beth.anglin", "beth.anglin-demo-pw"));
    }

    @Test
    void nativeAppsPrivateSchemeRedirectIsAllowedAsTheConsentFormsTarget() {
        String nativeCb = "com.example.gatehouse:/oauth2redirect";
        Fixtures.TestApp app = Fixtures.app(server, List.of(nativeCb), "public_client", true);
        Http browser = loggedIn(Fixtures.user(server));
        HttpResponse<String> page = browser.get(AuthorizationFlow.authorizeUrl(app.clientId(), nativeCb, null, "n",
                AuthorizationFlow.challenge(AuthorizationFlow.newVerifier())));
        assertEquals(200, page.statusCode(), page.body());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("form-action com.example.gatehouse: 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        HttpResponse<String> allowed = AuthorizationFlow.answerConsent(browser, page.body(), true);
        assertTrue(location(allowed).startsWith(nativeCb + "?code="), location(allowed));
    }
}
