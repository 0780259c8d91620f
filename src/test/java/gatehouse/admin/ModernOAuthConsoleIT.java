package gatehouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * The application form's DPoP checkbox (RFC 9449 dpop_bound_access_tokens), its PAR checkbox (RFC 9126
 * require_pushed_authorization_requests) and the device authorization grant type.
 */
class ModernOAuthConsoleIT {
    private final ServerProcess server = TestServer.shared();

    @Test
    void requireDpopAndTheDeviceGrantAreSavedShownAndClearedFromTheForm() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        Map<String, String> fields = ConsoleSession.applicationFields("authorization_code", "TV app " + UUID.randomUUID());
        fields.put("redirect_urls", "https://tv.example.com/cb");
        fields.put("token_format", "jwt");
        fields.put("signing_alg", "ES256");
        fields.put("dpop_bound_access_tokens", "true");
        fields.put("require_pushed_authorization_requests", "true");
        String lists = "&auth_scopes=useraccount&grant_types=authorization_code&grant_types="
                + Http.enc("urn:ietf:params:oauth:grant-type:device_code");
        HttpResponse<String> created = admin.postApplication("/admin/applications/new", fields, lists);
        assertEquals(200, created.statusCode(), created.body());
        String sysId = ConsoleSession.createdApplication(created);
        JsonNode app = app(sysId);
        assertTrue(app.path("dpop_bound_access_tokens").asBoolean(), app.toString());
        assertTrue(app.path("require_pushed_authorization_requests").asBoolean(), app.toString());
        assertTrue(app.path("grant_types").toString().contains("urn:ietf:params:oauth:grant-type:device_code"), app.toString());
        String form = admin.get("/admin/applications/" + sysId).body();
        assertTrue(form.contains("Require DPoP-bound tokens") && form.contains("Device authorization (RFC 8628"), form);
        assertTrue(form.matches("(?s).*name=\"dpop_bound_access_tokens\"[^>]*checked.*"), "the box shows as ticked");
        assertTrue(form.contains("Require pushed authorization requests"), form);
        assertTrue(form.matches("(?s).*name=\"require_pushed_authorization_requests\"[^>]*checked.*"), "the PAR box shows as ticked");

        Map<String, String> unticked = new LinkedHashMap<>(fields);
        unticked.remove("kind");
        unticked.remove("dpop_bound_access_tokens");
        unticked.remove("require_pushed_authorization_requests");
        HttpResponse<String> saved = admin.postApplication("/admin/applications/" + sysId, unticked,
                "&auth_scopes=useraccount&grant_types=authorization_code");
        assertTrue(saved.statusCode() == 200 || saved.statusCode() == 303, saved.statusCode() + " " + saved.body());
        app = app(sysId);
        assertEquals(false, app.path("dpop_bound_access_tokens").asBoolean(), app.toString());
        assertEquals(false, app.path("require_pushed_authorization_requests").asBoolean(), app.toString());
        assertTrue(!admin.get("/admin/applications/" + sysId).body().matches("(?s).*name=\"require_pushed_authorization_requests\"[^>]*checked.*"),
                "the PAR box shows as cleared");
        assertTrue(!app.path("grant_types").toString().contains("device_code"), app.toString());
    }

    private JsonNode app(String sysId) {
        return ConsoleSession.application(server, sysId);
    }
}
