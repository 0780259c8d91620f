package gatehouse.admin;

import static gatehouse.admin.ConsoleSession.find;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console's OIDC providers ("Configure an OIDC provider to verify ID tokens", {@code oauth_entity} type
 * {@code oidc_provider}): offered on the New page, created, shown, edited, deactivated and deleted with every field;
 * bad input refused on the form with nothing saved; CSRF as on every console form; the Table API sees each change.
 */
class OidcProviderConsoleIT {
    private final ServerProcess server = TestServer.shared();
    private final Http api = Http.to(server);

    private JsonNode viaApi(String sysId) {
        HttpResponse<String> r = api.get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic());
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    @Test
    void anOidcProviderIsCreatedShownEditedDeactivatedAndDeletedInTheConsole() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String kinds = admin.get("/admin/applications/new").body();
        assertTrue(kinds.contains("/admin/applications/new?kind=oidc_provider\"><strong>Configure an OIDC provider to verify ID tokens</strong>"), kinds);
        HttpResponse<String> blank = admin.get("/admin/applications/new?kind=oidc_provider");
        assertEquals(200, blank.statusCode(), blank.body());
        for (String label : new String[] {">Name", ">Client ID", ">OIDC Metadata URL", ">User Claim", ">User Field", ">Enable JTI claim verification",
                ">Clock skew", ">Auth scope", ">Active"})
            assertTrue(blank.body().contains(label), label);
        assertTrue(blank.body().contains("value=\"sub\""), "User Claim defaults to sub");

