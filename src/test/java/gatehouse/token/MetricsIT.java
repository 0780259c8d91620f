package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /metrics}: Prometheus' text format for the holder of gatehouse.metrics.token only, and never a secret in it. */
class MetricsIT {
    private static final String SCRAPE_TOKEN = "scrape-" + java.util.UUID.randomUUID();
    private static ServerProcess server;
    private static Http http;

    @BeforeAll
    static void start() {
        // --jmx true: Tomcat's MBeans on, as in a Tomcat distribution, for the tomcat_* figures
        server = TestServer.startIn(TestServer.newDataDir("metrics"), Map.of("gatehouse.metrics.token", SCRAPE_TOKEN,
                "gatehouse.login.max.failures", "3"), java.util.List.of("--jmx", "true"));
        http = Http.to(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<String> scrape() {
        return http.get("/metrics", "Authorization", "Bearer " + SCRAPE_TOKEN);
    }

    @Test
    void onlyTheConfiguredBearerSecretOpensMetrics() {
        HttpResponse<String> none = http.get("/metrics");
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), none.headers().toString());
        assertEquals(401, http.get("/metrics", "Authorization", "Bearer " + SCRAPE_TOKEN + "x").statusCode());
        assertEquals(401, http.get("/metrics", "Authorization", Http.adminBasic()).statusCode());
        HttpResponse<String> ok = scrape();
        assertEquals(200, ok.statusCode());
        assertTrue(ok.headers().firstValue("Content-Type").orElse("").replace(" ", "").startsWith("text/plain;version=0.0.4"),
                ok.headers().toString());
        assertTrue(ok.body().contains("jvm_memory_used_bytes"), "JVM figures");
        assertTrue(ok.body().contains("gatehouse_sessions_active"), "active sessions");
        assertTrue(ok.body().contains("gatehouse_db_transaction_seconds_count"), "transaction times");

        // without the setting the endpoint does not exist
        assertEquals(404, Http.to(TestServer.shared()).get("/metrics", "Authorization", "Bearer " + SCRAPE_TOKEN).statusCode());
    }

