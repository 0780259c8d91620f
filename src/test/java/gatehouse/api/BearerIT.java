package gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens on the Table API (CONTRACT "Table API", RFC 6750 §3), with tokens from the real token
 * endpoint: scopes, the application's API access policy, the user's roles, and tokens that stop working.
 */
class BearerIT {
    private final Http http = Http.to(TestServer.shared());
    private final String admin = Http.adminBasic();

    record App(String sysId, String clientId, String secret) { }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A confidential client_credentials application acting as {@code user}; {@code fields} override the defaults. */
    private App app(String user, Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", unique("Bearer test"));
        body.put("provider_name", "BearerIT");
        body.put("client_id", unique("bearer-it"));
        body.put("grant_types", List.of("client_credentials"));
        body.put("auth_scopes", List.of("useraccount", "incident_read", "incident_write"));
        body.put("client_credentials_user", user);
        for (int i = 0; i < fields.length; i += 2) body.put((String) fields[i], fields[i + 1]);
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode a = Http.body(r).path("result");
        return new App(a.path("sys_id").asText(), a.path("client_id").asText(), a.path("client_secret").asText());
    }

    private String token(App app, String scope) {
        return token(app.clientId(), app.secret(), scope);
    }

    private String token(String clientId, String secret, String scope) {
        Map<String, String> form = Http.map("grant_type", "client_credentials");
        if (scope != null) form.put("scope", scope);
        HttpResponse<String> r = http.postForm("/oauth_token.do", form, "Authorization", Http.basic(clientId, secret));
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("access_token").asText();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private String newIncident() {
        HttpResponse<String> r = http.json("POST", "/api/now/table/incident", Map.of("short_description", unique("bearer")), "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result").path("sys_id").asText();
    }

    private String newUser(String roles) {
        String name = unique("bearer.user");
        HttpResponse<String> r = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name,
                "user_password", "bearer-user-password-1", "roles", roles), "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        return name;
    }

