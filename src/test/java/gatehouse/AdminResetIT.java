package gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The break-glass (README "Getting back in"): with permanent lockouts, strangers lock the only admin out; the host's
 * operator restarts with {@code gatehouse.admin.reset} and logs in with it. A restart with the same value changes nothing.
 */
class AdminResetIT {
    private static final String RESET = "break-glass-password-1";

    private static HttpResponse<String> users(ServerProcess server, String password) {
        return Http.to(server).get("/api/now/table/sys_user?sysparm_query=user_name=admin", "Authorization", Http.basic("admin", password));
    }

    @Test
    void aStartWithGatehouseAdminResetUnlocksAdminAndSetsItsPasswordOncePerValue() {
        Path data = TestServer.newDataDir("admin-reset");
        Map<String, String> permanent = Map.of("gatehouse.login.lockout.permanent", "true");
        try (ServerProcess first = TestServer.startIn(data, permanent)) {
            for (int i = 0; i < 5; i++) assertEquals(401, users(first, "guess-" + i).statusCode());
            HttpResponse<String> locked = users(first, TestServer.ADMIN_PASSWORD);
            assertEquals(401, locked.statusCode(), "anonymous strangers locked the only admin out");
            assertTrue(locked.body().contains("Ask an administrator to unlock it."), locked.body());
        }

        String adminId;
        try (ServerProcess second = TestServer.startIn(data, Map.of("gatehouse.login.lockout.permanent", "true", "gatehouse.admin.reset", RESET))) {
            // the old password is gone (and this client's five wrong guesses for admin still have it throttled: 429)
            assertEquals(429, users(second, TestServer.ADMIN_PASSWORD).statusCode());
            HttpResponse<String> in = users(second, RESET);
            assertEquals(200, in.statusCode(), in.body());
            adminId = Http.body(in).path("result").get(0).path("sys_id").asText();
            assertFalse(Http.body(in).path("result").get(0).path("locked_out").asBoolean());
            // the console's login page too
            Http browser = Http.browser(second);
            Map<String, String> form = AuthorizationFlow.hiddenFields(browser.get("/login.do").body());
            form.put("user_name", "admin");
            form.put("user_password", RESET);
            assertEquals(303, browser.postForm("/login.do", form).statusCode());
            assertTrue(browser.get("/admin/audit?record=" + adminId).body().contains("admin_reset"), "audited");
            String log = second.logText();
            assertTrue(log.contains("gatehouse.admin.reset: user 'admin'"), log);
            assertFalse(log.contains(RESET), "the password is never logged");
            // the admin chooses a password of their own
            HttpResponse<String> changed = Http.to(second).json("PATCH", "/api/now/table/sys_user/" + adminId,
                    Map.of("user_password", "chosen-after-reset-1"), "Authorization", Http.basic("admin", RESET));
            assertEquals(200, changed.statusCode(), changed.body());
        }

        try (ServerProcess third = TestServer.startIn(data, Map.of("gatehouse.login.lockout.permanent", "true", "gatehouse.admin.reset", RESET))) {
            assertEquals(200, users(third, "chosen-after-reset-1").statusCode(), "the same value is not applied again");
            assertEquals(401, users(third, RESET).statusCode(), "the reset value is not the password any more");
            assertTrue(third.logText().contains("this value was applied before"));
        }
    }
}
