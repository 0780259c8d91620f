package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Lockout and address throttling (CONTRACT "Security of log-in"), on a server of its own: the failures counted for
 * 127.0.0.1 here would otherwise throttle every other test's wrong passwords. Lockouts of 4 s, then 6 s at most, so
 * that the test can wait for them to end; the address is throttled after 20 failures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThrottlingIT {
    private static final String LOCKED = "This account is locked after too many failed log-in attempts.";
    private static final String THROTTLED = "Too many failed log-in attempts from this address.";
    private static ServerProcess server;

    @BeforeAll
    static void start() {
        server = TestServer.start("login-throttling", Map.of("gatehouse.login.lockout.seconds", "4",
                "gatehouse.login.lockout.max.seconds", "6", "gatehouse.login.address.max.failures", "20"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<String> post(Http browser, String userName, String password) {
        Map<String, String> form = AuthorizationFlow.hiddenFields(browser.get("/login.do").body());
        form.put("user_name", userName);
        form.put("user_password", password);
        return browser.postForm("/login.do", form);
    }

    private static boolean startsSession(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("GH_SESSION=") && !c.contains("Max-Age=0"));
    }

    @Test
    @Order(1)
    void lockoutIsTemporaryGrowsAndLooksTheSameForUnknownUsers() throws InterruptedException {
        Fixtures.TestUser u = Fixtures.user(server);
        String unknown = Fixtures.unique("nobody");
        Http browser = Http.browser(server);
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> known = post(browser, u.name(), "wrong-" + i);
            HttpResponse<String> nobody = post(browser, unknown, "wrong-" + i);
            assertEquals(401, known.statusCode());
            assertEquals(401, nobody.statusCode());
            assertTrue(known.body().contains("Invalid user name or password."), known.body());
            assertTrue(nobody.body().contains("Invalid user name or password."), nobody.body());
        }
        HttpResponse<String> fifthKnown = post(browser, u.name(), "wrong-5");
        HttpResponse<String> fifthUnknown = post(browser, unknown, "wrong-5");
        long lockedAt = System.currentTimeMillis();
        assertTrue(fifthKnown.body().contains(LOCKED + " Try again in 4 seconds."), fifthKnown.body());
        assertTrue(fifthUnknown.body().contains(LOCKED + " Try again in 4 seconds."), "an unknown name looks exactly like a real one: " + fifthUnknown.body());
        // while locked even the right password is refused, and no session starts
        HttpResponse<String> right = post(browser, u.name(), u.password());
        assertEquals(401, right.statusCode());
        assertTrue(right.body().contains(LOCKED + " Try again in"), right.body());
        assertFalse(startsSession(right));
        assertEquals(401, Http.to(server).get("/api/now/table/incident", "Authorization", Http.basic(u.name(), u.password())).statusCode());

        // the lockout ends by itself: the right password works and resets the count
        Thread.sleep(Math.max(0, lockedAt + 4_300 - System.currentTimeMillis()));
        HttpResponse<String> after = post(browser, u.name(), u.password());
        assertEquals(303, after.statusCode(), after.body());
        assertTrue(startsSession(after));

        // without a success in between, the next lockout lasts twice as long (8 s, but at most 6 s); this client's
        // wrong guesses for that name are throttled in the meantime
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            last = post(browser, unknown, "again-" + i);
            if (i < 4) {
                assertEquals(429, last.statusCode(), last.body());
                assertTrue(last.body().contains(THROTTLED), last.body());
            }
        }
        assertTrue(last.body().contains(LOCKED + " Try again in 6 seconds."), last.body());

        // the right password after the lockout reset the count: five wrong ones lock for the first step again
        for (int i = 0; i < 4; i++) assertEquals(401, post(browser, u.name(), "wrong-again-" + i).statusCode());
        assertTrue(post(browser, u.name(), "wrong-again-5").body().contains(LOCKED + " Try again in 4 seconds."));
        // an admin may end it at once
        HttpResponse<String> unlock = Http.to(server).json("PATCH", "/api/now/table/sys_user/" + u.sysId(), Map.of("locked_out", false),
                "Authorization", Http.adminBasic());
        assertEquals(200, unlock.statusCode(), unlock.body());
        assertEquals(303, post(browser, u.name(), u.password()).statusCode(), "unlocked");
    }

    @Test
    @Order(2)
    void manyFailuresFromOneAddressAreSlowedAndAnswered429ButTheRightPasswordStillWorks() {
        Http browser = Http.browser(server);
        HttpResponse<String> last = null;
        for (int i = 0; i < 30 && (last == null || last.statusCode() != 429); i++) {
            last = post(browser, Fixtures.unique("guess"), "wrong");
        }
        assertEquals(429, last.statusCode());
        assertTrue(last.body().contains(THROTTLED + " Try again in 5 minutes."), last.body());
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 250 && retryAfter <= 300, "Retry-After " + retryAfter);
        // a wrong password of a real user from this address: 429 as well
        assertEquals(429, post(browser, "abel.tuter", "not-his-password").statusCode());
        // the right password of an account that is not locked is never refused (slowed down, but let in)
        long started = System.currentTimeMillis();
        HttpResponse<String> good = post(browser, "beth.anglin", "beth.anglin-demo-pw");
        assertEquals(303, good.statusCode(), good.body());
        assertTrue(startsSession(good));
        assertTrue(System.currentTimeMillis() - started >= 1000, "checks from a throttled address are delayed");
    }

    @Test
    @Order(3)
    void theTableApiAnswersAThrottledAddressWith429AndRetryAfterInItsOwnShape() {
        Http api = Http.to(server);
        HttpResponse<String> wrong = api.get("/api/now/table/incident", "Authorization", Http.basic("abel.tuter", "wrong"));
        assertEquals(429, wrong.statusCode(), wrong.body());
        assertTrue(Long.parseLong(wrong.headers().firstValue("Retry-After").orElseThrow()) > 0);
        JsonNode error = Http.body(wrong);
        assertEquals("failure", error.path("status").asText());
        assertTrue(error.path("error").path("detail").asText().startsWith(THROTTLED), wrong.body());
        HttpResponse<String> unknown = api.get("/api/now/table/incident", "Authorization", Http.basic(Fixtures.unique("nobody"), "wrong"));
        assertEquals(429, unknown.statusCode());
        assertEquals(200, api.get("/api/now/table/incident", "Authorization", Http.basic("beth.anglin", "beth.anglin-demo-pw")).statusCode());
    }

    @Test
    @Order(4)
    void theTokenEndpointAnswersAThrottledAddressWithRfc6749JsonAnd429() {
        Http http = Http.to(server);
        String client = Http.basic("demo-confidential", "demo-confidential-secret-change-me");
        HttpResponse<String> wrong = http.postForm("/oauth_token.do", Map.of("grant_type", "password", "username", "abel.tuter",
                "password", "wrong"), "Authorization", client);
        assertEquals(429, wrong.statusCode(), wrong.body());
        assertEquals("invalid_grant", Http.body(wrong).path("error").asText());
        assertTrue(Http.body(wrong).path("error_description").asText().startsWith(THROTTLED));
        assertTrue(wrong.headers().firstValue("Retry-After").isPresent());
        assertEquals("no-store", wrong.headers().firstValue("Cache-Control").orElse(""));
        HttpResponse<String> good = http.postForm("/oauth_token.do", Map.of("grant_type", "password", "username", "beth.anglin",
                "password", "beth.anglin-demo-pw"), "Authorization", client);
        assertEquals(200, good.statusCode(), good.body());

        // a wrong client secret from the throttled address: 429 invalid_client; the right one is let in
        HttpResponse<String> badSecret = http.postForm("/oauth_token.do", Map.of("grant_type", "client_credentials"),
                "Authorization", Http.basic("demo-confidential", "not-the-secret"));
        assertEquals(429, badSecret.statusCode(), badSecret.body());
        assertEquals("invalid_client", Http.body(badSecret).path("error").asText());
        assertTrue(badSecret.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, http.postForm("/oauth_token.do", Map.of("grant_type", "client_credentials"), "Authorization", client).statusCode());
    }
}