    @Test
    void tokensIssuedAndRequestsAreCountedWithBoundedLabelsAndNoSecrets() {
        Apps.App app = Apps.create(http);
        double before = value(scrape().body(), "gatehouse_tokens_issued_total", "client_credentials", app.clientId());
        String token = null;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = Apps.clientCredentials(http, app);
            assertEquals(200, r.statusCode(), r.body());
            token = Http.body(r).path("access_token").asText();
        }
        // refusals: a wrong secret, and junk that must not become a label
        http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"), "Authorization",
                Http.basic(app.clientId(), "wrong-secret"));
        http.postForm("/oauth_token.do", Http.map("grant_type", "evil\"grant{x=\"1\"}"), "Authorization", app.basic());
        assertEquals(200, Apps.api(http, token));

        String body = scrape().body();
        assertEquals(before + 3, value(body, "gatehouse_tokens_issued_total", "client_credentials", app.clientId()), 0.0, body);
        assertTrue(count(body, "gatehouse_http_requests_seconds_count", "endpoint=\"token\"") >= 5, body);
        assertTrue(count(body, "gatehouse_http_requests_seconds_count", "endpoint=\"api\"") >= 1, body);
        assertTrue(body.contains("status=\"4xx\""), body);
        assertFalse(body.contains(token), "an access token in the metrics");
        assertFalse(body.contains(app.secret()), "a client secret in the metrics");
        assertFalse(body.contains("wrong-secret"));
        assertFalse(body.contains("evil"), "text a caller sent became a label");
        assertFalse(body.contains(SCRAPE_TOKEN));
    }

    @Test
    void refusalsAreCountedByEndpointAndRfcErrorCodeOnly() {
        Apps.App app = Apps.create(http);
        String before = scrape().body();
        HttpResponse<String> wrongSecret = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"), "Authorization",
                Http.basic(app.clientId(), "wrong-secret"));
        assertEquals(401, wrongSecret.statusCode());
        assertEquals(400, http.postForm("/oauth_token.do", Http.map("grant_type", "evil\"grant{x=\"1\"}"), "Authorization", app.basic()).statusCode());
        assertEquals(400, http.postForm("/oauth_token.do", Http.map("grant_type", "urn:made-up"), "Authorization", app.basic()).statusCode());
        String bogusToken = "bogus-" + java.util.UUID.randomUUID();
        assertEquals(401, Apps.api(http, bogusToken));
        assertEquals(401, Apps.api(http, bogusToken));
        // refused revocation and device authorization requests count under their own endpoints (another client: three
        // wrong secrets of one client would be throttled, gatehouse.login.max.failures=3)
        Apps.App other = Apps.create(http);
        assertEquals(401, http.postForm("/oauth_revoke_token.do", Http.map("token", "x"), "Authorization", Http.basic(other.clientId(), "nope")).statusCode());
        assertEquals(401, http.postForm("/oauth_device.do", Http.map("scope", "useraccount"), "Authorization", Http.basic(other.clientId(), "nope")).statusCode());
        // the authorization endpoint: an error page (unknown client) and an error sent to the client's redirect URI;
        // UserInfo: a bad token, and no token at all (no error code, as RFC 6750 §3.1 says: not counted)
        assertEquals(400, http.get("/oauth_auth.do?response_type=code&client_id=no-such-client&redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb").statusCode());
        HttpResponse<String> badType = http.get("/oauth_auth.do?response_type=evil&client_id=" + app.clientId()
                + "&redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb&state=s1");
        assertEquals(302, badType.statusCode(), badType.body());
        assertTrue(badType.headers().firstValue("Location").orElse("").contains("error=unsupported_response_type"), badType.headers().toString());
        assertEquals(401, http.get("/oauth_userinfo.do", "Authorization", "Bearer " + bogusToken).statusCode());
        assertEquals(401, http.get("/oauth_userinfo.do").statusCode());

        String after = scrape().body();
        assertEquals(1, delta(before, after, "gatehouse_refusals_total", "endpoint=\"token\"", "error=\"invalid_client\""), after);
        assertEquals(2, delta(before, after, "gatehouse_refusals_total", "endpoint=\"token\"", "error=\"unsupported_grant_type\""), after);
        assertEquals(2, delta(before, after, "gatehouse_refusals_total", "endpoint=\"api\"", "error=\"invalid_token\""), after);
        assertEquals(1, delta(before, after, "gatehouse_refusals_total", "endpoint=\"revoke\"", "error=\"invalid_client\""), after);
        assertEquals(1, delta(before, after, "gatehouse_refusals_total", "endpoint=\"device\"", "error=\"invalid_client\""), after);
        assertEquals(0, delta(before, after, "gatehouse_refusals_total", "endpoint=\"token\"", "error=\"invalid_grant\""), after);
        assertEquals(1, delta(before, after, "gatehouse_refusals_total", "endpoint=\"authorize\"", "error=\"invalid_request\""), after);
        assertEquals(1, delta(before, after, "gatehouse_refusals_total", "endpoint=\"authorize\"", "error=\"unsupported_response_type\""), after);
        assertEquals(1, delta(before, after, "gatehouse_refusals_total", "endpoint=\"userinfo\"", "error=\"invalid_token\""), after);
        // every error label is a fixed code: nothing a caller sent
        Matcher m = Pattern.compile("(?m)^gatehouse_refusals_total\\{[^}]*error=\"([^\"]*)\"").matcher(after);
        java.util.Set<String> codes = new java.util.TreeSet<>();
        while (m.find()) codes.add(m.group(1));
        assertTrue(java.util.Set.of("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type",
                "invalid_scope", "server_error", "temporarily_unavailable", "invalid_token", "insufficient_scope", "too_many_requests",
                "invalid_dpop_proof", "use_dpop_nonce", "authorization_pending", "slow_down", "expired_token", "unsupported_response_type", "login_required", "consent_required",
                "interaction_required", "request_not_supported", "request_uri_not_supported", "registration_not_supported", "access_denied",
                "invalid_target", "other").containsAll(codes), codes.toString());
        assertFalse(after.contains("evil") || after.contains("made-up") || after.contains(bogusToken), "caller text in a label");
    }

    @Test
    void failedLoginsAndLockoutsAreCountedWithoutTheUserName() {
        String name = "ghost-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String before = scrape().body();
        // gatehouse.login.max.failures=3: the third wrong password locks the name, the fourth meets the lock
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", Http.basic(name, "wrong-" + i));
            assertEquals(401, r.statusCode(), r.body());
        }
        String after = scrape().body();
        assertEquals(2, delta(before, after, "gatehouse_logins_failed_total", "reason=\"wrong_credentials\""), after);
        assertEquals(2, delta(before, after, "gatehouse_logins_failed_total", "reason=\"locked\""), after);
        assertEquals(1, delta(before, after, "gatehouse_lockouts_total"), after);
        assertFalse(after.contains(name), "a user name in the metrics");
        assertFalse(after.contains("wrong-0"), "a password in the metrics");
    }

    @Test
    void databasePoolTransactionsAndTomcatFiguresAreThere() {
        Apps.App app = Apps.create(http);
        assertEquals(200, Apps.clientCredentials(http, app).statusCode());
        String body = scrape().body();
        // EclipseLink's own pool (the test servers connect by URL): 32 connections at most (Database.jpaProperties)
        assertEquals(32, value(body, "gatehouse_db_pool_max", "default"), 0.0, body);
        assertTrue(sample(body, "gatehouse_db_pool_connections", "pool=\"default\"", "state=\"in_use\"") >= 0, body);
        assertTrue(sample(body, "gatehouse_db_pool_connections", "pool=\"default\"", "state=\"idle\"") >= 1, "a connection went back to the pool");
        assertTrue(sample(body, "gatehouse_db_transaction_seconds_count") >= 1, body);
        assertTrue(sample(body, "gatehouse_db_group_commit_size_count") >= 1, "the token's writes went through group commit");
        // Tomcat's connector, from its MBeans (Launcher: maxThreads 64): the scrape itself is a busy thread
        assertEquals(64, sample(body, "tomcat_threads_max", "connector="), 0.0, body);
        assertTrue(sample(body, "tomcat_threads_busy", "connector=") >= 1, body);
        assertTrue(sample(body, "tomcat_connections_current", "connector=") >= 1, body);
        assertTrue(sample(body, "tomcat_requests_total", "connector=") >= 1, body);
        assertTrue(body.contains("tomcat_request_processing_seconds_total{"), body);
    }

    @Test
    void activeLoginSessionsAreCounted() {
        double before = sample(scrape().body(), "gatehouse_sessions_active");
        assertFalse(Double.isNaN(before), "a number, read at each scrape");
        gatehouse.admin.ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        assertEquals(before + 1, sample(scrape().body(), "gatehouse_sessions_active"), 0.0);
    }

    /** A provider record for Gatehouse itself (client credentials of {@code app}), and a REST message "get" using its profile. */
    private static String[] outboundToSelf(Apps.App app, String secret) {
        Map<String, Object> provider = new java.util.LinkedHashMap<>();
        provider.put("type", "oauth_provider");
        provider.put("name", "Self " + java.util.UUID.randomUUID().toString().substring(0, 8));
        provider.put("client_id", app.clientId());
        provider.put("client_secret", secret);
        provider.put("default_grant_type", "client_credentials");
        provider.put("token_url", server.baseUrl() + "/oauth_token.do");
        HttpResponse<String> p = http.json("POST", "/api/now/table/oauth_entity", provider, "Authorization", Http.adminBasic());
        assertEquals(201, p.statusCode(), p.body());
        String profile = Http.body(p).path("result").path("default_profile").path("value").asText();
        String message = "msg-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, http.json("POST", "/api/now/table/sys_rest_message", Map.of("name", message, "endpoint",
                server.baseUrl() + "/api/now/table/sys_user", "authentication_type", "oauth2", "oauth_profile", profile),
                "Authorization", Http.adminBasic()).statusCode());
        assertEquals(201, http.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", message, "name", "get",
                "http_method", "GET", "query_parameters", Map.of("sysparm_limit", "1")), "Authorization", Http.adminBasic()).statusCode());
        return new String[] {profile, message};
    }

    @Test
    void outboundCallsAreCountedByKindProfileStatusAndTokenAction() {
        Apps.App app = Apps.create(http);
        String[] good = outboundToSelf(app, app.secret());
        String[] bad = outboundToSelf(app, "not-the-secret");
        String before = scrape().body();
        for (String[] s : List.of(good, bad)) http.json("POST", "/api/gatehouse/rest_message/" + s[1] + "/get/execute", Map.of("variables", Map.of()),
                "Authorization", Http.adminBasic());
        String after = scrape().body();
        String g = "profile=\"" + good[0] + "\"", b = "profile=\"" + bad[0] + "\"";
        assertEquals(1, delta(before, after, "gatehouse_outbound_calls_total", "kind=\"token\"", g, "status=\"2xx\"", "token_action=\"fetched\""), after);
        assertEquals(1, delta(before, after, "gatehouse_outbound_calls_total", "kind=\"execution\"", g, "status=\"2xx\""), after);
        assertEquals(1, delta(before, after, "gatehouse_outbound_calls_total", "kind=\"token\"", b, "status=\"4xx\"", "token_action=\"fetched\""), after);
        // without a token nothing was sent: the execution is logged with no status
        assertEquals(1, delta(before, after, "gatehouse_outbound_calls_total", "kind=\"execution\"", b, "status=\"error\""), after);
        assertEquals(0, delta(before, after, "gatehouse_outbound_calls_total", "kind=\"execution\"", b, "status=\"2xx\""), after);
        assertFalse(after.contains("not-the-secret") || after.contains(app.secret()));
    }

    /** How much the samples of {@code metric} with all of {@code labels} grew between two scrapes. */
    private static double delta(String before, String after, String metric, String... labels) {
        return sample(after, metric, labels) - sample(before, metric, labels);
    }

    /** The sum of the samples of {@code metric} (with or without labels) whose labels contain each of {@code labels}. */
    private static double sample(String body, String metric, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + metric + "(?:\\{([^}]*)\\})? (\\S+)$").matcher(body);
        double sum = 0;
        while (m.find()) {
            boolean all = true;
            for (String l : labels) all &= m.group(1) != null && m.group(1).contains(l);
            if (all) sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    /** The value of the sample of {@code metric} whose labels contain each of {@code labels}, 0 when there is none. */
    private static double value(String body, String metric, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(body);
        while (m.find()) {
            boolean all = true;
            for (String l : labels) all &= m.group(1).contains("\"" + l + "\"");
            if (all) return Double.parseDouble(m.group(2));
        }
        return 0;
    }

    /** The sum of the samples of {@code metric} whose labels contain {@code label}. */
    private static double count(String body, String metric, String label) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(body);
        double sum = 0;
        while (m.find()) if (m.group(1).contains(label)) sum += Double.parseDouble(m.group(2));
        return sum;
    }
}
