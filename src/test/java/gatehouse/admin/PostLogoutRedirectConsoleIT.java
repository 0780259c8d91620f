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

/** The application form's OpenID Connect field: Post logout redirect URLs (RP-Initiated Logout §3). */
class PostLogoutRedirectConsoleIT {
    private final ServerProcess server = TestServer.shared();
    private final Http api = Http.to(server);

    @Test
    void postLogoutRedirectUrlsAreSavedShownAndValidated() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("kind", "authorization_code");
        fields.put("name", "Logout app " + UUID.randomUUID());
        fields.put("provider_name", "Tests");
        fields.put("redirect_urls", "https://rp.example.com/cb");
        fields.put("post_logout_redirect_uris", "https://rp.example.com/bye\r\nhttp://127.0.0.1:9000/bye");
        fields.put("token_format", "opaque");
        fields.put("access_token_lifespan", "900");
        fields.put("refresh_token_lifespan", "86400");
        fields.put("signing_alg", "RS256");
        fields.put("active", "true");
        String scopes = "&auth_scopes=openid&auth_scopes=profile&grant_types=authorization_code";
        HttpResponse<String> created = admin.postRaw("/admin/applications/new", Http.form(fields) + scopes + "&csrf_token=" + admin.csrf());
        assertEquals(200, created.statusCode(), created.body());
        String sysId = ConsoleSession.find(created.body(), "/admin/applications/([0-9a-f]{32})\"");
        assertEquals("[\"https://rp.example.com/bye\",\"http://127.0.0.1:9000/bye\"]", app(sysId).path("post_logout_redirect_uris").toString());
        String form = admin.get("/admin/applications/" + sysId).body();
        assertTrue(form.contains("Post logout redirect URLs") && form.contains("https://rp.example.com/bye\nhttp://127.0.0.1:9000/bye"), form);

        Map<String, String> bad = new LinkedHashMap<>(fields);
        bad.remove("kind");
        bad.put("post_logout_redirect_uris", "http://rp.example.com/bye");
        HttpResponse<String> refused = admin.postRaw("/admin/applications/" + sysId, Http.form(bad) + scopes + "&csrf_token=" + admin.csrf());
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("must use https"), refused.body());
        assertEquals(2, app(sysId).path("post_logout_redirect_uris").size(), "nothing saved");
    }

    private JsonNode app(String sysId) {
        HttpResponse<String> r = api.get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic());
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }
}
