package gatehouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Outbound OAuth in the admin console: provider form with the contract's labels, profiles' state, REST messages with Test, log. */
class OutboundConsoleIT {
    private final ServerProcess server = TestServer.shared();

    @Test
    void connectAProviderSeeItsProfileNeedAPersonAndTestARestMessage() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> kinds = admin.get("/admin/applications/new");
        assertTrue(kinds.body().contains("/admin/outbound/providers/new"), kinds.body());
        assertTrue(kinds.body().contains("Connect to a third-party OAuth provider"));

        HttpResponse<String> form = admin.get("/admin/outbound/providers/new");
        assertEquals(200, form.statusCode(), form.body());
        for (String label : new String[] {"Client ID", "Client Secret", "Default Grant type", "Authorization URL", "Token URL",
                "Token Revocation URL", "Redirect URL", "Send Credentials", "Public Client", "Code challenge method", "Refresh Token Lifespan"})
            assertTrue(form.body().contains(">" + label), label);

        String name = "Console provider " + UUID.randomUUID().toString().substring(0, 8);
        String secret = "console-secret-" + UUID.randomUUID();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("client_id", "gh-console");
        fields.put("client_secret", secret);
        fields.put("default_grant_type", "authorization_code");
        fields.put("auth_url", "https://acme.example.com/authorize");
        fields.put("send_credentials", "body");
        fields.put("code_challenge_method", "S256");
        fields.put("refresh_token_lifespan", "8640000");
        fields.put("active", "true");
        HttpResponse<String> invalid = admin.post("/admin/outbound/providers/new", fields);
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertTrue(invalid.body().contains("Nothing was saved"));
        assertFalse(invalid.body().contains(secret), "the secret is not echoed back");

        fields.put("token_url", "https://acme.example.com/token");
        HttpResponse<String> created = admin.post("/admin/outbound/providers/new", fields);
        assertEquals(303, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElseThrow();
        assertTrue(location.contains("/admin/outbound/providers/"), location);
        HttpResponse<String> page = admin.get(location.replaceFirst("^https?://[^/]+", ""));
        assertEquals(200, page.statusCode(), page.body());
        assertFalse(page.body().contains(secret));
        assertTrue(page.body().contains("&#034;kty&#034;") || page.body().contains("\"kty\""), "the public JWK is shown");

        HttpResponse<String> overview = admin.get("/admin/outbound");
        assertEquals(200, overview.statusCode(), overview.body());
        assertTrue(overview.body().contains("need a person"), overview.body());
        assertTrue(overview.body().contains(name + " default_profile"));
        assertTrue(overview.body().contains("Get OAuth Token"));
        assertTrue(admin.get("/admin/applications?q=" + name.replace(" ", "+")).body().contains("Outbound: OAuth provider"));

        // a REST message with basic authentication against this server's own Table API, run by the Test button
        String message = "console-msg-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> m = admin.post("/admin/outbound/messages/new", Map.of("name", message, "endpoint", server.baseUrl() + "/api/now/table/incident",
                "authentication_type", "basic", "basic_user", "beth.anglin", "basic_password", "beth.anglin-demo-pw"));
        assertEquals(303, m.statusCode(), m.body());
        String messageId = ConsoleSession.find(m.headers().firstValue("Location").orElseThrow(), "messages/([0-9a-f]{32})");
        HttpResponse<String> fn = admin.post("/admin/outbound/methods/new?rest_message=" + messageId, Map.of("name", "list", "http_method", "GET",
                "query_parameters", "{\"sysparm_limit\":\"${n}\"}"));
        assertEquals(303, fn.statusCode(), fn.body());
        String fnId = ConsoleSession.find(fn.headers().firstValue("Location").orElseThrow(), "methods/([0-9a-f]{32})");
        HttpResponse<String> tested = admin.post("/admin/outbound/methods/" + fnId + "/test", Map.of("variables", "n=1"));
        assertEquals(200, tested.statusCode(), tested.body());
        assertTrue(tested.body().contains("HTTP status <strong>200</strong>"), tested.body());
        assertTrue(tested.body().contains("INC"), tested.body());
        assertFalse(admin.get("/admin/outbound/messages/" + messageId).body().contains("beth.anglin-demo-pw"));

        HttpResponse<String> log = admin.get("/admin/outbound/log?kind=execution");
        assertEquals(200, log.statusCode(), log.body());
        assertTrue(log.body().contains(message), log.body());
        assertEquals(200, admin.get("/admin/outbound/credentials").statusCode());

        ConsoleSession itil = ConsoleSession.login(server, "beth.anglin", "beth.anglin-demo-pw");
        assertEquals(403, itil.get("/admin/outbound").statusCode());
    }
}