    private static void assertInvalidToken(HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer") && challenge.contains("error=\"invalid_token\""), challenge);
        assertEquals("failure", Http.body(r).path("status").asText());
    }

    private static void assertInsufficientScope(HttpResponse<String> r) {
        assertEquals(403, r.statusCode(), r.body());
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer") && challenge.contains("error=\"insufficient_scope\""), challenge);
        assertEquals("failure", Http.body(r).path("status").asText());
    }

    private static void assertForbiddenByRole(HttpResponse<String> r) {
        assertEquals(403, r.statusCode(), r.body());
        assertFalse(r.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"), r.headers().toString());
    }

    @Test
    void demoClientCredentialsTokenReadsAndWritesIncidentsAtBothAddresses() {
        String t = bearer(token("demo-confidential", "demo-confidential-secret-change-me", null));
        HttpResponse<String> list = http.get("/api/now/incident?sysparm_limit=2", "Authorization", t);
        assertEquals(200, list.statusCode(), list.body());
        HttpResponse<String> created = http.json("POST", "/api/now/table/incident", Map.of("short_description", unique("via token")), "Authorization", t);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("integration.bot", Http.body(created).path("result").path("sys_created_by").asText());
        String id = Http.body(created).path("result").path("sys_id").asText();
        assertEquals(200, http.get("/api/now/table/incident/" + id, "Authorization", t).statusCode());
        assertEquals(204, http.delete("/api/now/incident/" + id, "Authorization", t).statusCode());
    }

    @Test
    void incidentScopesSeparateReadingFromWriting() {
        String id = newIncident();
        App app = app("integration.bot");
        String read = bearer(token(app, "incident_read"));
        assertEquals(200, http.get("/api/now/table/incident/" + id, "Authorization", read).statusCode());
        assertEquals(200, http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", read).statusCode());
        assertInsufficientScope(http.json("PATCH", "/api/now/table/incident/" + id, Map.of("state", 2), "Authorization", read));
        assertInsufficientScope(http.json("POST", "/api/now/table/incident", Map.of("short_description", "x"), "Authorization", read));
        assertInsufficientScope(http.delete("/api/now/table/incident/" + id, "Authorization", read));

        String write = bearer(token(app, "incident_write"));
        assertEquals(200, http.json("PATCH", "/api/now/table/incident/" + id, Map.of("state", 2), "Authorization", write).statusCode());
        assertInsufficientScope(http.get("/api/now/table/incident/" + id, "Authorization", write));

        String both = bearer(token(app, "incident_read incident_write"));
        assertEquals(200, http.get("/api/now/table/incident/" + id, "Authorization", both).statusCode());
        // incident scopes do not open the administration tables, even for an admin
        App adminApp = app("admin");
        String adminRead = bearer(token(adminApp, "incident_read"));
        assertInsufficientScope(http.get("/api/now/table/sys_user", "Authorization", adminRead));
        assertInsufficientScope(http.get("/api/now/table/oauth_entity", "Authorization", adminRead));
        assertEquals(204, http.delete("/api/now/table/incident/" + id, "Authorization", both).statusCode());
    }

    @Test
    void rolesApplyWhateverTheScope() {
        String id = newIncident();
        String reader = newUser("");
        String t = bearer(token(app(reader), "useraccount"));
        assertEquals(200, http.get("/api/now/table/incident/" + id, "Authorization", t).statusCode(), "any active user reads");
        assertForbiddenByRole(http.json("PATCH", "/api/now/table/incident/" + id, Map.of("state", 2), "Authorization", t));
        assertForbiddenByRole(http.get("/api/now/table/sys_user", "Authorization", t));
        assertForbiddenByRole(http.get("/api/now/table/oauth_entity", "Authorization", t));
        String itil = bearer(token(app("integration.bot"), "useraccount"));
        assertEquals(200, http.json("PATCH", "/api/now/table/incident/" + id, Map.of("state", 2), "Authorization", itil).statusCode());
        assertForbiddenByRole(http.get("/api/now/table/sys_user", "Authorization", itil));
        String oauthAdmin = bearer(token(app(newUser("oauth_admin")), "useraccount"));
        assertEquals(200, http.get("/api/now/table/oauth_entity?sysparm_limit=1", "Authorization", oauthAdmin).statusCode());
        assertForbiddenByRole(http.get("/api/now/table/sys_user", "Authorization", oauthAdmin));
    }

    @Test
    void adminTokensWithUseraccountWorkOnTheAdministrationTables() {
        String t = bearer(token(app("admin"), "useraccount"));
        HttpResponse<String> users = http.get("/api/now/table/sys_user?sysparm_query=user_name%3Dadmin", "Authorization", t);
        assertEquals(200, users.statusCode(), users.body());
        assertEquals(1, Http.body(users).path("result").size());
        HttpResponse<String> apps = http.get("/api/now/table/oauth_entity?sysparm_limit=1", "Authorization", t);
        assertEquals(200, apps.statusCode(), apps.body());
        String name = unique("made.by.token");
        HttpResponse<String> created = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "user_password", "made-by-token-pw-1"),
                "Authorization", t);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("admin", Http.body(created).path("result").path("sys_created_by").asText());
        // HTTP Basic keeps working next to bearer tokens
        assertEquals(200, http.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", admin).statusCode());
    }

    @Test
    void apiAccessPolicyLimitsARestrictedApplication() {
        String id = newIncident();
        App restricted = app("admin", "enforce_token_restriction", true, "api_access_policies", List.of("table/incident"));
        String t = bearer(token(restricted, "useraccount"));
        assertEquals(200, http.get("/api/now/table/incident/" + id, "Authorization", t).statusCode());
        assertEquals(200, http.get("/api/now/incident/" + id, "Authorization", t).statusCode());
        assertInsufficientScope(http.get("/api/now/table/sys_user", "Authorization", t));
        assertInsufficientScope(http.get("/api/now/table/oauth_entity", "Authorization", t));

        App whole = app("admin", "enforce_token_restriction", true, "api_access_policies", List.of("table"));
        assertEquals(200, http.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", bearer(token(whole, "useraccount"))).statusCode());

        App none = app("admin", "enforce_token_restriction", true);
        assertInsufficientScope(http.get("/api/now/table/incident/" + id, "Authorization", bearer(token(none, "useraccount"))));
        // the policy only counts while enforce_token_restriction is on
        App notEnforced = app("admin", "enforce_token_restriction", false, "api_access_policies", List.of("table/incident"));
        assertEquals(200, http.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", bearer(token(notEnforced, "useraccount"))).statusCode());
    }

    @Test
    void badTokensAre401InvalidToken() {
        assertInvalidToken(http.get("/api/now/table/incident", "Authorization", "Bearer not-a-token"));
        assertInvalidToken(http.get("/api/now/table/incident", "Authorization", "Bearer "));
        assertInvalidToken(http.get("/api/now/table/incident", "Authorization", "Bearer " + "x".repeat(5000)));
        assertInvalidToken(http.get("/api/now/table/incident", "Authorization", "Bearer a.b.c"));
        assertInvalidToken(http.get("/api/now/table/incident", "Authorization",
                "Bearer eyJhbGciOiJub25lIiwidHlwIjoiYXQrand0In0.eyJzdWIiOiJhZG1pbiJ9."));
        String real = token(app("admin", "token_format", "jwt"), "useraccount");
        assertEquals(3, real.split("\\.").length, "a JWT: " + real);
        char last = real.charAt(real.length() - 2);
        String tampered = real.substring(0, real.length() - 2) + (last == 'A' ? 'B' : 'A') + real.charAt(real.length() - 1);
        assertInvalidToken(http.get("/api/now/table/incident", "Authorization", bearer(tampered)));
        assertEquals(200, http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", bearer(real)).statusCode());
    }

    @Test
    void opaqueAndJwtTokensBothWork() {
        String id = newIncident();
        for (String format : List.of("opaque", "jwt")) {
            String t = token(app("integration.bot", "token_format", format), "incident_read");
            assertEquals(format.equals("jwt"), t.split("\\.").length == 3, format + ": " + t);
            HttpResponse<String> r = http.get("/api/now/table/incident/" + id, "Authorization", bearer(t));
            assertEquals(200, r.statusCode(), format + " " + r.body());
        }
    }

    @Test
    void revokedTokenStopsWorking() {
        App app = app("integration.bot");
        String t = token(app, "incident_read");
        assertEquals(200, http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", bearer(t)).statusCode());
        HttpResponse<String> revoked = http.postForm("/oauth_revoke_token.do", Http.map("token", t), "Authorization", Http.basic(app.clientId(), app.secret()));
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertInvalidToken(http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", bearer(t)));
    }

    @Test
    void deactivatedApplicationOrUserStopsItsTokensAtOnce() {
        String user = newUser("itil");
        App app = app(user);
        String t = bearer(token(app, "useraccount"));
        String url = "/api/now/table/incident?sysparm_limit=1";
        assertEquals(200, http.get(url, "Authorization", t).statusCode());
        assertEquals(200, http.json("PATCH", "/api/now/table/oauth_entity/" + app.sysId(), Map.of("active", false), "Authorization", admin).statusCode());
        assertInvalidToken(http.get(url, "Authorization", t));
        assertEquals(200, http.json("PATCH", "/api/now/table/oauth_entity/" + app.sysId(), Map.of("active", true), "Authorization", admin).statusCode());
        assertEquals(200, http.get(url, "Authorization", t).statusCode(), "reactivated: the grant was not revoked");

        String userId = Http.body(http.get("/api/now/table/sys_user?sysparm_query=user_name%3D" + user, "Authorization", admin))
                .path("result").get(0).path("sys_id").asText();
        assertEquals(200, http.json("PATCH", "/api/now/table/sys_user/" + userId, Map.of("active", false), "Authorization", admin).statusCode());
        assertInvalidToken(http.get(url, "Authorization", t));
        assertEquals(200, http.json("PATCH", "/api/now/table/sys_user/" + userId, Map.of("active", true, "locked_out", true), "Authorization", admin).statusCode());
        assertInvalidToken(http.get(url, "Authorization", t));
        assertEquals(204, http.delete("/api/now/table/sys_user/" + userId, "Authorization", admin).statusCode());
        assertInvalidToken(http.get(url, "Authorization", t));
    }

    @Test
    void noCredentialsOrAnUnknownSchemeIs401WithBothChallenges() {
        HttpResponse<String> none = http.get("/api/now/table/incident");
        assertEquals(401, none.statusCode());
        String challenge = String.join(", ", none.headers().allValues("WWW-Authenticate"));
        assertTrue(challenge.contains("Bearer") && challenge.contains("Basic"), challenge);
        assertEquals(401, http.get("/api/now/incident", "Authorization", "Digest abc").statusCode());
    }
}
