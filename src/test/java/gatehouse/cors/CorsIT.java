package gatehouse.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * CORS over HTTP (CONTRACT "Browser apps (CORS)"), as a browser would send it: preflights ({@code OPTIONS} with
 * {@code Origin} and {@code Access-Control-Request-Method}) and actual requests with {@code Origin}, on the shared
 * server. Every origin is unique to its test, so no test sees another's registrations.
 */
class CorsIT {
    private final ServerProcess server = TestServer.shared();
    private final Http http = Http.to(server);

    record App(String sysId, String clientId, String secret) { }

    private static String origin() {
        return "https://spa-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    private App app(Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "CORS app " + UUID.randomUUID());
        body.put("provider_name", "Tests");
        body.put("auth_scopes", List.of("useraccount", "incident_read"));
        for (int i = 0; i < fields.length; i += 2) body.put((String) fields[i], fields[i + 1]);
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode a = Http.body(r).path("result");
        return new App(a.path("sys_id").asText(), a.path("client_id").asText(), a.path("client_secret").asText(null));
    }

    private HttpResponse<String> preflight(String path, String origin, String method, String headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) b.header("Access-Control-Request-Headers", headers);
        return http.send(b);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static boolean varies(HttpResponse<?> r, String name) {
        return r.headers().allValues("Vary").stream().anyMatch(v -> List.of(v.split("\\s*,\\s*")).contains(name));
    }

    private static void assertNoCors(HttpResponse<?> r) {
        assertEquals(null, header(r, "Access-Control-Allow-Origin"), r.headers().map().toString());
        assertEquals(null, header(r, "Access-Control-Allow-Methods"));
        assertEquals(null, header(r, "Access-Control-Allow-Credentials"));
    }

    @Test
    void tokenEndpointPreflightFromARedirectUrlsOriginIsAnsweredWithoutAuthenticationAndNeverWithCredentials() {
        String origin = origin();
        app("public_client", true, "redirect_urls", List.of(origin + "/callback"));
        HttpResponse<String> r = preflight("/oauth_token.do", origin, "POST", "content-type, dpop");
        assertEquals(204, r.statusCode(), r.body());
        assertEquals(origin, header(r, "Access-Control-Allow-Origin"));
        assertTrue(header(r, "Access-Control-Allow-Methods").contains("POST"));
        assertTrue(header(r, "Access-Control-Allow-Headers").toLowerCase().contains("content-type"));
        assertEquals(null, header(r, "Access-Control-Allow-Credentials"));
        assertTrue(varies(r, "Origin"), r.headers().map().toString());
        HttpResponse<String> userInfo = preflight("/oauth_userinfo.do", origin, "GET", "authorization");
        assertEquals(204, userInfo.statusCode(), userInfo.body());
        assertEquals("GET, POST", header(userInfo, "Access-Control-Allow-Methods"));
        assertEquals(origin, header(userInfo, "Access-Control-Allow-Origin"));
        for (String path : List.of("/oauth_revoke_token.do", "/oauth_introspect.do", "/oauth_par.do")) {
            HttpResponse<String> other = preflight(path, origin, "POST", null);
            assertEquals(204, other.statusCode(), path);
            assertEquals(origin, header(other, "Access-Control-Allow-Origin"), path);
        }
    }

