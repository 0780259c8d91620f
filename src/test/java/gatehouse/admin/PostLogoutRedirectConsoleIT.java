package gatehouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The application form's OpenID Connect field: Post logout redirect URLs (RP-Initiated Logout §3). */
class PostLogoutRedirectConsoleIT {
    private final ServerProcess server = TestServer.shared();

    @Test
    void postLogoutRedirectUrlsAreSavedShownAndValidated() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        Map<String, String> fields = ConsoleSession.applicationFields("authorization_code", "Logout app " + UUID.randomUUID());
        fields.put("redirect_urls", "https://rp.example.com/cb");
        fields.put("post_logout_redirect_uris", "https://rp.example.com/bye\r\nhttp://127.0.0.1:9000/bye");
        String scopes = "&auth_scopes=openid&auth_scopes=profile&grant_types=authorization_code";
        HttpResponse<String> created = admin.postApplication("/admin/applications/new", fields, scopes);
        assertEquals(200, created.statusCode(), created.body());
        String sysId = ConsoleSession.createdApplication(created);
        assertEquals("[\"https://rp.example.com/bye\",\"http://127.0.0.1:9000/bye\"]", app(sysId).path("post_logout_redirect_uris").toString());
        String form = admin.get("/admin/applications/" + sysId).body();
        assertTrue(form.contains("Post logout redirect URLs") && form.contains("https://rp.example.com/bye\nhttp://127.0.0.1:9000/bye"), form);

        Map<String, String> bad = new LinkedHashMap<>(fields);
        bad.remove("kind");
        bad.put("post_logout_redirect_uris", "http://rp.example.com/bye");
        HttpResponse<String> refused = admin.postApplication("/admin/applications/" + sysId, bad, scopes);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("must use https"), refused.body());
        assertEquals(2, app(sysId).path("post_logout_redirect_uris").size(), "nothing saved");
    }

    private JsonNode app(String sysId) {
        return ConsoleSession.application(server, sysId);
    }
}
