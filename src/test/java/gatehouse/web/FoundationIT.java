package gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoundationIT {

    @Test
    void healthReportsTheDatabaseAndHomePageLinksLoginAndAdmin() {
        Http http = Http.to(TestServer.shared());
        HttpResponse<String> health = http.get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = Http.body(health);
        assertEquals("UP", body.path("status").asText());
        assertEquals("UP", body.path("database").path("status").asText());

        HttpResponse<String> home = http.get("/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("Gatehouse is running"), home.body());
        assertTrue(home.body().contains("href=\"/login.do\""));
        assertTrue(home.body().contains("href=\"/admin/\""));
        assertEquals("DENY", home.headers().firstValue("X-Frame-Options").orElse(null));
        assertTrue(home.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
    }

    @Test
    void liveAndReadyTellALoadBalancerWhetherThisNodeCanServe() throws Exception {
        Http http = Http.to(TestServer.shared());
        HttpResponse<String> live = http.get("/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("UP", Http.body(live).path("status").asText());
        HttpResponse<String> ready = http.get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonNode body = Http.body(ready);
        assertEquals("UP", body.path("status").asText());
        assertEquals("UP", body.path("database").path("status").asText());
        assertEquals("UP", body.path("signing_keys").path("status").asText());
        int newest = 0;
        for (String line : Files.readAllLines(Path.of("src/main/resources/db/migrations.txt"))) {
            String t = line.trim();
            if (!t.isEmpty() && !t.startsWith("#")) newest = Math.max(newest, Integer.parseInt(t.split("\\s+")[0]));
        }
        assertEquals(newest, body.path("schema").path("version").asInt(), ready.body());
        assertEquals(newest, body.path("schema").path("expected").asInt(), ready.body());
        assertEquals("no-store", ready.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void dataSurvivesARestartAndDemoDataIsSeededOnlyOnce() {
        Path data = TestServer.newDataDir("restart");
        String userId;
        try (ServerProcess first = TestServer.startIn(data, Map.of())) {
            Http http = Http.to(first);
            HttpResponse<String> created = http.json("POST", "/api/now/table/sys_user",
                    Map.of("user_name", "survivor", "user_password", "survivor-pass-1", "roles", "itil"),
                    "Authorization", Http.adminBasic());
            assertEquals(201, created.statusCode(), created.body());
            userId = Http.body(created).path("result").path("sys_id").asText();
        }
        try (ServerProcess second = TestServer.startIn(data, Map.of("gatehouse.admin.password", "a-different-password"))) {
            Http http = Http.to(second);
            // the admin keeps the password of the first start: the setting only applies to an empty database
            HttpResponse<String> user = http.get("/api/now/table/sys_user/" + userId, "Authorization", Http.adminBasic());
            assertEquals(200, user.statusCode(), user.body());
            assertEquals("survivor", Http.body(user).path("result").path("user_name").asText());
            HttpResponse<String> apps = http.get("/api/now/table/oauth_entity", "Authorization", Http.adminBasic());
            long demoApps = 0;
            for (JsonNode a : Http.body(apps).path("result")) if (a.path("client_id").asText().equals("demo-confidential")) demoApps++;
            assertEquals(1, demoApps);
        }
    }

    @Test
    void malformedSettingStopsStartUp() {
        assertThrows(IllegalStateException.class, () -> TestServer.start("bad-setting", Map.of("gatehouse.code.lifespan", "soon")));
        assertThrows(IllegalStateException.class, () -> TestServer.start("bad-issuer", Map.of("gatehouse.issuer", "not a url")));
    }

    @Test
    void unwritableDataFolderStopsStartUp() throws Exception {
        Path file = Files.createTempFile("gatehouse", ".not-a-folder");
        assertThrows(IllegalStateException.class, () -> TestServer.startIn(file.resolve("data"), Map.of()));
    }

    @Test
    void unreachableDatabaseStopsStartUp() {
        assertThrows(IllegalStateException.class, () -> TestServer.start("bad-db",
                Map.of("gatehouse.db.url", "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=2", "gatehouse.db.user", "x")));
    }

    @Test
    void firstStartWithoutAdminPasswordPrintsARandomOne() {
        try (ServerProcess l = TestServer.start("random-admin", Map.of("gatehouse.admin.password", "", "gatehouse.demo", "false"))) {
            HttpResponse<String> r = Http.to(l).get("/api/now/table/sys_user", "Authorization", Http.basic("admin", ""));
            assertEquals(401, r.statusCode());
            assertNotNull(r.headers().firstValue("WWW-Authenticate").orElse(null));
        }
    }
}