    @Test
    void aBrowserAppPushesItsAuthorizationRequestFromItsOwnOriginOnly() {
        String origin = origin();
        App a = app("public_client", true, "redirect_urls", List.of(origin + "/cb"));
        Map<String, String> form = new LinkedHashMap<>(Map.of("client_id", a.clientId(), "response_type", "code", "redirect_uri", origin + "/cb",
                "state", "s", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        HttpResponse<String> own = http.postForm("/oauth_par.do", form, "Origin", origin);
        assertEquals(201, own.statusCode(), own.body());
        assertEquals(origin, header(own, "Access-Control-Allow-Origin"));
        assertEquals(null, header(own, "Access-Control-Allow-Credentials"));
        HttpResponse<String> foreign = http.postForm("/oauth_par.do", form, "Origin", origin());
        assertEquals(201, foreign.statusCode(), foreign.body());
        assertNoCors(foreign);
    }

    @Test
    void anOriginNoApplicationRegisteredGetsNoCorsGrant() {
        String stranger = origin();
        HttpResponse<String> p = preflight("/oauth_token.do", stranger, "POST", null);
        assertEquals(403, p.statusCode());
        assertNoCors(p);
        assertEquals("invalid_request", Http.body(p).path("error").asText());
        // the actual request is still answered (RFC 6749 JSON), but the browser may not read it
        HttpResponse<String> r = http.postForm("/oauth_token.do", Map.of("grant_type", "authorization_code", "client_id", "demo-public",
                "code", "no-such-code", "redirect_uri", "https://x.example/cb", "code_verifier", "x".repeat(43)), "Origin", stranger);
        assertNoCors(r);
        assertTrue(varies(r, "Origin"));
    }

    @Test
    void theTokenRequestsClientIdDecidesTheOrigin() {
        String originA = origin();
        String originB = origin();
        App a = app("public_client", true, "redirect_urls", List.of(originA + "/cb"));
        App b = app("public_client", true, "redirect_urls", List.of("https://elsewhere.example.com/cb"), "allowed_origins", List.of(originB));
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "authorization_code", "code", "no-such-code",
                "redirect_uri", originA + "/cb", "code_verifier", "x".repeat(43)));
        form.put("client_id", a.clientId());
        HttpResponse<String> own = http.postForm("/oauth_token.do", form, "Origin", originA);
        assertEquals(400, own.statusCode(), own.body());
        assertEquals("invalid_grant", Http.body(own).path("error").asText(), "the servlet still read the whole form: " + own.body());
        assertEquals(originA, header(own, "Access-Control-Allow-Origin"));
        assertEquals(null, header(own, "Access-Control-Allow-Credentials"));
        HttpResponse<String> foreign = http.postForm("/oauth_token.do", form, "Origin", originB);   // B's origin, A's client_id
        assertEquals("invalid_grant", Http.body(foreign).path("error").asText());
        assertNoCors(foreign);
        form.put("client_id", b.clientId());
        HttpResponse<String> explicit = http.postForm("/oauth_token.do", form, "Origin", originB);   // allowed_origins counts
        assertEquals(originB, header(explicit, "Access-Control-Allow-Origin"));
        // a confidential client named by its Basic credentials
        App c = app("redirect_urls", List.of(originA + "/other"), "grant_types", List.of("client_credentials"), "client_credentials_user", "admin");
        HttpResponse<String> basic = http.postForm("/oauth_token.do", Map.of("grant_type", "client_credentials"),
                "Authorization", Http.basic(c.clientId(), c.secret()), "Origin", originA);
        assertEquals(200, basic.statusCode(), basic.body());
        assertEquals(originA, header(basic, "Access-Control-Allow-Origin"));
        // an inactive application's origins count no more
        http.json("PATCH", "/api/now/table/oauth_entity/" + b.sysId(), Map.of("active", false), "Authorization", Http.adminBasic());
        assertNoCors(http.postForm("/oauth_token.do", form, "Origin", originB));
    }

    @Test
    void theAuthorizationEndpointLoginConsentAndConsoleAreNeverCorsEnabled() {
        String origin = origin();
        App a = app("public_client", true, "redirect_urls", List.of(origin + "/cb"));
        for (String path : List.of("/oauth_auth.do", "/login.do", "/logout.do", "/oauth_logout.do", "/admin/applications", "/connected_apps.do")) {
            HttpResponse<String> p = preflight(path, origin, "GET", null);
            assertNoCors(p);
            assertFalse(p.statusCode() == 204 && header(p, "Access-Control-Allow-Methods") != null, path);
        }
        HttpResponse<String> get = http.get(AuthorizationFlow.authorizeUrl(a.clientId(), origin + "/cb", "incident_read", "s", "x".repeat(43)),
                "Origin", origin);
        assertNoCors(get);
    }

