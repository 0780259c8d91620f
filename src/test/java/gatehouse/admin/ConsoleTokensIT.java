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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Manage tokens and Signing keys: revocations and rotations made in the console take effect on the API at once. */
class ConsoleTokensIT {
    private final ServerProcess server = TestServer.shared();
    private final Http api = Http.to(server);

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A client credentials application acting as a new itil user: {sys_id, client_id, secret, user name}. */
    private String[] application(String format) {
        String user = unique("cc-user");
        assertEquals(201, api.json("POST", "/api/now/table/sys_user", Map.of("user_name", user, "roles", List.of("itil")),
                "Authorization", Http.adminBasic()).statusCode());
        HttpResponse<String> r = api.json("POST", "/api/now/table/oauth_entity", Map.of("name", unique("tokens-app"), "provider_name", "Acme",
                "grant_types", List.of("client_credentials"), "client_credentials_user", user, "token_format", format,
                "auth_scopes", List.of("useraccount", "incident_read")), "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode a = Http.body(r).path("result");
        return new String[] {a.path("sys_id").asText(), a.path("client_id").asText(), a.path("client_secret").asText(), user};
    }

    private String token(String[] app) {
        return token(app, "incident_read");
    }

    private String token(String[] app, String scope) {
        HttpResponse<String> r = api.postForm("/oauth_token.do", Map.of("grant_type", "client_credentials", "scope", scope),
                "Authorization", Http.basic(app[1], app[2]));
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("access_token").asText();
    }

    private int call(String token) {
        return api.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + token).statusCode();
    }

    @Test
    void revokingInManageTokensStopsTheTokensOnTheApiAtOnce() {
        String[] app = application("opaque");
        String first = token(app);
        String second = token(app, "useraccount incident_read");    // another scope set: a standing grant of its own
        String again = token(app);                                  // the first's standing grant
        assertEquals(200, call(first));
        assertEquals(200, call(second));
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String page = admin.get("/admin/tokens?client_id=" + app[1]).body();
        assertTrue(page.contains(app[3]) && page.contains("client_credentials") && page.contains("incident_read"), page);
        assertFalse(page.contains(first) || page.contains(second), "never a token value");
        assertTrue(page.contains("2 in all"), "two live grants");
        String grant = find(page, "/admin/tokens/([0-9a-f]+)/revoke");

        assertEquals(403, admin.postRaw("/admin/tokens/" + grant + "/revoke", "").statusCode(), "CSRF token needed");
        assertEquals(303, admin.post("/admin/tokens/" + grant + "/revoke", Map.of()).statusCode());
        assertEquals(call(first), call(again), "tokens of one standing grant are revoked together");
        assertEquals(1, (call(first) == 401 ? 1 : 0) + (call(second) == 401 ? 1 : 0), "exactly the revoked grant's tokens are refused");
        assertTrue(admin.get("/admin/tokens?client_id=" + app[1]).body().contains("1 in all"));

        assertEquals(303, admin.post("/admin/tokens/revoke-all", Map.of("client_id", app[1])).statusCode());
        assertEquals(401, call(first));
        assertEquals(401, call(second));
        assertEquals(401, call(again));
        assertTrue(admin.get("/admin/tokens?client_id=" + app[1]).body().contains("No live grants match."));

        // revoke all for a user
        String third = token(app);
        assertTrue(admin.get("/admin/tokens?user=" + app[3]).body().contains("1 in all"));
        assertEquals(303, admin.post("/admin/tokens/revoke-all", Map.of("user", app[3])).statusCode());
        assertEquals(401, call(third));
        assertEquals(400, admin.post("/admin/tokens/revoke-all", Map.of("user", "no-such-user-" + UUID.randomUUID())).statusCode());

        // deactivating the application stops its tokens too
        String fourth = token(app);
        assertEquals(200, call(fourth));
        HttpResponse<String> deactivate = admin.postRaw("/admin/applications/" + app[0], Http.form(Map.of("name", "deactivated",
                "provider_name", "Acme", "csrf_token", admin.csrf())) + "&grant_types=client_credentials&auth_scopes=useraccount&auth_scopes=incident_read");
        assertEquals(303, deactivate.statusCode(), deactivate.body());
        assertEquals(401, call(fourth), "inactive application: its tokens stop at once");

        String audit = admin.get("/admin/audit?table=oauth_grant").body();
        assertTrue(audit.contains(">revoke<") && audit.contains(">revoke_all<"), audit);
    }

    @Test
    void clientCredentialsTokensShareAStandingGrantThatIsReplacedAtOnceWhenRevoked() {
        String[] app = application("opaque");
        String first = token(app);
        String second = token(app);
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String page = admin.get("/admin/tokens?client_id=" + app[1]).body();
        assertTrue(page.contains("1 in all"), "one standing grant for the application acting as its user: " + page);
        String grant = find(page, "/admin/tokens/([0-9a-f]+)/revoke");

        // RFC 7009: revoking one access token ends that token only, not the standing grant
        HttpResponse<String> revoked = api.postForm("/oauth_revoke_token.do", Map.of("token", first), "Authorization", Http.basic(app[1], app[2]));
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(401, call(first));
        assertEquals(200, call(second));

        // revoking the grant ends its tokens; the very next token works (a new standing grant, on any node)
        assertEquals(303, admin.post("/admin/tokens/" + grant + "/revoke", Map.of()).statusCode());
        assertEquals(401, call(second));
        String third = token(app);
        assertEquals(200, call(third), "a token issued after the revocation is not born revoked");
        String next = admin.get("/admin/tokens?client_id=" + app[1]).body();
        assertTrue(next.contains("1 in all"), next);
        assertNotEquals(grant, find(next, "/admin/tokens/([0-9a-f]+)/revoke"), "a new grant");
    }

    @Test
    void rotatingTheKeysKeepsEarlierJwtsValid() {
        String[] app = application("jwt");
        String before = token(app);
        assertEquals(200, call(before));
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String kid = kid(before);
        String keys = admin.get("/admin/keys").body();
        String row = find(keys, "(?s)(<code>" + kid + "</code>.*?</tr>)");
        assertTrue(row.contains(">active<"), row);
        assertEquals(403, admin.postRaw("/admin/keys/rotate", "").statusCode(), "CSRF token needed");
        assertEquals(303, admin.post("/admin/keys/rotate", Map.of()).statusCode());
        keys = admin.get("/admin/keys").body();
        assertTrue(keys.contains("Rotated") || keys.contains(">inactive<"));
        row = find(keys, "(?s)(<code>" + kid + "</code>.*?</tr>)");
        assertTrue(row.contains(">inactive<") && row.matches("(?s).*<td>\\d{4}-\\d\\d-\\d\\d [^<]+</td>\\s*</tr>"), "rotated, with a purge date: " + row);
        assertEquals(200, call(before), "a JWT signed before the rotation still validates");
        String after = token(app);
        assertNotEquals(kid, kid(after), "new tokens are signed with the new key");
        assertEquals(200, call(after));
        assertTrue(admin.get("/admin/audit?table=signing_key").body().contains(">rotate<"));
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
        return find(header, "\"kid\"\\s*:\\s*\"([^\"]+)\"");
    }
}
