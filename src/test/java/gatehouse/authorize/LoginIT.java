package gatehouse.authorize;

import static gatehouse.authorize.Fixtures.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginIT {
    private final ServerProcess server = TestServer.shared();

    private static Optional<String> cookie(HttpResponse<String> r, String name) {
        // the last one counts (a login first clears any old session cookie, then sets the new one)
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).reduce((a, b) -> b);
    }

    private static String cookieValue(String setCookie) {
        String v = setCookie.substring(setCookie.indexOf('=') + 1);
        int semi = v.indexOf(';');
        return semi < 0 ? v : v.substring(0, semi);
    }

    private HttpResponse<String> post(Http browser, String userName, String password, String returnTo) {
        Map<String, String> form = AuthorizationFlow.hiddenFields(browser.get("/login.do").body());
        form.put("user_name", userName);
        form.put("user_password", password);
        if (returnTo != null) form.put("return_to", returnTo);
        return browser.postForm("/login.do", form);
    }

    @Test
    void loginPageHasLabelledFieldsAndCannotBeFramed() {
        HttpResponse<String> page = Http.browser(server).get("/login.do");
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<label for=\"user_name\">User name</label>"), html);
        assertTrue(html.contains("<label for=\"user_password\">Password</label>"), html);
        assertTrue(html.contains("name=\"user_name\"") && html.contains("name=\"user_password\""));
        assertTrue(html.contains(">Log in</button>"));
        assertTrue(html.contains("name=\"login_token\""));
        assertFalse(html.contains("<script"), "works without JavaScript");
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(null));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(null));
        String loginCookie = cookie(page, LoginFormToken.COOKIE).orElseThrow();
        assertTrue(loginCookie.contains("HttpOnly") && loginCookie.contains("SameSite=Lax"), loginCookie);
    }

    @Test
    void goodLoginStartsASessionWithASafeCookieAndReturns() {
        Http browser = Http.browser(server);
        HttpResponse<String> done = post(browser, "beth.anglin", "beth.anglin-demo-pw", "/connected_apps.do");
        assertEquals(303, done.statusCode(), done.body());
        assertEquals("/connected_apps.do", location(done));
        String session = cookie(done, "GH_SESSION").orElseThrow();
        assertTrue(session.contains("HttpOnly"), session);
        assertTrue(session.contains("SameSite=Lax"), session);
        assertFalse(session.contains("Secure"), "plain http here; Secure is set only on https: " + session);
        assertEquals(200, browser.get("/connected_apps.do").statusCode());
    }

    @Test
    void sessionIdChangesAtLogin() {
        Http browser = Http.browser(server);
        // a value planted before login (session fixation) is never adopted
        String planted = "planted-by-an-attacker-0000000000000000000000";
        Http plain = Http.to(server);
        HttpResponse<String> loginPage = plain.get("/login.do");
        String loginCookie = cookieValue(cookie(loginPage, LoginFormToken.COOKIE).orElseThrow());
        Map<String, String> form = AuthorizationFlow.hiddenFields(loginPage.body());
        form.put("user_name", "abel.tuter");
        form.put("user_password", "abel.tuter-demo-pw");
        HttpResponse<String> first = plain.postForm("/login.do", form,
                "Cookie", LoginFormToken.COOKIE + "=" + loginCookie + "; GH_SESSION=" + planted);
        assertEquals(303, first.statusCode(), first.body());
        String id1 = cookieValue(cookie(first, "GH_SESSION").orElseThrow());
        assertNotEquals(planted, id1);
        assertFalse(id1.isEmpty());
        assertEquals(200, Http.to(server).get("/connected_apps.do", "Cookie", "GH_SESSION=" + id1).statusCode());
        assertEquals(302, Http.to(server).get("/connected_apps.do", "Cookie", "GH_SESSION=" + planted).statusCode());

        // logging in again in the same browser issues another id, and the old one is dead
        HttpResponse<String> a = post(browser, "abel.tuter", "abel.tuter-demo-pw", null);
        String idA = cookieValue(cookie(a, "GH_SESSION").orElseThrow());
        HttpResponse<String> b = post(browser, "abel.tuter", "abel.tuter-demo-pw", null);
        assertEquals(303, b.statusCode());
        String idB = cookieValue(cookie(b, "GH_SESSION").orElseThrow());
        assertNotEquals(idA, idB);
        assertFalse(idB.isEmpty());
        HttpResponse<String> withOld = Http.to(server).get("/connected_apps.do", "Cookie", "GH_SESSION=" + idA);
        assertEquals(302, withOld.statusCode(), "the id before the second login no longer works");
        assertTrue(location(withOld).startsWith("/login.do"));
        assertEquals(200, browser.get("/connected_apps.do").statusCode());
    }

    @Test
    void wrongPasswordIsRefusedWithAMessage() {
        Fixtures.TestUser u = Fixtures.user(server);
        HttpResponse<String> r = post(Http.browser(server), u.name(), "not-the-password", null);
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("Invalid user name or password."), r.body());
        assertTrue(cookie(r, "GH_SESSION").isEmpty());
    }

    @Test
    void loginFormWithoutItsTokenIsRefused() {
        Http browser = Http.browser(server);
        browser.get("/login.do");
        HttpResponse<String> forged = browser.postForm("/login.do",
                Map.of("user_name", "beth.anglin", "user_password", "beth.anglin-demo-pw", "login_token", "forged-token-value"));
        assertEquals(400, forged.statusCode());
        assertTrue(cookie(forged, "GH_SESSION").isEmpty());
        // a cross-site form has no cookie at all
        HttpResponse<String> noCookie = Http.to(server).postForm("/login.do",
                Map.of("user_name", "beth.anglin", "user_password", "beth.anglin-demo-pw"));
        assertEquals(400, noCookie.statusCode());
        assertTrue(cookie(noCookie, "GH_SESSION").isEmpty());
    }

    @Test
    void returnToOnlyAcceptsSameOriginPaths() {
        for (String evil : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
                "javascript:alert(1)", "/\t/evil.example", "evil.example/x", "http:/evil.example")) {
            HttpResponse<String> r = post(Http.browser(server), "beth.anglin", "beth.anglin-demo-pw", evil);
            assertEquals(303, r.statusCode());
            assertEquals("/", location(r), "refused " + evil);
        }
        HttpResponse<String> ok = post(Http.browser(server), "beth.anglin", "beth.anglin-demo-pw", "/oauth_auth.do?a=1&b=2");
        assertEquals("/oauth_auth.do?a=1&b=2", location(ok));
    }

    @Test
    void logoutEndsTheSessionOnTheServer() {
        Http browser = Http.browser(server);
        HttpResponse<String> in = post(browser, "beth.anglin", "beth.anglin-demo-pw", null);
        String id = cookieValue(cookie(in, "GH_SESSION").orElseThrow());

        HttpResponse<String> confirm = browser.get("/logout.do");
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains(">Log out</button>"));
        // a GET alone, or a POST without the CSRF token, changes nothing
        HttpResponse<String> forged = browser.postForm("/logout.do", Map.of());
        assertEquals(400, forged.statusCode());
        assertEquals(200, Http.to(server).get("/connected_apps.do", "Cookie", "GH_SESSION=" + id).statusCode());

        String csrf = AuthorizationFlow.hiddenFields(confirm.body()).get("csrf_token");
        assertNotNull(csrf);
        HttpResponse<String> out = browser.postForm("/logout.do", Map.of("csrf_token", csrf));
        assertEquals(303, out.statusCode());
        assertTrue(cookie(out, "GH_SESSION").orElseThrow().contains("Max-Age=0"));
        // the old cookie, replayed by hand, no longer names a session
        HttpResponse<String> replay = Http.to(server).get("/connected_apps.do", "Cookie", "GH_SESSION=" + id);
        assertEquals(302, replay.statusCode());
        assertTrue(location(replay).startsWith("/login.do"));
    }
}