    @Test
    void metadataAndJwksAreOpenToEveryOrigin() {
        String stranger = origin();
        for (String path : List.of("/.well-known/oauth-authorization-server", "/api/now/oauth/jwks")) {
            HttpResponse<String> p = preflight(path, stranger, "GET", null);
            assertEquals(204, p.statusCode(), path);
            assertEquals("*", header(p, "Access-Control-Allow-Origin"));
            HttpResponse<String> r = http.get(path, "Origin", stranger);
            assertEquals(200, r.statusCode());
            assertEquals("*", header(r, "Access-Control-Allow-Origin"));
            assertEquals(null, header(r, "Access-Control-Allow-Credentials"));
        }
    }

    @Test
    void allowedOriginsMustBeOrigins() {
        Map<String, Object> body = Map.of("name", "Bad origins", "provider_name", "Tests", "allowed_origins", List.of("https://app.example.com/path"));
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", Http.adminBasic());
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("allowed_origins"), r.body());
        HttpResponse<String> plain = http.json("POST", "/api/now/table/oauth_entity",
                Map.of("name", "Plain http", "provider_name", "Tests", "allowed_origins", "http://app.example.com"), "Authorization", Http.adminBasic());
        assertEquals(400, plain.statusCode(), plain.body());
        App ok = app("allowed_origins", "https://App.Example.com, http://127.0.0.1:5173");
        JsonNode stored = Http.body(http.get("/api/now/table/oauth_entity/" + ok.sysId(), "Authorization", Http.adminBasic())).path("result");
        assertEquals("[\"https://app.example.com\",\"http://127.0.0.1:5173\"]", stored.path("allowed_origins").toString());
    }

    /** A bearer token acting as admin (client credentials), for API calls. */
    private String adminToken() {
        App c = app("grant_types", List.of("client_credentials"), "client_credentials_user", "admin");
        HttpResponse<String> r = http.postForm("/oauth_token.do", Map.of("grant_type", "client_credentials", "scope", "useraccount"),
                "Authorization", Http.basic(c.clientId(), c.secret()));
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("access_token").asText();
    }

    private JsonNode rule(Map<String, Object> fields) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/sys_cors_rule", fields, "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    @Test
    void tableApiFollowsTheCorsRulesForPreflightsAndActualRequests() {
        String origin = origin();
        String token = adminToken();
        HttpResponse<String> none = preflight("/api/now/table/incident", origin, "GET", "authorization");
        assertEquals(403, none.statusCode(), "no rule yet: " + none.body());
        assertNoCors(none);
        assertEquals("failure", Http.body(none).path("status").asText());
        HttpResponse<String> unruled = http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + token, "Origin", origin);
        assertEquals(200, unruled.statusCode());
        assertNoCors(unruled);

        JsonNode rule = rule(Map.of("name", "SPA", "rest_api", "table", "domain", origin, "http_method", List.of("GET", "POST"),
                "allowed_headers", "Authorization, Content-Type", "exposed_headers", List.of("X-Total-Count", "Link"), "max_age", 120));
        assertEquals("table", rule.path("rest_api").asText());
        HttpResponse<String> p = preflight("/api/now/table/incident", origin, "GET", "authorization");
        assertEquals(204, p.statusCode(), p.body());
        assertEquals(origin, header(p, "Access-Control-Allow-Origin"));
        assertEquals("GET, POST", header(p, "Access-Control-Allow-Methods"));
        assertEquals("Authorization, Content-Type", header(p, "Access-Control-Allow-Headers"));
        assertEquals("120", header(p, "Access-Control-Max-Age"));
        assertEquals(null, header(p, "Access-Control-Allow-Credentials"));
        assertEquals(403, preflight("/api/now/table/incident", origin, "DELETE", "authorization").statusCode(), "DELETE is not in the rule");
        assertEquals(403, preflight("/api/now/table/incident", origin, "GET", "authorization, x-other").statusCode(), "x-other is not allowed");
        assertEquals(204, preflight("/api/now/v2/table/incident/abc", origin, "POST", "authorization, content-type").statusCode());
        assertEquals(403, preflight("/api/now/attachment", origin, "GET", "authorization").statusCode(), "a Table API rule opens no other API");
        assertEquals(403, preflight("/api/now/table/incident", origin().replace("https:", "http:"), "GET", "authorization").statusCode());

        HttpResponse<String> actual = http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + token, "Origin", origin);
        assertEquals(200, actual.statusCode(), actual.body());
        assertEquals(origin, header(actual, "Access-Control-Allow-Origin"));
        assertEquals("X-Total-Count, Link", header(actual, "Access-Control-Expose-Headers"));
        assertEquals(null, header(actual, "Access-Control-Allow-Credentials"));
        assertTrue(varies(actual, "Origin"));
        HttpResponse<String> delete = http.delete("/api/now/table/incident/0123456789abcdef0123456789abcdef", "Authorization", "Bearer " + token, "Origin", origin);
        assertNoCors(delete);

        // deactivated over the Table API: no grant any more
        HttpResponse<String> off = http.json("PATCH", "/api/now/table/sys_cors_rule/" + rule.path("sys_id").asText(), Map.of("active", false),
                "Authorization", Http.adminBasic());
        assertEquals(200, off.statusCode(), off.body());
        assertEquals(403, preflight("/api/now/table/incident", origin, "GET", "authorization").statusCode());
        assertNoCors(http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + token, "Origin", origin));
    }

    @Test
    void wildcardRulesMatchSubdomainsAndTheExactOneWins() {
        String base = "cors-" + UUID.randomUUID().toString().substring(0, 8) + ".example.org";
        rule(Map.of("name", "All subdomains", "rest_api", "table", "domain", "https://*." + base, "http_method", "GET", "max_age", 60));
        rule(Map.of("name", "One app", "rest_api", "table", "domain", "https://app." + base, "http_method", "GET,PATCH", "max_age", 30));
        HttpResponse<String> sub = preflight("/api/now/table/incident", "https://x.y." + base, "GET", "authorization");
        assertEquals(204, sub.statusCode());
        assertEquals("60", header(sub, "Access-Control-Max-Age"));
        HttpResponse<String> exact = preflight("/api/now/table/incident", "https://app." + base, "PATCH", "authorization");
        assertEquals(204, exact.statusCode());
        assertEquals("30", header(exact, "Access-Control-Max-Age"));
        assertEquals(403, preflight("/api/now/table/incident", "https://" + base, "GET", null).statusCode(), "the bare domain is no subdomain");
        assertEquals(403, preflight("/api/now/table/incident", "https://evil" + base, "GET", null).statusCode());
        // an Attachment API rule opens the Attachment API only
        rule(Map.of("name", "Files", "rest_api", "attachment", "domain", "https://files." + base, "http_method", "GET,POST", "max_age", 45));
        HttpResponse<String> files = preflight("/api/now/attachment/file", "https://files." + base, "POST", "authorization, content-type");
        assertEquals(204, files.statusCode(), files.body());
        assertEquals("45", header(files, "Access-Control-Max-Age"));
        assertEquals(204, preflight("/api/now/v1/attachment", "https://files." + base, "GET", "authorization").statusCode());
        assertEquals(403, preflight("/api/now/attachment/file", "https://files." + base, "DELETE", "authorization").statusCode());
        assertEquals(403, preflight("/api/now/attachment", "https://x." + base, "GET", null).statusCode(), "the table wildcard opens no attachments");
    }

    @Test
    void corsRulesAreValidatedAndAdminOnly() {
        for (String domain : List.of("*", "https://*com", "http://192.168.1.*", "https://app.example.com/path", "ftp://app.example.com", "http://*.168.1.126")) {
            HttpResponse<String> r = http.json("POST", "/api/now/table/sys_cors_rule", Map.of("name", "Bad", "rest_api", "table", "domain", domain),
                    "Authorization", Http.adminBasic());
            assertEquals(400, r.statusCode(), domain + ": " + r.body());
            assertEquals("failure", Http.body(r).path("status").asText());
        }
        HttpResponse<String> method = http.json("POST", "/api/now/table/sys_cors_rule",
                Map.of("name", "Bad", "rest_api", "table", "domain", "https://a.example.com", "http_method", "TRACE"), "Authorization", Http.adminBasic());
        assertEquals(400, method.statusCode(), method.body());
        HttpResponse<String> api = http.json("POST", "/api/now/table/sys_cors_rule",
                Map.of("name", "Bad", "rest_api", "stats", "domain", "https://a.example.com"), "Authorization", Http.adminBasic());
        assertEquals(400, api.statusCode(), api.body());
        HttpResponse<String> list = http.get("/api/now/table/sys_cors_rule?sysparm_query=rest_api=table", "Authorization", Http.adminBasic());
        assertEquals(200, list.statusCode(), list.body());
        String name = "cors-oauth-admin-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        assertEquals(201, http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "user_password", password, "roles", "oauth_admin"),
                "Authorization", Http.adminBasic()).statusCode());
        HttpResponse<String> asOAuthAdmin = http.get("/api/now/table/sys_cors_rule", "Authorization", Http.basic(name, password));
        assertEquals(403, asOAuthAdmin.statusCode(), asOAuthAdmin.body());
    }

    @Test
    void aBasicOrCookieAuthenticatedCrossOriginApiCallIsRefused() {
        String origin = origin();
        rule(Map.of("name", "Basic refused", "rest_api", "table", "domain", origin, "http_method", "GET"));
        HttpResponse<String> basic = http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", Http.adminBasic(), "Origin", origin);
        assertEquals(403, basic.statusCode(), basic.body());
        assertEquals("failure", Http.body(basic).path("status").asText());
        assertTrue(Http.body(basic).path("error").path("detail").asText().contains("bearer"), basic.body());
        assertNoCors(basic);
        // also from an origin without any rule, and on other APIs
        assertEquals(403, http.get("/api/now/table/incident", "Authorization", Http.adminBasic(), "Origin", origin()).statusCode());
        assertEquals(403, http.get("/api/gatehouse/keys", "Authorization", Http.adminBasic(), "Origin", origin()).statusCode());
        // the session cookie of a logged-in person
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> cookie = browser.get("/api/now/table/incident?sysparm_limit=1", "Origin", origin);
        assertEquals(403, cookie.statusCode(), cookie.body());
        assertNoCors(cookie);
        // the same calls without Origin (a script, or this server's own pages) are unchanged
        assertEquals(200, http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", Http.adminBasic()).statusCode());
        assertEquals(200, http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", Http.adminBasic(), "Origin", server.baseUrl()).statusCode());
    }

    /**
     * What the CORS filter answers itself (preflights, granted or refused, and the refusal of a Basic-authenticated
     * cross-origin call) carries the same security headers as every other response.
     */
    @Test
    void theCorsFiltersOwnAnswersCarryTheSecurityHeaders() {
        String origin = origin();
        app("public_client", true, "redirect_urls", List.of(origin + "/callback"));
        rule(Map.of("name", "Headers", "rest_api", "table", "domain", origin, "http_method", "GET"));
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("refused OAuth preflight", preflight("/oauth_token.do", origin(), "POST", null));
        answers.put("granted OAuth preflight", preflight("/oauth_token.do", origin, "POST", null));
        answers.put("refused Table API preflight", preflight("/api/now/table/incident", origin, "DELETE", null));
        answers.put("granted Table API preflight", preflight("/api/now/table/incident", origin, "GET", null));
        answers.put("metadata preflight", preflight("/.well-known/oauth-authorization-server", origin(), "GET", null));
        answers.put("Basic from another origin", http.get("/api/now/table/incident", "Authorization", Http.adminBasic(), "Origin", origin));
        answers.put("a page, for comparison", http.get("/login.do"));
        answers.forEach((what, r) -> {
            assertEquals(what.startsWith("refused") || what.startsWith("Basic") ? 403 : what.startsWith("a page") ? 200 : 204,
                    r.statusCode(), what + ": " + r.body());
            assertEquals("DENY", header(r, "X-Frame-Options"), what);
            assertEquals("nosniff", header(r, "X-Content-Type-Options"), what);
            assertEquals("no-referrer", header(r, "Referrer-Policy"), what);
            assertTrue(String.valueOf(header(r, "Content-Security-Policy")).contains("frame-ancestors 'none'"), what);
        });
    }
}
