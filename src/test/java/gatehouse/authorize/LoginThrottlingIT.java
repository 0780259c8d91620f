package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Lockout and address throttling on the login page, on a server of its own: the failures counted per address
 * here would otherwise throttle every other test's logins from 127.0.0.1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThrottlingIT {
    private static final String LOCKED = "This account is locked after too many failed log-in attempts.";
    private static ServerProcess server;

    @BeforeAll
    static void start() {
        server = TestServer.start("login-throttling", Map.of());
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

    @Test
    @Order(1)
    void lockoutAfterFiveFailuresWithTheSameMessageForUnknownUsers() {
        Fixtures.TestUser u = Fixtures.user(server);
        String unknown = Fixtures.unique("nobody");
        Http browser = Http.browser(server);
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> known = post(browser, u.name(), "wrong-" + i);
            HttpResponse<String> nobody = post(browser, unknown, "wrong-" + i);
            assertEquals(401, known.statusCode());
            assertTrue(known.body().contains("Invalid user name or password."), known.body());
            assertTrue(nobody.body().contains("Invalid user name or password."), nobody.body());
        }
        HttpResponse<String> fifthKnown = post(browser, u.name(), "wrong-5");
        HttpResponse<String> fifthUnknown = post(browser, unknown, "wrong-5");
        assertTrue(fifthKnown.body().contains(LOCKED), fifthKnown.body());
        assertTrue(fifthUnknown.body().contains(LOCKED), "an unknown name looks exactly like a real one: " + fifthUnknown.body());
        // now even the right password is refused, and no session starts
        HttpResponse<String> right = post(browser, u.name(), u.password());
        assertEquals(401, right.statusCode());
        assertTrue(right.body().contains(LOCKED));
        assertTrue(right.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("GH_SESSION=") && !c.contains("Max-Age=0")));
        // the admin unlocks the account: the right password works again
        HttpResponse<String> unlock = Http.to(server).json("PATCH", "/api/now/table/sys_user/" + u.sysId(), Map.of("locked_out", false),
                "Authorization", Http.adminBasic());
        assertEquals(200, unlock.statusCode(), unlock.body());
        assertEquals(303, post(browser, u.name(), u.password()).statusCode(), "unlocked");
    }

    @Test
    @Order(2)
    void manyFailuresFromOneAddressAreThrottled() {
        Http browser = Http.browser(server);
        HttpResponse<String> last = null;
        for (int i = 0; i < 60 && (last == null || last.statusCode() != 429); i++) {
            last = post(browser, Fixtures.unique("guess"), "wrong");
        }
        assertEquals(429, last.statusCode());
        assertTrue(last.body().contains("Too many failed log-in attempts from this address."), last.body());
        // while throttled, even a good password is not checked
        HttpResponse<String> good = post(browser, "beth.anglin", "beth.anglin-demo-pw");
        assertEquals(429, good.statusCode());
    }
}
