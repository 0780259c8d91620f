package gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.AtOnce;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Successful and failed log-ins of one user at the same moment (HTTP Basic on the Table API, which checks the password
 * as the login page does): each is answered for what it is (200 or 401), never a 5xx or a 409 from two transactions
 * that locked the user's rows in different orders (a deadlock) or wrote over each other; no new user row is needed to
 * count a failure twice. Lockout and throttling are set far away so that every request is checked.
 */
class ConcurrentLoginIT {
    static ServerProcess server;

    /** JUnit runs this for a subclass too, whose server is another: there it starts nothing. */
    @BeforeAll
    static void start(org.junit.jupiter.api.TestInfo info) {
        if (info.getTestClass().orElseThrow() == ConcurrentLoginIT.class) startWith(Map.of());
    }

    /** The server, with {@code extra} settings (a database of its own, say). */
    static void startWith(Map<String, String> extra) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("gatehouse.login.max.failures", "1000",
                "gatehouse.login.address.max.failures", "100000"));
        settings.putAll(extra);
        server = TestServer.start("concurrent-login", settings);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void rightAndWrongPasswordsOfOneUserAtOnceAreEachAnsweredForWhatTheyAre() {
        Http http = Http.to(server);
        String name = "racer-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        HttpResponse<String> made = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "user_password", password,
                "roles", "itil"), "Authorization", Http.adminBasic());
        assertEquals(201, made.statusCode(), made.body());
        String sysId = Http.body(made).path("result").path("sys_id").asText();

        int threads = 8;
        int rounds = 6;
        Map<String, Integer> seen = new TreeMap<>();
        List<String> wrongAnswers = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            int shift = round;
            for (String what : AtOnce.run(threads, i -> {
                boolean right = (i + shift) % 2 == 0;
                HttpResponse<String> r = http.get("/api/now/table/incident?sysparm_limit=1", "Authorization",
                        Http.basic(name, right ? password : "wrong-" + i));
                String answer = (right ? "right " : "wrong ") + r.statusCode();
                return (right ? r.statusCode() == 200 : r.statusCode() == 401) ? answer : answer + " " + r.body();
            })) {
                seen.merge(what.length() > 9 ? what.substring(0, 9) : what, 1, Integer::sum);
                if (!what.equals("right 200") && !what.equals("wrong 401")) wrongAnswers.add(what);
            }
        }
        assertTrue(wrongAnswers.isEmpty(), "answers " + seen + "; not as expected: " + wrongAnswers);
        assertEquals(threads * rounds / 2, seen.get("right 200"));

        // a success after all of it clears the count of failures in a row
        assertEquals(200, http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", Http.basic(name, password)).statusCode());
        HttpResponse<String> user = http.get("/api/now/table/sys_user/" + sysId + "?sysparm_fields=failed_attempts", "Authorization", Http.adminBasic());
        assertEquals("0", Http.body(user).path("result").path("failed_attempts").asText(), user.body());
    }
}
