package gatehouse.admin;

import static gatehouse.admin.ConsoleSession.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import gatehouse.token.Apps;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console home ({@code /admin/}): tokens issued, refusals, failed log-ins and lockouts of the last 24 hours (a chart
 * in inline SVG and its table), the locked accounts linked to their users, keys due for rotation, outbound credentials
 * that need a person. On a server whose keys rotate every 3 days (so that its keys are due within the week) and that
 * locks a name after 3 wrong passwords.
 */
class ConsoleHomeIT {
    private static ServerProcess server;
    private static Http http;

    @BeforeAll
    static void start() {
        server = TestServer.start("console-home", Map.of("gatehouse.keys.rotate.days", "3", "gatehouse.login.max.failures", "3"));
        http = Http.to(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The four totals of the home page. */
    private static Map<String, Long> totals(String home) {
        Map<String, Long> t = new LinkedHashMap<>();
        for (String kind : new String[] {"tokens_issued", "refusals", "failed_logins", "lockouts"})
            t.put(kind, Long.parseLong(find(home, "id=\"total-" + kind + "\">(\\d+)<")));
        return t;
    }

    private static String user(String name, String roles) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "user_password", name + "-password-1",
                "roles", roles), "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result").path("sys_id").asText();
    }

    @Test
    void theHomeCountsTokensRefusalsFailedLoginsAndLockoutsAndLinksTheLockedAccount() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> first = admin.get("/admin/");
        assertEquals(200, first.statusCode(), first.body());
        Map<String, Long> before = totals(first.body());
        String victim = unique("victim");
        String victimId = user(victim, "itil");
        assertFalse(first.body().contains(victim));

        Apps.App app = Apps.create(http);
        for (int i = 0; i < 3; i++) assertEquals(200, Apps.clientCredentials(http, app).statusCode());
        assertEquals(401, http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"), "Authorization",
                Http.basic(app.clientId(), "wrong-secret")).statusCode());
        assertEquals(400, http.postForm("/oauth_token.do", Http.map("grant_type", "password"), "Authorization", app.basic()).statusCode());
        assertEquals(401, http.get("/api/now/table/incident", "Authorization", "Bearer not-a-token").statusCode());
        // three wrong passwords lock the account (gatehouse.login.max.failures=3)
        for (int i = 0; i < 3; i++)
            assertEquals(401, http.get("/api/now/table/incident", "Authorization", Http.basic(victim, "wrong-" + i)).statusCode());

        HttpResponse<String> home = admin.get("/admin/");
        assertEquals(200, home.statusCode());
        String body = home.body();
        Map<String, Long> after = totals(body);
        assertEquals(before.get("tokens_issued") + 3, after.get("tokens_issued"), after.toString());
        assertEquals(before.get("refusals") + 3, after.get("refusals"), "invalid_client, unauthorized_client, invalid_token");
        assertEquals(before.get("failed_logins") + 3, after.get("failed_logins"));
        assertEquals(before.get("lockouts") + 1, after.get("lockouts"));

        // the chart: inline SVG with a title and description, two bars per hour, no script or outside resource
        String svg = find(body, "(?s)(<svg.*?</svg>)");
        assertTrue(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"chart-title chart-desc\""), svg);
        assertEquals(48, count(svg, "<rect "), "24 hours, two bars each");
        assertTrue(svg.contains("tokens issued</title>") && svg.contains("refusals</title>"), svg);
        assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(body).find(), "nothing from another site (a CDN)");
        assertEquals(1, count(body, "<script"), "only the console's own script");
        // the table alternative: this hour's row holds at least what this test caused
        Matcher lastRow = Pattern.compile("(?s)<tr><th scope=\"row\">[^<]+</th><td>(\\d+)</td><td>(\\d+)</td>\\s*<td>(\\d+)</td><td>(\\d+)</td></tr>\\s*</tbody>")
                .matcher(body);
        assertTrue(lastRow.find(), body);
        assertTrue(Long.parseLong(lastRow.group(1)) >= 3 && Long.parseLong(lastRow.group(4)) >= 1, lastRow.group());

        // the locked account, linked to its user page
        String accounts = find(body, "(?s)(<table id=\"accounts\">.*?</table>)");
        assertTrue(accounts.contains("<a href=\"/admin/users/" + victimId + "\">" + victim + "</a>"), accounts);
        assertTrue(find(accounts, "(?s)" + Pattern.quote(victim) + "</a></td>\\s*<td>(\\d+)</td>").equals("3"), accounts);
        assertTrue(accounts.contains("Locked until"), accounts);
        assertFalse(body.contains("wrong-0") || body.contains("wrong-secret") || body.contains(app.secret()));

        // an oauth_admin sees the home too, but users only as names (the Users pages are the admin's)
        String olga = unique("olga");
        user(olga, "oauth_admin");
        ConsoleSession oauthAdmin = ConsoleSession.login(server, olga, olga + "-password-1");
        String hers = oauthAdmin.get("/admin/").body();
        assertTrue(hers.contains(victim), hers);
        assertFalse(hers.contains("/admin/users/" + victimId), "no link to a page she may not open");
        // an itil user does not get the home at all
        String itil = unique("itil");
        user(itil, "itil");
        assertEquals(403, ConsoleSession.login(server, itil, itil + "-password-1").get("/admin/").statusCode());
    }

    @Test
    void aLockedNameOfNoAccountIsCountedButNotShown() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String ghost = unique("nobody");
        for (int i = 0; i < 3; i++)
            assertEquals(401, http.get("/api/now/table/incident", "Authorization", Http.basic(ghost, "guess-" + i)).statusCode());
        String body = admin.get("/admin/").body();
        assertTrue(Long.parseLong(find(body, "id=\"unknown-locked\">(\\d+) user names")) >= 1, body);
        assertFalse(body.contains(ghost), "a typed name that is no account is not shown");
    }

    @Test
    void theHomeListsKeysDueForRotationAndOutboundProfilesThatNeedAPerson() {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        // gatehouse.keys.rotate.days=3: both active keys are due within the week
        String keys = find(admin.get("/admin/").body(), "(?s)(<table id=\"keys-due\">.*?</table>)");
        for (JsonNode k : Http.body(http.get("/api/now/oauth/jwks")).path("keys")) assertTrue(keys.contains(k.path("kid").asText()), keys);
        assertTrue(keys.contains("RS256") && keys.contains("ES256"), keys);
        assertFalse(keys.contains("(overdue)"), keys);

        // an authorization code profile without a token: a REST message using it needs a person to use Get OAuth Token
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("type", "oauth_provider");
        provider.put("name", unique("Needs a person"));
        provider.put("client_id", "someone");
        provider.put("client_secret", "someone-secret");
        provider.put("default_grant_type", "authorization_code");
        provider.put("auth_url", server.baseUrl() + "/oauth_auth.do");
        provider.put("token_url", server.baseUrl() + "/oauth_token.do");
        HttpResponse<String> p = http.json("POST", "/api/now/table/oauth_entity", provider, "Authorization", Http.adminBasic());
        assertEquals(201, p.statusCode(), p.body());
        String profile = Http.body(p).path("result").path("default_profile").path("value").asText();
        String profileName = Http.body(p).path("result").path("default_profile").path("display_value").asText();
        assertFalse(admin.get("/admin/").body().contains("/admin/outbound/profiles/" + profile), "nothing needed yet");
        String message = unique("msg");
        assertEquals(201, http.json("POST", "/api/now/table/sys_rest_message", Map.of("name", message, "endpoint", server.baseUrl() + "/api/now/table/sys_user",
                "authentication_type", "oauth2", "oauth_profile", profile), "Authorization", Http.adminBasic()).statusCode());
        assertEquals(201, http.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", message, "name", "get", "http_method", "GET"),
                "Authorization", Http.adminBasic()).statusCode());
        HttpResponse<String> executed = http.json("POST", "/api/gatehouse/rest_message/" + message + "/get/execute", Map.of("variables", Map.of()),
                "Authorization", Http.adminBasic());
        assertEquals(409, executed.statusCode(), executed.body());

        String outbound = find(admin.get("/admin/").body(), "(?s)(<table id=\"outbound-attention\">.*?</table>)");
        assertTrue(outbound.contains("<a href=\"/admin/outbound/profiles/" + profile + "\">"), outbound);
        assertTrue(profileName.isEmpty() || outbound.contains(profileName), outbound);
        assertTrue(outbound.contains("Needs Get OAuth Token."), outbound);
        assertFalse(outbound.contains("someone-secret"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
