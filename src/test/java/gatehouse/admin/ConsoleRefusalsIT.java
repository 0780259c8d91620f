package gatehouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the console refuses: no session, the wrong role, a missing or wrong CSRF token, hostile input. */
class ConsoleRefusalsIT {
    static final List<String> PAGES = List.of("/admin", "/admin/", "/admin/applications", "/admin/applications/new",
            "/admin/applications/new?kind=authorization_code", "/admin/scopes", "/admin/scopes/new", "/admin/policies",
            "/admin/users", "/admin/users/new", "/admin/audit", "/admin/settings", "/admin/tokens", "/admin/keys", "/admin/nope");
    private final ServerProcess server = TestServer.shared();
    private final Http api = Http.to(server);

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private boolean applicationNamed(String name) {
        HttpResponse<String> list = api.get("/api/now/table/oauth_entity?sysparm_limit=10000&sysparm_fields=name", "Authorization", Http.adminBasic());
        for (JsonNode a : Http.body(list).path("result")) if (name.equals(a.path("name").asText())) return true;
        return false;
    }

    private boolean userNamed(String name) {
        HttpResponse<String> list = api.get("/api/now/table/sys_user?sysparm_limit=10000&sysparm_fields=user_name", "Authorization", Http.adminBasic());
        for (JsonNode u : Http.body(list).path("result")) if (name.equals(u.path("user_name").asText())) return true;
        return false;
    }

    @Test
    void withoutASessionEveryPageSendsToTheLoginPageAndBack() {
        Http anonymous = Http.browser(server);
        HttpResponse<String> r = anonymous.get("/admin/users?q=abc");
        assertEquals(302, r.statusCode());
        assertEquals("/login.do?return_to=%2Fadmin%2Fusers%3Fq%3Dabc", r.headers().firstValue("Location").orElseThrow());
        for (String page : PAGES) {
            HttpResponse<String> p = anonymous.get(page);
            assertEquals(302, p.statusCode(), page);
            assertTrue(p.headers().firstValue("Location").orElseThrow().startsWith("/login.do?return_to="), page);
        }
        HttpResponse<String> post = anonymous.postForm("/admin/applications/new", Map.of("kind", "authorization_code", "name", "x"));
        assertEquals(302, post.statusCode());
    }

