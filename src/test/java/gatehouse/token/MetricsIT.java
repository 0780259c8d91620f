package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
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
        server = TestServer.start("metrics", Map.of("gatehouse.metrics.token", SCRAPE_TOKEN));
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
