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
}
