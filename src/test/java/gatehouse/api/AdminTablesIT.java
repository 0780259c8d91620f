package gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AdminTablesIT {
    private final Http http = Http.to(TestServer.shared());
    private final String admin = Http.adminBasic();

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void userLifecycleOverTheTableApi() {
        String name = unique("carla");
        HttpResponse<String> created = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name,
                "user_password", "carla-password-1", "first_name", "Carla", "email", "carla@example.com",
                "roles", List.of("itil")), "Authorization", admin);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode user = Http.body(created).path("result");
        String id = user.path("sys_id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"));
        assertFalse(user.has("user_password"), "user_password is write-only");
        assertFalse(created.body().contains("pbkdf2"), "no hash leaks");
        assertEquals("itil", user.path("roles").get(0).asText());
        assertTrue(user.path("active").asBoolean());

        HttpResponse<String> patched = http.json("PATCH", "/api/now/table/sys_user/" + id, Map.of("last_name", "Dias", "roles", "itil,oauth_admin"),
                "Authorization", admin);
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("Dias", Http.body(patched).path("result").path("last_name").asText());
        assertEquals(2, Http.body(patched).path("result").path("roles").size());

        // the new user can authenticate with HTTP Basic, but an oauth_admin may not read users
        HttpResponse<String> asCarla = http.get("/api/now/table/sys_user", "Authorization", Http.basic(name, "carla-password-1"));
        assertEquals(403, asCarla.statusCode(), asCarla.body());
        assertEquals("failure", Http.body(asCarla).path("status").asText());
        HttpResponse<String> appsAsCarla = http.get("/api/now/table/oauth_entity", "Authorization", Http.basic(name, "carla-password-1"));
        assertEquals(200, appsAsCarla.statusCode());

        HttpResponse<String> list = http.get("/api/now/table/sys_user?sysparm_limit=2&sysparm_fields=user_name,sys_id", "Authorization", admin);
        assertEquals(200, list.statusCode());
        assertEquals(2, Http.body(list).path("result").size());
        assertEquals(2, Http.body(list).path("result").get(0).size());
        assertTrue(Long.parseLong(list.headers().firstValue("X-Total-Count").orElseThrow()) >= 3);
        assertTrue(list.headers().firstValue("Link").orElse("").contains("rel=\"next\""));

        assertEquals(204, http.delete("/api/now/table/sys_user/" + id, "Authorization", admin).statusCode());
        assertEquals(404, http.get("/api/now/table/sys_user/" + id, "Authorization", admin).statusCode());
    }

    @Test
    void applicationCreateReturnsTheSecretOnceAndFillsDefaults() {
        HttpResponse<String> created = http.json("POST", "/api/now/table/oauth_entity", Map.of("name", "Reporting",
                "provider_name", "Acme", "redirect_urls", "https://app.example.com/cb, https://app.example.com/cb2"),
                "Authorization", admin);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode app = Http.body(created).path("result");
        String secret = app.path("client_secret").asText();
        assertTrue(secret.length() >= 40, secret);
        assertEquals(2, app.path("redirect_urls").size());
        assertEquals("[\"authorization_code\",\"refresh_token\"]", app.path("grant_types").toString());
        assertEquals(1800, app.path("access_token_lifespan").asInt());
        assertEquals(8640000, app.path("refresh_token_lifespan").asInt());
        assertEquals("client", app.path("type").asText());
        assertNotNull(app.path("client_id").asText(null));

        HttpResponse<String> read = http.get("/api/now/table/oauth_entity/" + app.path("sys_id").asText(), "Authorization", admin);
        assertEquals(200, read.statusCode());
        assertFalse(read.body().contains(secret), "the secret is shown only in the create response");
        assertFalse(Http.body(read).path("result").has("client_secret"));
    }

    @Test
    void badInputIsA4xxInTheErrorShapeAndSavesNothing() {
        String name = unique("bad");
        Object[][] cases = {
                {"{not json", 400},
                {"[1,2]", 400},
                {"", 400},
                {Map.of("user_name", name, "user_password", "short"), 400},
                {Map.of("user_name", name, "user_password", "long-enough-1", "unknown_field", 1), 400},
                {Map.of("user_name", name, "user_password", "long-enough-1", "active", "maybe"), 400},
                {Map.of("user_name", "has space", "user_password", "long-enough-1"), 400},
                {Map.of("user_name", name, "user_password", "long-enough-1", "roles", Map.of("a", 1)), 400},
                {Map.of("user_name", "admin", "user_password", "long-enough-1"), 400},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = http.json("POST", "/api/now/table/sys_user", c[0], "Authorization", admin);
            assertEquals(c[1], r.statusCode(), c[0] + " -> " + r.body());
            JsonNode b = Http.body(r);
            assertEquals("failure", b.path("status").asText(), r.body());
            assertTrue(b.path("error").has("message"));
            assertTrue(b.path("error").has("detail"));
        }
        HttpResponse<String> list = http.get("/api/now/table/sys_user?sysparm_limit=10000", "Authorization", admin);
        assertFalse(list.body().contains(name), "nothing was saved");

        assertEquals(400, http.json("POST", "/api/now/table/oauth_entity", Map.of("name", "x"), "Authorization", admin).statusCode());
        assertEquals(400, http.json("POST", "/api/now/table/oauth_entity", Map.of("name", "x", "provider_name", "y",
                "redirect_urls", List.of("javascript:alert(1)")), "Authorization", admin).statusCode());
        assertEquals(400, http.json("POST", "/api/now/table/oauth_entity", Map.of("name", "x", "provider_name", "y",
                "redirect_urls", List.of("http://evil.example.com/cb")), "Authorization", admin).statusCode());
        assertEquals(400, http.json("POST", "/api/now/table/oauth_entity", Map.of("name", "x", "provider_name", "y",
                "token_format", "paper"), "Authorization", admin).statusCode());
        assertEquals(400, http.json("POST", "/api/now/table/oauth_entity", Map.of("name", "x", "provider_name", "y",
                "access_token_lifespan", "forever"), "Authorization", admin).statusCode());
        assertEquals(400, http.get("/api/now/table/sys_user?sysparm_limit=-1", "Authorization", admin).statusCode());
        assertEquals(400, http.get("/api/now/table/sys_user?sysparm_limit=99999999999", "Authorization", admin).statusCode());
        assertEquals(400, http.get("/api/now/table/nope", "Authorization", admin).statusCode());
        assertEquals(404, http.get("/api/now/table/sys_user/0123456789abcdef0123456789abcdef", "Authorization", admin).statusCode());
    }

    @Test
    void unauthenticatedAndWrongPasswordAre401WithAChallenge() {
        HttpResponse<String> none = http.get("/api/now/table/sys_user");
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals("failure", Http.body(none).path("status").asText());
        HttpResponse<String> wrong = http.get("/api/now/table/sys_user", "Authorization", Http.basic("admin", "wrong-password"));
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> garbage = http.get("/api/now/table/sys_user", "Authorization", "Basic !!!notbase64");
        assertEquals(401, garbage.statusCode());
    }
}
