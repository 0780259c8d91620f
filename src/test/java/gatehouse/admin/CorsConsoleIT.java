package gatehouse.admin;

import static gatehouse.admin.ConsoleSession.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Browser apps in the console: CORS rules (admin only) and an application's Allowed origins, seen by the CORS filter. */
class CorsConsoleIT {
    private final ServerProcess server = TestServer.shared();
    private final Http api = Http.to(server);

    private HttpResponse<String> preflight(String path, String origin, String method) {
        return api.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method).header("Access-Control-Request-Headers", "authorization"));
    }

    @Test
    void aCorsRuleIsCreatedEditedAndDeletedInTheConsoleAndTheApiFollows() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        assertTrue(admin.get("/admin/cors_rules").body().contains("CORS rules"));
        HttpResponse<String> blank = admin.get("/admin/cors_rules/new");
        assertEquals(200, blank.statusCode());
        for (String label : new String[] {">Name", ">REST API", ">Domain", ">HTTP methods", ">Allowed headers", ">Exposed headers", ">Max age", ">Active"})
            assertTrue(blank.body().contains(label), label);
        String origin = "https://console-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        String name = "Console rule " + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("rest_api", "table");
        fields.put("domain", origin + "/path");
        fields.put("allowed_headers", "Authorization, Content-Type");
        fields.put("exposed_headers", "X-Total-Count");
        fields.put("max_age", "300");
        fields.put("active", "true");
        HttpResponse<String> invalid = admin.postRaw("/admin/cors_rules/new", Http.form(fields) + "&http_method=GET&csrf_token=" + admin.csrf());
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertTrue(invalid.body().contains("Domain must be http:// or https://"), invalid.body());
        assertFalse(admin.get("/admin/cors_rules").body().contains(name), "nothing saved");

        fields.put("domain", origin);
        HttpResponse<String> created = admin.postRaw("/admin/cors_rules/new", Http.form(fields) + "&http_method=GET&http_method=PATCH&csrf_token=" + admin.csrf());
        assertEquals(303, created.statusCode(), created.body());
        String list = admin.get("/admin/cors_rules?done=created").body();
        assertTrue(list.contains(name) && list.contains(origin) && list.contains("GET, PATCH"), list);
        HttpResponse<String> allowed = preflight("/api/now/table/incident", origin, "PATCH");
        assertEquals(204, allowed.statusCode(), allowed.body());
        assertEquals("300", allowed.headers().firstValue("Access-Control-Max-Age").orElse(null));

        String sysId = find(list, "/admin/cors_rules/([0-9a-f]{32})\">" + java.util.regex.Pattern.quote(name));
        JsonNode stored = Http.body(api.get("/api/now/table/sys_cors_rule/" + sysId, "Authorization", Http.adminBasic())).path("result");
        assertEquals("[\"GET\",\"PATCH\"]", stored.path("http_method").toString());
        assertEquals("[\"X-Total-Count\"]", stored.path("exposed_headers").toString());

        fields.remove("active");   // unticked
        assertEquals(303, admin.postRaw("/admin/cors_rules/" + sysId, Http.form(fields) + "&http_method=GET&csrf_token=" + admin.csrf()).statusCode());
        assertEquals(403, preflight("/api/now/table/incident", origin, "GET").statusCode(), "an inactive rule opens nothing");
        assertEquals(303, admin.post("/admin/cors_rules/" + sysId + "/delete", Map.of()).statusCode());
        assertEquals(404, api.get("/api/now/table/sys_cors_rule/" + sysId, "Authorization", Http.adminBasic()).statusCode());
    }

    @Test
    void corsRulesNeedTheAdminRole() {
        String user = "cors-console-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        assertEquals(201, api.json("POST", "/api/now/table/sys_user", Map.of("user_name", user, "user_password", password, "roles", "oauth_admin"),
                "Authorization", Http.adminBasic()).statusCode());
        ConsoleSession oauthAdmin = ConsoleSession.login(server, user, password);
        assertEquals(403, oauthAdmin.get("/admin/cors_rules").statusCode());
        assertFalse(oauthAdmin.get("/admin/applications").body().contains("/admin/cors_rules"), "not in the navigation");
    }

    @Test
    void anApplicationsAllowedOriginsAreEditedOnItsForm() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> form = admin.get("/admin/applications/new?kind=public");
        assertTrue(form.body().contains(">Allowed origins"), "on the public client's form");
        assertFalse(admin.get("/admin/applications/new?kind=client_credentials").body().contains(">Allowed origins"), "not without redirect URLs");
        String origin = "https://spa-console-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        Map<String, String> fields = ConsoleSession.applicationFields("public", "Console SPA " + UUID.randomUUID().toString().substring(0, 6));
        fields.put("redirect_urls", "https://elsewhere.example.com/cb");
        fields.put("allowed_origins", "https://app.example.com/path");
        String lists = "&auth_scopes=useraccount&grant_types=authorization_code";
        HttpResponse<String> invalid = admin.postApplication("/admin/applications/new", fields, lists);
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertTrue(invalid.body().contains("is not an origin such as https://app.example.com"), invalid.body());
        fields.put("allowed_origins", origin + "\r\nhttp://localhost:5173");
        HttpResponse<String> created = admin.postApplication("/admin/applications/new", fields, lists);
        assertTrue(created.statusCode() == 200 || created.statusCode() == 303, created.statusCode() + " " + created.body());
        HttpResponse<String> p = preflight("/oauth_token.do", origin, "POST");
        assertEquals(204, p.statusCode(), p.body());
        assertEquals(origin, p.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    }
}
