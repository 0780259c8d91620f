package gatehouse.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The outbound records over the Table API (CONTRACT "Outbound OAuth"). */
class OutboundRecordsIT {
    private final Http http = Http.to(TestServer.shared());
    private final String admin = Http.adminBasic();

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode post(String table, Map<String, Object> body) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/" + table, body, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    @Test
    void providerKeepsItsSecretWriteOnlyAndComesWithADefaultProfile() {
        String secret = "third-party-secret-" + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "oauth_provider");
        body.put("name", unique("Acme provider"));
        body.put("client_id", "gatehouse-at-acme");
        body.put("client_secret", secret);
        body.put("default_grant_type", "client_credentials");
        body.put("token_url", "https://acme.example.com/oauth/token");
        body.put("token_revocation_url", "https://acme.example.com/oauth/revoke");
        HttpResponse<String> created = http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", admin);
        assertEquals(201, created.statusCode(), created.body());
        assertFalse(created.body().contains(secret), "the client secret is never returned");
        JsonNode p = Http.body(created).path("result");
        assertEquals("oauth_provider", p.path("type").asText());
        assertEquals("gatehouse-at-acme", p.path("client_id").asText());
        assertTrue(p.path("client_secret_set").asBoolean());
        assertFalse(p.has("client_secret"));
        assertEquals("body", p.path("send_credentials").asText());
        assertEquals("S256", p.path("code_challenge_method").asText());
        assertEquals(8640000, p.path("refresh_token_lifespan").asInt());
        assertEquals("RSA", p.path("jwt_public_jwk").path("kty").asText());
        assertFalse(p.path("jwt_public_jwk").has("d"), "only the public half is shown");
        String id = p.path("sys_id").asText();

        String profileId = p.path("default_profile").path("value").asText();
        JsonNode profile = Http.body(http.get("/api/now/table/oauth_entity_profile/" + profileId, "Authorization", admin)).path("result");
        assertEquals(id, profile.path("oauth_entity").path("value").asText(), "a reference: {link, value}");
        assertEquals("client_credentials", profile.path("grant_type").asText());
        assertTrue(profile.path("is_default").asBoolean());

        HttpResponse<String> read = http.get("/api/now/table/oauth_entity/" + id, "Authorization", admin);
        assertEquals(200, read.statusCode());
        assertFalse(read.body().contains(secret));
        HttpResponse<String> list = http.get("/api/now/table/oauth_entity", "Authorization", admin);
        assertFalse(list.body().contains(secret));
        assertTrue(list.body().contains(id));

