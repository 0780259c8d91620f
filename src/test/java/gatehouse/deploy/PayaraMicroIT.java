package gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.PayaraMicro;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of the Payara build: the lean WAR ({@code target/gatehouse-payara.war}, what {@code mvn -Ppayara package}
 * builds: no Jersey, EclipseLink or JSTL inside) deployed on Payara Micro 6, which brings its own.
 */
class PayaraMicroIT {

    @Test
    void leanWarRunsOnPayaraMicroWithEmbeddedDerby() throws Exception {
        try (ZipFile war = new ZipFile(System.getProperty("gatehouse.test.payara.war", "target/gatehouse-payara.war"))) {
            List<String> libs = war.stream().map(e -> e.getName()).filter(n -> n.startsWith("WEB-INF/lib/")).toList();
            assertTrue(libs.stream().anyMatch(n -> n.contains("derby-")), libs.toString());
            assertTrue(libs.stream().anyMatch(n -> n.contains("jjwt-api")), libs.toString());
            assertFalse(libs.stream().anyMatch(n -> n.contains("jersey") || n.contains("eclipse.persistence")
                    || n.contains("jstl") || n.contains("jakarta.")), "Payara provides these: " + libs);
        }
        String data = TestServer.newDataDir("payara").toAbsolutePath().toString();
        try (PayaraMicro payara = PayaraMicro.start("derby", Map.of("gatehouse.data.dir", data,
                "gatehouse.admin.password", TestServer.ADMIN_PASSWORD, "gatehouse.demo", "true",
                "gatehouse.password.iterations", "20000"), Map.of(), null, List.of())) {
            Http http = Http.at(payara.baseUrl());
            HttpResponse<String> health = http.get("/health");
            assertEquals(200, health.statusCode(), health.body() + "\n" + payara.tail());
            JsonNode body = Http.body(health);
            assertEquals("UP", body.path("status").asText());
            assertTrue(body.path("database").path("detail").asText().contains("Derby"), health.body());

            HttpResponse<String> home = http.get("/");
            assertEquals(200, home.statusCode());
            assertTrue(home.body().contains("Payara"), "runs on Payara: " + home.body());

            String name = "payara-" + UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> created = http.json("POST", "/api/now/table/sys_user",
                    Map.of("user_name", name, "user_password", "payara-pass-1", "roles", "itil"), "Authorization", Http.adminBasic());
            assertEquals(201, created.statusCode(), created.body());
            JsonNode user = Http.body(created).path("result");
            assertEquals(name, user.path("user_name").asText());
            assertFalse(user.has("user_password"));
            HttpResponse<String> read = http.get("/api/now/table/sys_user/" + user.path("sys_id").asText(), "Authorization", Http.adminBasic());
            assertEquals(200, read.statusCode(), read.body());
            // the same JSON shapes as on Tomcat (Jackson, not Payara's JSON-B): roles is an array
            assertTrue(Http.body(read).path("result").path("roles").isArray(), read.body());

            HttpResponse<String> anonymous = http.get("/api/now/table/sys_user");
            assertEquals(401, anonymous.statusCode());
        }
    }
}