    @Test
    void anItilUserGets403OnEveryConsolePage() {
        ConsoleSession beth = ConsoleSession.login(server, "beth.anglin", "beth.anglin-demo-pw");
        for (String page : PAGES) {
            HttpResponse<String> r = beth.get(page);
            assertEquals(403, r.statusCode(), page);
            assertTrue(r.body().contains("needs the admin or oauth_admin role"), page);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), page);
        }
        String name = unique("beth-app");
        HttpResponse<String> post = beth.post("/admin/applications/new", Map.of("kind", "authorization_code", "name", name,
                "provider_name", "Acme", "active", "true"));
        assertEquals(403, post.statusCode());
        assertFalse(applicationNamed(name), "nothing was created");
    }

    @Test
    void anOAuthAdminCannotReachUsersOrSettings() {
        String name = unique("olga");
        HttpResponse<String> created = api.json("POST", "/api/now/table/sys_user", Map.of("user_name", name,
                "user_password", "olga-password-1", "roles", List.of("oauth_admin")), "Authorization", Http.adminBasic());
        assertEquals(201, created.statusCode(), created.body());
        ConsoleSession olga = ConsoleSession.login(server, name, "olga-password-1");
        for (String page : List.of("/admin/applications", "/admin/applications/new", "/admin/scopes", "/admin/policies", "/admin/tokens",
                "/admin/keys", "/admin/audit"))
            assertEquals(200, olga.get(page).statusCode(), page);
        HttpResponse<String> list = olga.get("/admin/applications");
        assertFalse(list.body().contains("/admin/users\""), "no link to Users");
        assertFalse(list.body().contains("/admin/settings\""), "no link to Settings");
        for (String page : List.of("/admin/users", "/admin/users/new", "/admin/settings"))
            assertEquals(403, olga.get(page).statusCode(), page);
        String victim = unique("made-by-olga");
        HttpResponse<String> post = olga.post("/admin/users/new", Map.of("user_name", victim, "roles", "admin",
                "user_password", "long-enough-pw-1", "user_password_confirm", "long-enough-pw-1", "active", "true"));
        assertEquals(403, post.statusCode());
        assertFalse(userNamed(victim), "nothing was created");
    }

    @Test
    void aPostWithoutOrWithAWrongCsrfTokenChangesNothing() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String name = unique("csrf-app");
        String form = "kind=authorization_code&name=" + name + "&provider_name=Acme&active=true";
        assertEquals(403, admin.postRaw("/admin/applications/new", form).statusCode());
        assertEquals(403, admin.postRaw("/admin/applications/new", form + "&csrf_token=wrong").statusCode());
        String good = admin.csrf();
        assertEquals(403, admin.postRaw("/admin/applications/new", form + "&csrf_token=" + good + "&csrf_token=" + good).statusCode(),
                "a repeated token is refused too");
        HttpResponse<String> refused = admin.postRaw("/admin/applications/new", form + "&csrf_token=" + good.substring(1));
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("nothing was changed"));
        assertFalse(applicationNamed(name), "nothing was created");

        // another session's token does not work either
        ConsoleSession other = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        assertEquals(403, admin.postRaw("/admin/applications/new", form + "&csrf_token=" + other.csrf()).statusCode());
        assertFalse(applicationNamed(name), "nothing was created");

        // existing records: regenerate, delete, unlock, user edit: all refused without the token
        HttpResponse<String> app = api.json("POST", "/api/now/table/oauth_entity", Map.of("name", name, "provider_name", "Acme"),
                "Authorization", Http.adminBasic());
        String sysId = Http.body(app).path("result").path("sys_id").asText();
        int mods = Http.body(app).path("result").path("sys_mod_count").asInt();
        assertEquals(403, admin.postRaw("/admin/applications/" + sysId + "/regenerate", "").statusCode());
        assertEquals(403, admin.postRaw("/admin/applications/" + sysId, "name=renamed&provider_name=x").statusCode());
        assertEquals(403, admin.postRaw("/admin/applications/" + sysId + "/delete", "csrf_token=nope").statusCode());
        HttpResponse<String> after = api.get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic());
        assertEquals(200, after.statusCode(), "not deleted");
        assertEquals(name, Http.body(after).path("result").path("name").asText());
        assertEquals(mods, Http.body(after).path("result").path("sys_mod_count").asInt(), "not changed, secret not regenerated");

        // with the token, it works
        assertEquals(303, admin.post("/admin/applications/" + sysId + "/delete", Map.of()).statusCode());
        assertEquals(404, api.get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic()).statusCode());
    }

    @Test
    void aHostileApplicationNameIsShownEscaped() {
        String hostile = "<script>alert(1)</script>" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> app = api.json("POST", "/api/now/table/oauth_entity", Map.of("name", hostile,
                "provider_name", "\"><img src=x onerror=alert(2)>", "logo_url", "https://example.com/a.png?x=1&y=2"),
                "Authorization", Http.adminBasic());
        assertEquals(201, app.statusCode(), app.body());
        String sysId = Http.body(app).path("result").path("sys_id").asText();
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> list = admin.get("/admin/applications?q=" + Http.enc(hostile.substring(0, 14)));
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), list.body());
        assertFalse(list.body().contains("<script>alert(1)"), "escaped on the list");
        HttpResponse<String> form = admin.get("/admin/applications/" + sysId);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(form.body().contains("<script>alert(1)"), "escaped on the form");
        assertFalse(form.body().contains("<img src=x"), "escaped on the form");
        assertTrue(form.body().contains("<img src=\"https://example.com/a.png?x=1&amp;y=2\""), "logo previewed, escaped");
        HttpResponse<String> confirm = admin.get("/admin/applications/" + sysId + "/delete");
        assertFalse(confirm.body().contains("<script>alert(1)"), "escaped on the delete page");
        assertEquals(303, admin.post("/admin/applications/" + sysId + "/delete", Map.of()).statusCode());
    }

    @Test
    void invalidInputReShowsTheFormWithAMessageBesideEachFieldAndSavesNothing() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String name = unique("invalid-app");
        HttpResponse<String> r = admin.post("/admin/applications/new", Map.of("kind", "authorization_code", "name", name,
                "provider_name", "", "redirect_urls", "https://ok.example.com/cb\njavascript:alert(1)",
                "access_token_lifespan", "forever", "token_format", "jwt", "active", "true"));
        assertEquals(400, r.statusCode());
        String body = r.body();
        assertTrue(body.contains("Nothing was saved"), body);
        assertTrue(body.contains("id=\"e-provider_name\""), "message beside Provider name");
        assertTrue(body.contains("id=\"e-redirect_urls\""), "message beside Redirect URL");
        assertTrue(body.contains("id=\"e-access_token_lifespan\""), "message beside Access token lifespan");
        assertTrue(body.contains("value=\"" + name + "\""), "what was typed is kept");
        assertTrue(body.contains("javascript:alert(1)</textarea>"), "the redirect URLs typed are kept");
        assertFalse(applicationNamed(name), "nothing was saved");

        // the same rules as the Table API: a duplicate client id
        HttpResponse<String> dup = admin.post("/admin/applications/new", Map.of("kind", "authorization_code", "name", name,
                "provider_name", "Acme", "client_id", "demo-confidential", "active", "true"));
        assertEquals(400, dup.statusCode());
        assertTrue(dup.body().contains("id=\"e-client_id\""));
        assertFalse(applicationNamed(name), "nothing was saved");

        // an invalid user: bad name and weak password
        HttpResponse<String> user = admin.post("/admin/users/new", Map.of("user_name", "has space", "user_password", "short",
                "user_password_confirm", "short", "active", "true"));
        assertEquals(400, user.statusCode());
        assertTrue(user.body().contains("id=\"e-user_name\""));
        assertTrue(user.body().contains("id=\"e-user_password\""));
    }

    /**
     * The routes every record section shares (one {@code RecordPages} in the code): the list takes GET only, a path
     * deeper than the section's pages, an unknown sys_id and an unknown action are 404s, a POST-only button is a 404 on
     * GET, another method is 405 with Allow; and nothing of it changes a record.
     */
    @Test
    void everyRecordSectionAnswersPathsItDoesNotHaveAlike() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String app = first("oauth_entity", "client_id=demo-confidential");
        String user = first("sys_user", "user_name=admin");
        String scope = ConsoleSession.find(admin.get("/admin/scopes").body(), "/admin/scopes/([0-9a-f]{32})\"");
        String unknown = "0123456789abcdef0123456789abcdef";
        Map<String, String> records = Map.of("applications", app, "users", user, "scopes", scope, "policies", app);
        for (String section : List.of("applications", "users", "scopes", "policies", "cors_rules", "registration_tokens")) {
            String base = "/admin/" + section;
            assertEquals(200, admin.get(base).statusCode(), base);
            assertEquals(400, admin.post(base, Map.of()).statusCode(), "POST " + base);
            assertEquals(404, admin.get(base + "/" + unknown).statusCode(), base + "/{unknown}");
            assertEquals(404, admin.post(base + "/" + unknown, Map.of("name", "x")).statusCode(), "POST " + base + "/{unknown}");
            assertEquals(404, admin.get(base + "/" + unknown + "/delete").statusCode(), base + "/{unknown}/delete");
            assertEquals(404, admin.get(base + "/new/x/y").statusCode(), base + "/new/x/y");
            HttpResponse<String> put = admin.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + base))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()));
            assertEquals(405, put.statusCode(), "PUT " + base);
            String allow = put.headers().firstValue("Allow").orElse("");
            assertTrue(allow.contains("GET") && allow.contains("POST") && !allow.contains("PUT"), "PUT " + base + ": Allow " + allow);
            String id = records.get(section);
            if (id == null) continue;
            assertEquals(200, admin.get(base + "/" + id).statusCode(), base + "/{sys_id}");
            assertEquals(404, admin.get(base + "/" + id + "/nope").statusCode(), base + "/{sys_id}/nope");
            assertEquals(404, admin.post(base + "/" + id + "/nope", Map.of()).statusCode(), "POST " + base + "/{sys_id}/nope");
            assertEquals(404, admin.get(base + "/" + id + "/delete/x").statusCode(), base + "/{sys_id}/delete/x");
        }
        assertEquals(404, admin.get("/admin/policies/" + app + "/delete").statusCode(), "a policy has no actions");
        assertEquals(404, admin.get("/admin/policies/new").statusCode(), "policies are not made here");
        assertEquals(200, admin.get("/admin/scopes/" + scope + "/delete").statusCode(), "the confirmation page");
        assertEquals(404, admin.get("/admin/applications/" + app + "/regenerate").statusCode(), "regenerate is a POST button");
        assertEquals(404, admin.get("/admin/users/" + user + "/unlock").statusCode(), "unlock is a POST button");
        assertEquals(404, admin.get("/admin/users/" + user + "/password").statusCode(), "password is a POST button");
        assertEquals(200, admin.get("/admin/applications/new").statusCode(), "which kind?");
        assertEquals(400, admin.post("/admin/applications/new", Map.of("name", "no kind")).statusCode(), "no kind");
        assertFalse(applicationNamed("no kind"), "nothing was created");
        HttpResponse<String> after = api.get("/api/now/table/oauth_entity/" + app, "Authorization", Http.adminBasic());
        assertEquals("demo-confidential", Http.body(after).path("result").path("client_id").asText(), "still there");
    }

    private String first(String table, String query) {
        HttpResponse<String> r = api.get("/api/now/table/" + table + "?sysparm_query=" + Http.enc(query) + "&sysparm_fields=sys_id",
                "Authorization", Http.adminBasic());
        assertEquals(200, r.statusCode(), r.body());
        String id = Http.body(r).path("result").path(0).path("sys_id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), table + " " + query + ": " + r.body());
        return id;
    }
}