        String name = "IdP " + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", "oidc_provider");
        f.put("name", name);
        f.put("client_id", "gatehouse-api");
        f.put("oidc_metadata_url", "http://login.example.com/.well-known/openid-configuration");
        f.put("user_claim", "email");
        f.put("user_field", "phone");
        f.put("clock_skew", "-5");
        f.put("enable_jti_verification", "true");
        f.put("active", "true");
        String scopes = "&auth_scopes=incident_read";
        HttpResponse<String> bad = admin.postRaw("/admin/applications/new", Http.form(f) + scopes + "&csrf_token=" + admin.csrf());
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("Nothing was saved"), bad.body());
        assertTrue(bad.body().contains("OIDC Metadata URL must be an https URL"), bad.body());
        assertTrue(bad.body().contains("User Field must be one of user_name, email, sys_id"), bad.body());
        assertTrue(bad.body().contains("Clock skew must be between 0 and 600"), bad.body());
        assertTrue(bad.body().contains("value=\"" + name + "\""), "what was typed is kept");
        f.put("oidc_metadata_url", "not a url at all");
        f.put("user_field", "email");
        f.put("clock_skew", "ten");
        HttpResponse<String> bad2 = admin.postRaw("/admin/applications/new", Http.form(f) + "&auth_scopes=no_such_scope&csrf_token=" + admin.csrf());
        assertEquals(400, bad2.statusCode(), bad2.body());
        assertTrue(bad2.body().contains("OIDC Metadata URL "), bad2.body());
        assertTrue(bad2.body().contains("Clock skew must be a whole number"), bad2.body());
        assertTrue(bad2.body().contains("no_such_scope"), bad2.body());
        assertFalse(admin.get("/admin/applications?q=" + Http.enc(name)).body().contains("\">" + name + "</a>"), "nothing saved");

        f.put("oidc_metadata_url", "https://login.example.com/.well-known/openid-configuration");
        f.put("clock_skew", "30");
        String good = Http.form(f) + scopes;
        assertEquals(403, admin.postRaw("/admin/applications/new", good).statusCode(), "no CSRF token");
        assertEquals(403, admin.postRaw("/admin/applications/new", good + "&csrf_token=wrong").statusCode(), "a wrong CSRF token");
        assertFalse(admin.get("/admin/applications?q=" + Http.enc(name)).body().contains("\">" + name + "</a>"), "nothing saved");
        HttpResponse<String> created = admin.postRaw("/admin/applications/new", good + "&csrf_token=" + admin.csrf());
        assertEquals(303, created.statusCode(), created.body());
        String location = created.headers().firstValue("Location").orElse("");
        String sysId = find(location, "/admin/applications/([0-9a-f]{32})\\?done=created");

        String shown = admin.get("/admin/applications/" + sysId + "?done=created").body();
        assertTrue(shown.contains("OIDC provider: " + name), shown);
        assertTrue(shown.contains("value=\"gatehouse-api\""), shown);
        assertTrue(shown.contains("value=\"https://login.example.com/.well-known/openid-configuration\""), shown);
        assertTrue(shown.contains("value=\"email\""), shown);
        assertTrue(shown.contains("<option value=\"email\" selected>"), shown);
        assertTrue(Pattern.compile("name=\"enable_jti_verification\" value=\"true\" checked").matcher(shown).find(), shown);
        assertTrue(shown.contains("value=\"30\""), shown);
        assertTrue(shown.contains("value=\"incident_read\" checked"), shown);
        assertFalse(shown.contains("value=\"useraccount\" checked"), shown);
        assertTrue(Pattern.compile("name=\"active\" value=\"true\" checked").matcher(shown).find(), shown);
        String list = admin.get("/admin/applications?q=" + Http.enc(name)).body();
        assertTrue(list.contains("/admin/applications/" + sysId + "\">" + name + "</a>") && list.contains("Inbound: ID tokens of an OIDC provider")
                && list.contains("gatehouse-api"), list);

        JsonNode stored = viaApi(sysId);
        assertEquals("oidc_provider", stored.path("type").asText());
        assertEquals(name, stored.path("name").asText());
        assertEquals("gatehouse-api", stored.path("client_id").asText());
        assertEquals("https://login.example.com/.well-known/openid-configuration", stored.path("oidc_metadata_url").asText());
        assertEquals("email", stored.path("user_claim").asText());
        assertEquals("email", stored.path("user_field").asText());
        assertTrue(stored.path("enable_jti_verification").asBoolean());
        assertEquals(30, stored.path("clock_skew").asInt());
        assertEquals("[\"incident_read\"]", stored.path("auth_scopes").toString());
        assertTrue(stored.path("active").asBoolean());
        assertEquals("admin", stored.path("sys_created_by").asText());

        // edit every field; unticked boxes turn JTI verification and the provider off (deactivated)
        f.remove("kind");
        f.put("name", name + " edited");
        f.put("client_id", "other-api");
        f.put("oidc_metadata_url", "https://idp.example.org/tenant/.well-known/openid-configuration");
        f.put("user_claim", "preferred_username");
        f.put("user_field", "sys_id");
        f.put("clock_skew", "0");
        f.remove("enable_jti_verification");
        f.remove("active");
        String edit = Http.form(f) + "&auth_scopes=useraccount&auth_scopes=incident_write";
        assertEquals(403, admin.postRaw("/admin/applications/" + sysId, edit).statusCode(), "no CSRF token");
        f.put("clock_skew", "-1");
        HttpResponse<String> badEdit = admin.postRaw("/admin/applications/" + sysId, Http.form(f) + "&auth_scopes=useraccount&csrf_token=" + admin.csrf());
        assertEquals(400, badEdit.statusCode(), badEdit.body());
        assertTrue(badEdit.body().contains("Clock skew must be between 0 and 600"), badEdit.body());
        assertEquals(name, viaApi(sysId).path("name").asText(), "a refused edit changes nothing");
        HttpResponse<String> saved = admin.postRaw("/admin/applications/" + sysId, edit + "&csrf_token=" + admin.csrf());
        assertEquals(303, saved.statusCode(), saved.body());
        assertTrue(admin.get("/admin/applications/" + sysId + "?done=saved").body().contains("value=\"other-api\""));
        stored = viaApi(sysId);
        assertEquals(name + " edited", stored.path("name").asText());
        assertEquals("other-api", stored.path("client_id").asText());
        assertEquals("https://idp.example.org/tenant/.well-known/openid-configuration", stored.path("oidc_metadata_url").asText());
        assertEquals("preferred_username", stored.path("user_claim").asText());
        assertEquals("sys_id", stored.path("user_field").asText());
        assertFalse(stored.path("enable_jti_verification").asBoolean());
        assertEquals(0, stored.path("clock_skew").asInt());
        assertEquals("[\"useraccount\",\"incident_write\"]", stored.path("auth_scopes").toString());
        assertFalse(stored.path("active").asBoolean(), "deactivated");

        // delete: a confirmation page, then a POST with the CSRF token
        HttpResponse<String> confirm = admin.get("/admin/applications/" + sysId + "/delete");
        assertEquals(200, confirm.statusCode());
        assertTrue(confirm.body().contains(name + " edited"), confirm.body());
        assertEquals(403, admin.postRaw("/admin/applications/" + sysId + "/delete", "csrf_token=nope").statusCode());
        assertEquals(name + " edited", viaApi(sysId).path("name").asText(), "a refused delete deletes nothing");
        HttpResponse<String> deleted = admin.post("/admin/applications/" + sysId + "/delete", Map.of());
        assertEquals(303, deleted.statusCode(), deleted.body());
        assertTrue(admin.get(deleted.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "")).body()
                .contains("OIDC provider deleted"));
        assertEquals(404, api.get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic()).statusCode());
    }

    @Test
    void theTableApiRefusesBadOidcProviderFieldsWithTheApisErrorShape() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "oidc_provider");
        f.put("name", "API IdP");
        f.put("client_id", "x");
        f.put("oidc_metadata_url", "https://user:pw@idp.example.com/.well-known/openid-configuration");
        f.put("user_field", "phone");
        f.put("clock_skew", 601);
        f.put("user_claim", "has space");
        HttpResponse<String> r = api.json("POST", "/api/now/table/oauth_entity", f, "Authorization", Http.adminBasic());
        assertEquals(400, r.statusCode(), r.body());
        String detail = Http.body(r).path("error").path("detail").asText() + Http.body(r).path("error").path("message").asText();
        for (String field : new String[] {"oidc_metadata_url", "user_field", "clock_skew", "user_claim"})
            assertTrue(detail.contains(field), field + " in " + r.body());
        f.remove("user_field");
        f.remove("clock_skew");
        f.remove("user_claim");
        f.put("oidc_metadata_url", "https://idp.example.com/.well-known/openid-configuration");
        HttpResponse<String> created = api.json("POST", "/api/now/table/oauth_entity", f, "Authorization", Http.adminBasic());
        assertEquals(201, created.statusCode(), created.body());
        JsonNode row = Http.body(created).path("result");
        assertEquals("sub", row.path("user_claim").asText(), "the defaults");
        assertEquals("user_name", row.path("user_field").asText());
        assertEquals(60, row.path("clock_skew").asInt());
        assertFalse(row.path("enable_jti_verification").asBoolean());
        assertEquals("[\"useraccount\"]", row.path("auth_scopes").toString());
        String id = row.path("sys_id").asText();
        HttpResponse<String> asClient = api.json("PATCH", "/api/now/table/oauth_entity/" + id, Map.of("type", "client"), "Authorization", Http.adminBasic());
        assertEquals(400, asClient.statusCode(), asClient.body());
        assertEquals(204, api.delete("/api/now/table/oauth_entity/" + id, "Authorization", Http.adminBasic()).statusCode());
    }
}
