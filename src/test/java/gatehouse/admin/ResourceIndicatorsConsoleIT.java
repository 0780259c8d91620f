package gatehouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The application form's Resources field (RFC 8707) and the Token exchange grant type (RFC 8693). */
class ResourceIndicatorsConsoleIT {
    private static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    private final ServerProcess server = TestServer.shared();
    private final Http api = Http.to(server);

    @Test
    void resourcesAndTokenExchangeAreSavedShownAndABadResourceIsRefusedOnTheForm() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("kind", "client_credentials");
        fields.put("name", "Orders service " + UUID.randomUUID());
        fields.put("provider_name", "Tests");
        fields.put("token_format", "jwt");
        fields.put("access_token_lifespan", "900");
        fields.put("refresh_token_lifespan", "86400");
        fields.put("signing_alg", "RS256");
        fields.put("client_credentials_user", "admin");
        fields.put("active", "true");
        fields.put("resources", "https://orders.example.com/api\r\nurn:example:orders");
        String lists = "&auth_scopes=useraccount&grant_types=client_credentials&grant_types=" + Http.enc(EXCHANGE);
        HttpResponse<String> created = admin.postRaw("/admin/applications/new", Http.form(fields) + lists + "&csrf_token=" + admin.csrf());
        assertEquals(200, created.statusCode(), created.body());
        String sysId = ConsoleSession.find(created.body(), "/admin/applications/([0-9a-f]{32})\"");
        JsonNode app = app(sysId);
        assertEquals("https://orders.example.com/api", app.path("resources").path(0).asText(), app.toString());
        assertEquals("urn:example:orders", app.path("resources").path(1).asText(), app.toString());
        assertTrue(app.path("grant_types").toString().contains(EXCHANGE), app.toString());
        String form = admin.get("/admin/applications/" + sysId).body();
        assertTrue(form.contains("Token exchange (RFC 8693") && form.contains("https://orders.example.com/api\nurn:example:orders"), form);
        assertTrue(form.matches("(?s).*value=\"" + EXCHANGE + "\"[^>]*checked.*"), "the grant type shows as ticked");

        Map<String, String> bad = new LinkedHashMap<>(fields);
        bad.remove("kind");
        bad.put("resources", "https://orders.example.com/api#part");
        HttpResponse<String> refused = admin.postRaw("/admin/applications/" + sysId, Http.form(bad) + lists + "&csrf_token=" + admin.csrf());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("must not have a fragment"), refused.body());
        assertEquals(2, app(sysId).path("resources").size(), "nothing was saved");

        Map<String, String> cleared = new LinkedHashMap<>(fields);
        cleared.remove("kind");
        cleared.put("resources", "");
        HttpResponse<String> saved = admin.postRaw("/admin/applications/" + sysId,
                Http.form(cleared) + "&auth_scopes=useraccount&grant_types=client_credentials&csrf_token=" + admin.csrf());
        assertTrue(saved.statusCode() == 200 || saved.statusCode() == 303, saved.statusCode() + " " + saved.body());
        app = app(sysId);
        assertEquals(0, app.path("resources").size(), app.toString());
        assertFalse(app.path("grant_types").toString().contains(EXCHANGE), app.toString());
    }

    private JsonNode app(String sysId) {
        HttpResponse<String> r = api.get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic());
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }
}