        // a provider is never an inbound client: its client_id does not authenticate at the token endpoint
        HttpResponse<String> asClient = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials",
                "client_id", "gatehouse-at-acme", "client_secret", secret));
        assertEquals(401, asClient.statusCode(), asClient.body());

        HttpResponse<String> patched = http.json("PATCH", "/api/now/table/oauth_entity/" + id,
                Map.of("default_grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), "Authorization", admin);
        assertEquals(200, patched.statusCode(), patched.body());
        profile = Http.body(http.get("/api/now/table/oauth_entity_profile/" + profileId, "Authorization", admin)).path("result");
        assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", profile.path("grant_type").asText());

        assertEquals(204, http.delete("/api/now/table/oauth_entity/" + id, "Authorization", admin).statusCode());
        assertEquals(404, http.get("/api/now/table/oauth_entity_profile/" + profileId, "Authorization", admin).statusCode());
    }

    @Test
    void invalidProviderIsRefusedWithFieldMessagesAndNothingSaved() {
        String name = unique("Bad provider");
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", Map.of("type", "oauth_provider", "name", name,
                "client_id", "x", "default_grant_type", "authorization_code", "token_url", "http://acme.example.com/token",
                "send_credentials", "carrier_pigeon"), "Authorization", admin);
        assertEquals(400, r.statusCode(), r.body());
        String detail = Http.body(r).path("error").path("detail").asText();
        assertTrue(detail.contains("token_url"), detail);
        assertTrue(detail.contains("auth_url"), detail);
        assertTrue(detail.contains("send_credentials"), detail);
        assertFalse(http.get("/api/now/table/oauth_entity", "Authorization", admin).body().contains(name));

        HttpResponse<String> inboundAsProvider = http.json("PATCH", "/api/now/table/oauth_entity/" + inboundAppId(),
                Map.of("type", "oauth_provider"), "Authorization", admin);
        assertEquals(400, inboundAsProvider.statusCode(), inboundAsProvider.body());
    }

    private String inboundAppId() {
        JsonNode all = Http.body(http.get("/api/now/table/oauth_entity", "Authorization", admin)).path("result");
        for (JsonNode a : all) if ("demo-confidential".equals(a.path("client_id").asText())) return a.path("sys_id").asText();
        throw new AssertionError("no demo app");
    }

    @Test
    void restMessageAndMethodsKeepThePasswordWriteOnly() {
        String password = "basic-pw-" + UUID.randomUUID();
        JsonNode m = post("sys_rest_message", Map.of("name", unique("Weather"), "endpoint", "https://api.example.com/v1/${city}",
                "authentication_type", "basic", "basic_user", "svc", "basic_password", password));
        assertTrue(m.path("basic_password_set").asBoolean());
        assertFalse(m.toString().contains(password));
        String id = m.path("sys_id").asText();
        JsonNode fn = post("sys_rest_message_fn", Map.of("rest_message", id, "name", "get", "http_method", "get",
                "headers", Map.of("X-Trace", "${trace}"), "query_parameters", Map.of("units", "metric")));
        assertEquals("GET", fn.path("http_method").asText());
        assertEquals("${trace}", fn.path("headers").path("X-Trace").asText());

        HttpResponse<String> bad = http.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", id, "name", "bad",
                "headers", Map.of("Host", "evil.example.com")), "Authorization", admin);
        assertEquals(400, bad.statusCode(), bad.body());
        HttpResponse<String> oauthWithoutProfile = http.json("POST", "/api/now/table/sys_rest_message", Map.of("name", unique("x"),
                "authentication_type", "oauth2"), "Authorization", admin);
        assertEquals(400, oauthWithoutProfile.statusCode(), oauthWithoutProfile.body());

        HttpResponse<String> listed = http.get("/api/now/table/sys_rest_message_fn?sysparm_query=rest_message=" + id, "Authorization", admin);
        assertEquals(200, listed.statusCode(), listed.body());
        assertEquals(1, Http.body(listed).path("result").size());
        assertFalse(http.get("/api/now/table/sys_rest_message", "Authorization", admin).body().contains(password));

        assertEquals(204, http.delete("/api/now/table/sys_rest_message/" + id, "Authorization", admin).statusCode());
        assertEquals(404, http.get("/api/now/table/sys_rest_message_fn/" + fn.path("sys_id").asText(), "Authorization", admin).statusCode());
    }

    @Test
    void credentialsAndLogAreReadOnlyAndNeedTheRole() {
        HttpResponse<String> write = http.json("POST", "/api/now/table/oauth_credential", Map.of("profile", "x"), "Authorization", admin);
        assertEquals(405, write.statusCode(), write.body());
        HttpResponse<String> writeLog = http.json("POST", "/api/now/table/sys_outbound_http_log", Map.of("url", "x"), "Authorization", admin);
        assertEquals(405, writeLog.statusCode(), writeLog.body());
        for (String table : List.of("oauth_entity_profile", "oauth_credential", "sys_rest_message", "sys_rest_message_fn", "sys_outbound_http_log")) {
            assertEquals(200, http.get("/api/now/table/" + table, "Authorization", admin).statusCode(), table);
            HttpResponse<String> asItil = http.get("/api/now/table/" + table, "Authorization", Http.basic("beth.anglin", "beth.anglin-demo-pw"));
            assertEquals(403, asItil.statusCode(), table + " " + asItil.body());
        }
    }
}
