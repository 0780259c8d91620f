package gatehouse.admin;

import static gatehouse.admin.ConsoleSession.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The console's pages doing their work, checked through the Table API (the same records, the same rules). */
class ConsolePagesIT {
    private final ServerProcess server = TestServer.shared();
    private final Http api = Http.to(server);

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode app(String sysId) {
        return ConsoleSession.application(server, sysId);
    }

    private static void inOrder(String body, String... labels) {
        int at = -1;
        for (String label : labels) {
            int next = body.indexOf(label, at + 1);
            assertTrue(next > at, "'" + label + "' comes after the previous label");
            at = next;
        }
    }

    @Test
    void newAsksTheKindThenShowsSeed003sSectionsAndLabelsInOrder() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String kinds = admin.get("/admin/applications/new").body();
        inOrder(kinds, "OAuth authorization code grant", "Client credentials grant", "JWT bearer grant",
                "Public client (mobile or single-page app)", "/admin/outbound/providers/new", "Connect to a third-party OAuth provider");
        HttpResponse<String> form = admin.get("/admin/applications/new?kind=authorization_code");
        assertEquals(200, form.statusCode());
        inOrder(form.body(), "<legend>Details</legend>", ">Name of OAuth entity", ">Provider name", ">Redirect URL", ">Client ID",
                ">Client Secret", ">This is a public client", "<legend>Auth scope</legend>", ">Auth scope<", "Create new auth scope",
                ">Limit authorization", ">Allow access only to APIs in selected scope", "<legend>Advanced options</legend>",
                ">Enforce token restriction", ">Token Format", ">Access token lifespan", ">Refresh token lifespan", ">Login URL",
                ">Logo URL", ">Grant types", ">Signing algorithm", ">JWKS<", ">JWKS URL", ">Active", ">First-party (no consent)", ">Save<");
        for (String help : List.of("URL to which the authorization code should be sent after authentication.",
                "Unique ID assigned to identify the application.", "The names of the APIs for which you want to restrict authorization.",
                "Duration (in seconds) for which the OAuth access token remains valid before it expires.",
                "HTTP redirection endpoint to authenticate with the authorization server."))
            assertTrue(form.body().contains(help), help);
        assertTrue(form.body().contains("<label for=\"f-name\">"), "fields have labels");
        HttpResponse<String> publicForm = admin.get("/admin/applications/new?kind=public");
        assertFalse(publicForm.body().contains(">Client Secret"), "a public client has no secret field");
        HttpResponse<String> ccForm = admin.get("/admin/applications/new?kind=client_credentials");
        assertTrue(ccForm.body().contains(">Client credentials user"));
        assertFalse(ccForm.body().contains(">Redirect URL"));
    }

    @Test
    void anApplicationIsCreatedEditedGivenANewSecretAndDeletedThroughTheConsole() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String name = unique("Console App");
        Map<String, String> fields = ConsoleSession.applicationFields("authorization_code", name);
        fields.put("provider_name", "Postman");
        fields.put("redirect_urls", "https://oauth.pstmn.io/v1/callback\r\nhttps://app.example.com/cb?a=1,2");
        fields.put("logo_url", "https://example.com/logo.png");
        HttpResponse<String> created = admin.postApplication("/admin/applications/new", fields,
                "&auth_scopes=useraccount&auth_scopes=incident_read&grant_types=authorization_code&grant_types=refresh_token");
        assertEquals(200, created.statusCode(), created.body());
        String secret = find(created.body(), "id=\"client-secret\" class=\"secret\" readonly value=\"([^\"]+)\"");
        String clientId = find(created.body(), "<code id=\"client-id\">([^<]+)</code>");
        String sysId = ConsoleSession.createdApplication(created);
        assertTrue(secret.length() >= 40);
        assertTrue(created.body().contains("data-copy=\"client-secret\" hidden"), "the copy button needs JavaScript; the text is selectable");

        JsonNode a = app(sysId);
        assertEquals(name, a.path("name").asText());
        assertEquals(clientId, a.path("client_id").asText());
        assertEquals("[\"https://oauth.pstmn.io/v1/callback\",\"https://app.example.com/cb?a=1,2\"]", a.path("redirect_urls").toString());
        assertEquals("[\"useraccount\",\"incident_read\"]", a.path("auth_scopes").toString());
        assertEquals(900, a.path("access_token_lifespan").asInt());
        assertTrue(a.path("active").asBoolean());

        HttpResponse<String> list = admin.get("/admin/applications?q=" + Http.enc(name.substring(12)));
        assertTrue(list.body().contains(name) && list.body().contains(clientId), "searchable");
        HttpResponse<String> edit = admin.get("/admin/applications/" + sysId);
        assertFalse(edit.body().contains(secret), "the secret is never shown again");
        assertTrue(edit.body().contains("<img src=\"https://example.com/logo.png\""), "logo preview");

        // Create new auth scope in place: created and selected, the application not saved yet
        String scope = "console_" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> again = new LinkedHashMap<>(fields);
        again.remove("kind");
        again.put("new_scope_name", scope);
        again.put("new_scope_description", "Console test scope");
        again.put("action", "create_scope");
        HttpResponse<String> withScope = admin.postRaw("/admin/applications/" + sysId, Http.form(again)
                + "&auth_scopes=useraccount&grant_types=authorization_code&csrf_token=" + admin.csrf());
        assertEquals(200, withScope.statusCode(), withScope.body());
        assertTrue(withScope.body().contains("value=\"" + scope + "\" checked"), "the new scope is selected");
        assertEquals(2, app(sysId).path("auth_scopes").size(), "not saved yet");

        // edit: one redirect URL removed, deactivated, APIs of the selected scopes only
        Map<String, String> change = new LinkedHashMap<>(fields);
        change.remove("kind");
        change.remove("active");
        change.put("name", name + " v2");
        change.put("redirect_urls", "https://oauth.pstmn.io/v1/callback");
        change.put("scope_apis_only", "true");
        HttpResponse<String> saved = admin.postRaw("/admin/applications/" + sysId, Http.form(change)
                + "&auth_scopes=incident_read&grant_types=authorization_code&csrf_token=" + admin.csrf());
        assertEquals(303, saved.statusCode(), saved.body());
        a = app(sysId);
        assertEquals(name + " v2", a.path("name").asText());
        assertEquals(1, a.path("redirect_urls").size());
        assertFalse(a.path("active").asBoolean(), "unticked Active deactivates");
        assertTrue(a.path("enforce_token_restriction").asBoolean());
        assertEquals("[\"table/incident\"]", a.path("api_access_policies").toString());
        assertTrue(admin.get("/admin/applications/" + sysId).body().contains("id=\"f-scope_apis_only\" name=\"scope_apis_only\" value=\"true\" checked"));

        HttpResponse<String> regenerated = admin.post("/admin/applications/" + sysId + "/regenerate", Map.of());
        assertEquals(200, regenerated.statusCode());
        String newSecret = find(regenerated.body(), "id=\"client-secret\" class=\"secret\" readonly value=\"([^\"]+)\"");
        assertNotEquals(secret, newSecret);

        assertTrue(admin.get("/admin/applications/" + sysId + "/delete").body().contains("cannot be undone"));
        assertEquals(303, admin.post("/admin/applications/" + sysId + "/delete", Map.of()).statusCode());
        assertEquals(404, api.get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic()).statusCode());
        assertEquals(404, admin.get("/admin/applications/" + sysId).statusCode());

        String audit = admin.get("/admin/audit?record=" + sysId).body();
        for (String action : List.of(">create<", ">update<", ">regenerate_secret<", ">delete<")) assertTrue(audit.contains(action), action);
        assertFalse(audit.contains(secret) || audit.contains(newSecret), "never a secret in the audit log");
        assertTrue(admin.get("/admin/audit?table=oauth_auth_scope&actor=admin").body().contains("name=" + scope));
    }

    @Test
    void aScopeInUseCannotBeDeleted() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String scope = "scope_" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> bad = admin.post("/admin/scopes/new", Map.of("name", "bad scope!", "description", "", "apis", "not an api"));
        assertEquals(400, bad.statusCode());
        for (String field : List.of("name", "description", "apis")) assertTrue(bad.body().contains("id=\"e-" + field + "\""), field);
        assertEquals(303, admin.post("/admin/scopes/new", Map.of("name", scope, "description", "Read things", "apis", "table/incident")).statusCode());
        String scopeId = find(admin.get("/admin/scopes").body(), "/admin/scopes/([0-9a-f]{32})\"><code>" + scope + "<");
        String appName = unique("uses-scope");
        HttpResponse<String> created = api.json("POST", "/api/now/table/oauth_entity", Map.of("name", appName, "provider_name", "Acme",
                "auth_scopes", List.of("useraccount", scope)), "Authorization", Http.adminBasic());
        String appId = Http.body(created).path("result").path("sys_id").asText();
        HttpResponse<String> refused = admin.post("/admin/scopes/" + scopeId + "/delete", Map.of());
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("is still used by 1 application (" + appName + ")"), refused.body());
        assertEquals(200, admin.get("/admin/scopes/" + scopeId).statusCode(), "still there");
        api.json("PATCH", "/api/now/table/oauth_entity/" + appId, Map.of("auth_scopes", List.of("useraccount")), "Authorization", Http.adminBasic());
        assertEquals(303, admin.post("/admin/scopes/" + scopeId + "/delete", Map.of()).statusCode());
        assertEquals(404, admin.get("/admin/scopes/" + scopeId).statusCode());
    }

    @Test
    void usersAreCreatedLockedUnlockedAndGivenPasswords() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String name = unique("dora");
        HttpResponse<String> created = admin.postRaw("/admin/users/new", Http.form(Map.of("user_name", name, "first_name", "Dora",
                "email", name + "@example.com", "other_roles", "custom_role", "user_password", "dora-password-1",
                "user_password_confirm", "dora-password-1", "active", "true", "csrf_token", admin.csrf())) + "&roles=itil");
        assertEquals(303, created.statusCode(), created.body());
        String id = find(created.headers().firstValue("Location").orElseThrow(), "/admin/users/([0-9a-f]{32})");
        String basic = Http.basic(name, "dora-password-1");
        assertEquals(403, api.get("/api/now/table/oauth_entity", "Authorization", basic).statusCode(), "authenticated, not allowed");
        JsonNode user = Http.body(api.get("/api/now/table/sys_user/" + id, "Authorization", Http.adminBasic())).path("result");
        assertEquals("[\"itil\",\"custom_role\"]", user.path("roles").toString());
        assertTrue(admin.get("/admin/users?q=" + name).body().contains(name + "@example.com"));

        Map<String, String> lock = new LinkedHashMap<>(Map.of("user_name", name, "first_name", "Dora", "email", name + "@example.com",
                "other_roles", "custom_role", "active", "true", "locked_out", "true"));
        assertEquals(303, admin.postRaw("/admin/users/" + id, Http.form(lock) + "&roles=itil&csrf_token=" + admin.csrf()).statusCode());
        assertEquals(401, api.get("/api/now/table/oauth_entity", "Authorization", basic).statusCode(), "locked out");
        String page = admin.get("/admin/users/" + id).body();
        assertTrue(page.contains("This account is locked out"));
        assertEquals(303, admin.post("/admin/users/" + id + "/unlock", Map.of()).statusCode());
        assertEquals(403, api.get("/api/now/table/oauth_entity", "Authorization", basic).statusCode(), "unlocked");

        // locked by failed log-ins, then unlocked: the login throttle is cleared too
        for (int i = 0; i < 6; i++) api.get("/api/now/table/oauth_entity", "Authorization", Http.basic(name, "wrong-password-" + i));
        assertEquals(401, api.get("/api/now/table/oauth_entity", "Authorization", basic).statusCode());
        assertTrue(admin.get("/admin/users/" + id).body().contains("This account is locked out"));
        assertEquals(303, admin.post("/admin/users/" + id + "/unlock", Map.of()).statusCode());
        assertEquals(403, api.get("/api/now/table/oauth_entity", "Authorization", basic).statusCode());

        HttpResponse<String> mismatch = admin.post("/admin/users/" + id + "/password", Map.of("user_password", "dora-password-2",
                "user_password_confirm", "dora-password-3"));
        assertEquals(400, mismatch.statusCode());
        assertTrue(mismatch.body().contains("id=\"e-user_password_confirm\""));
        HttpResponse<String> weak = admin.post("/admin/users/" + id + "/password", Map.of("user_password", "short", "user_password_confirm", "short"));
        assertEquals(400, weak.statusCode());
        assertTrue(weak.body().contains("id=\"e-user_password\""));
        assertEquals(303, admin.post("/admin/users/" + id + "/password", Map.of("user_password", "dora-password-2",
                "user_password_confirm", "dora-password-2")).statusCode());
        assertEquals(401, api.get("/api/now/table/oauth_entity", "Authorization", basic).statusCode(), "old password refused");
        assertEquals(403, api.get("/api/now/table/oauth_entity", "Authorization", Http.basic(name, "dora-password-2")).statusCode());

        String adminId = Http.body(api.get("/api/now/table/sys_user?sysparm_limit=10000", "Authorization", Http.adminBasic())).path("result")
                .findParents("user_name").stream().filter(n -> n.path("user_name").asText().equals("admin")).findFirst().orElseThrow()
                .path("sys_id").asText();
        HttpResponse<String> self = admin.postRaw("/admin/users/" + adminId, Http.form(Map.of("user_name", "admin", "active", "true",
                "csrf_token", admin.csrf())) + "&roles=oauth_admin");
        assertEquals(400, self.statusCode(), "an admin cannot take away their own admin role");

        String audit = admin.get("/admin/audit?record=" + id).body();
        assertTrue(audit.contains("locked_out") && audit.contains("user_password"), "lock, unlock and password changes are logged");
        assertFalse(audit.contains("dora-password"), "never a password");
    }

    @Test
    void theAuditLogFiltersByUserRecordAndDate() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String name = unique("audited");
        HttpResponse<String> created = api.json("POST", "/api/now/table/oauth_entity", Map.of("name", name, "provider_name", "Acme"),
                "Authorization", Http.adminBasic());
        String id = Http.body(created).path("result").path("sys_id").asText();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        assertTrue(admin.get("/admin/audit?actor=admin&table=oauth_entity&from=" + today + "&to=" + today).body().contains(id));
        assertFalse(admin.get("/admin/audit?record=" + id + "&from=" + tomorrow).body().contains("name=" + name));
        assertFalse(admin.get("/admin/audit?record=" + id + "&actor=beth.anglin").body().contains("name=" + name));
        HttpResponse<String> bad = admin.get("/admin/audit?from=yesterday");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("id=\"e-from\""));
    }

    @Test
    void failedLogInsOfConsoleUsersAreInTheAuditLog() {
        String name = unique("olaf");
        HttpResponse<String> created = api.json("POST", "/api/now/table/sys_user", Map.of("user_name", name,
                "user_password", "olaf-password-1", "roles", List.of("oauth_admin")), "Authorization", Http.adminBasic());
        String id = Http.body(created).path("result").path("sys_id").asText();
        assertEquals(401, api.get("/api/now/table/oauth_entity", "Authorization", Http.basic(name, "not-the-password")).statusCode());
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String audit = admin.get("/admin/audit?actor=" + name).body();
        assertTrue(audit.contains(">login_failed<") && audit.contains("wrong password, 1 in a row"), audit);
        assertFalse(audit.contains("not-the-password"), "never the password tried");
        assertTrue(admin.get("/admin/audit?record=" + id).body().contains(">login_failed<"));
    }

    @Test
    void settingsShowEachValueAndSourceButNeverASecret() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> r = admin.get("/admin/settings");
        assertEquals(200, r.statusCode());
        String body = r.body();
        assertFalse(body.contains(TestServer.ADMIN_PASSWORD), "the admin password is a secret");
        String row = find(body, "(?s)(<code>gatehouse.admin.password</code>.*?</tr>)");
        assertTrue(row.contains("<em>set</em>") && row.contains("JNDI"), row);
        String master = find(body, "(?s)(<code>gatehouse.master.key</code>.*?</tr>)");
        assertTrue(master.contains("<em>not set</em>"), master);
        String demo = find(body, "(?s)(<code>gatehouse.demo</code>.*?</tr>)");
        assertTrue(demo.contains("<code>true</code>") && demo.contains("JNDI"), demo);
        String state = find(body, "(?s)(<code>gatehouse.state.required</code>.*?</tr>)");
        assertTrue(state.contains("default"), state);
    }
}
