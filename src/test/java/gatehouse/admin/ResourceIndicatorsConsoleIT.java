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
        Map<String, String> fields = form("Orders service");
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

    @Test
    void theOidcProvidersWhoseIdTokensMayBeExchangedAreTickedSavedAndShown() {
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("type", "oidc_provider");
        provider.put("name", "Workforce IdP " + UUID.randomUUID());
        provider.put("client_id", "workforce-" + UUID.randomUUID().toString().substring(0, 8));
        provider.put("oidc_metadata_url", "https://idp.example.com/.well-known/openid-configuration");
        provider.put("user_claim", "email");
        provider.put("user_field", "email");
        provider.put("auth_scopes", java.util.List.of("useraccount"));
        HttpResponse<String> p = api.json("POST", "/api/now/table/oauth_entity", provider, "Authorization", Http.adminBasic());
        assertEquals(201, p.statusCode(), p.body());
        String providerId = Http.body(p).path("result").path("sys_id").asText();

        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String blank = admin.get("/admin/applications/new?kind=client_credentials").body();
        assertTrue(blank.contains("Token exchange: OIDC providers") && blank.contains((String) provider.get("name")), blank);
        Map<String, String> fields = form("Exchanging service");
        String lists = "&auth_scopes=useraccount&grant_types=client_credentials&grant_types=" + Http.enc(EXCHANGE)
                + "&token_exchange_oidc_providers=" + providerId;
        HttpResponse<String> created = admin.postRaw("/admin/applications/new", Http.form(fields) + lists + "&csrf_token=" + admin.csrf());
        assertEquals(200, created.statusCode(), created.body());
        String sysId = ConsoleSession.find(created.body(), "/admin/applications/([0-9a-f]{32})\"");
        assertEquals(providerId, app(sysId).path("token_exchange_oidc_providers").path(0).asText(), app(sysId).toString());
        String form = admin.get("/admin/applications/" + sysId).body();
        assertTrue(form.matches("(?s).*value=\"" + providerId + "\"[^>]*checked.*"), "the provider shows as ticked");

        fields.remove("kind");
        HttpResponse<String> forged = admin.postRaw("/admin/applications/" + sysId, Http.form(fields)
                + "&auth_scopes=useraccount&grant_types=client_credentials&token_exchange_oidc_providers=" + sysId + "&csrf_token=" + admin.csrf());
        assertEquals(400, forged.statusCode(), "an application is not an OIDC provider");
        assertTrue(forged.body().contains("is not the sys_id of an OIDC provider"), forged.body());
        HttpResponse<String> cleared = admin.postRaw("/admin/applications/" + sysId, Http.form(fields)
                + "&auth_scopes=useraccount&grant_types=client_credentials&csrf_token=" + admin.csrf());
        assertTrue(cleared.statusCode() == 200 || cleared.statusCode() == 303, cleared.statusCode() + " " + cleared.body());
        assertEquals(0, app(sysId).path("token_exchange_oidc_providers").size(), "none ticked: none");
    }

    private JsonNode app(String sysId) {
        HttpResponse<String> r = api.get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic());
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    /** The console's form of a new client_credentials application with JWT access tokens, as admin. */
    private static Map<String, String> form(String name) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("kind", "client_credentials");
        fields.put("name", name + " " + UUID.randomUUID());
        fields.put("provider_name", "Tests");
        fields.put("token_format", "jwt");
        fields.put("access_token_lifespan", "900");
        fields.put("refresh_token_lifespan", "86400");
        fields.put("signing_alg", "RS256");
        fields.put("client_credentials_user", "admin");
        fields.put("active", "true");
        return fields;
    }
}
