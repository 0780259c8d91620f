package gatehouse.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.config.Settings;
import gatehouse.store.Database;
import gatehouse.store.OutboundHttpLog;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduled outbound job (every 2 s here): refreshes ahead of time, marks refused refresh tokens as needing a
 * person, and purges the outbound HTTP log past {@code gatehouse.outbound.log.days} (10 here).
 */
class OutboundRefreshJobIT {
    static final long DAY = 86_400_000L;
    static ServerProcess provider;
    static ServerProcess consumer;
    static Http atProvider;
    static Http atConsumer;
    static final String admin = Http.adminBasic();
    /** Log rows written into the consumer's database before it starts, by age in days. */
    static final Map<String, Integer> plantedLogRows = Map.of("log-11-days-old", 11, "log-20-days-old", 20, "log-9-days-old", 9, "log-1-hour-old", 0);

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<ServerProcess> p = CompletableFuture.supplyAsync(() -> TestServer.start("job-provider", Map.of()));
        Path consumerData = TestServer.newDataDir("job-consumer");
        plantLogRows(consumerData);
        consumer = TestServer.startIn(consumerData, Map.of("gatehouse.outbound.refresh.skew", "55", "gatehouse.outbound.refresh.interval", "2",
                "gatehouse.outbound.log.days", "10"));
        provider = p.get();
        atProvider = Http.to(provider);
        atConsumer = Http.to(consumer);
    }

    @AfterAll
    static void stop() {
        if (consumer != null) consumer.close();
        if (provider != null) provider.close();
    }

    /** Old rows are written the way the server would have written them then: straight into its (not yet running) database. */
    static void plantLogRows(Path dataDir) {
        Database db = Database.open(Settings.of(Map.of("gatehouse.data.dir", dataDir.toString())));
        try {
            long now = System.currentTimeMillis();
            db.tx(em -> {
                plantedLogRows.forEach((id, days) -> {
                    OutboundHttpLog l = new OutboundHttpLog();
                    l.sysId = id;
                    l.loggedAt = now - days * DAY - 3_600_000L;
                    l.kind = "execution";
                    l.requestMethod = "GET";
                    l.url = "https://api.example.com/" + id;
                    l.statusCode = 200;
                    l.elapsedMs = 5L;
                    l.tokenAction = "none";
                    em.persist(l);
                });
                return null;
            });
        } finally {
            db.close();
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An application at the provider, then the provider record at the consumer; returns the default profile's sys_id. */
    static String setUp(String grants, String defaultGrant, int providerRefreshLifespan) {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", unique("job app"));
        app.put("provider_name", "Tests");
        app.put("grant_types", grants);
        app.put("auth_scopes", "useraccount");
        app.put("client_credentials_user", "admin");
        app.put("redirect_urls", consumer.baseUrl() + "/oauth_redirect.do");
        app.put("access_token_lifespan", 60);
        app.put("refresh_token_lifespan", providerRefreshLifespan);
        HttpResponse<String> a = atProvider.json("POST", "/api/now/table/oauth_entity", app, "Authorization", admin);
        assertEquals(201, a.statusCode(), a.body());
        JsonNode created = Http.body(a).path("result");
        HttpResponse<String> p = atConsumer.json("POST", "/api/now/table/oauth_entity", Map.of("type", "oauth_provider", "name", unique("job provider"),
                "client_id", created.path("client_id").asText(), "client_secret", created.path("client_secret").asText(),
                "default_grant_type", defaultGrant, "auth_url", provider.baseUrl() + "/oauth_auth.do",
                "token_url", provider.baseUrl() + "/oauth_token.do"), "Authorization", admin);
        assertEquals(201, p.statusCode(), p.body());
        return Http.body(p).path("result").path("default_profile").path("value").asText();
    }

    static JsonNode waitForCredential(String profile, Predicate<JsonNode> until) throws InterruptedException {
        JsonNode last = null;
        for (int i = 0; i < 60; i++) {
            JsonNode rows = Http.body(atConsumer.get("/api/now/table/oauth_credential?sysparm_query=profile=" + profile, "Authorization", admin)).path("result");
            if (rows.size() == 1) {
                last = rows.get(0);
                if (until.test(last)) return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the job did not get there: " + last);
    }

    @Test
    void theJobRefreshesATokenBeforeItExpiresWithoutAnyCall() throws Exception {
        String profile = setUp("client_credentials", "client_credentials", 8_640_000);
        HttpResponse<String> got = atConsumer.postRaw("/api/gatehouse/oauth_profile/" + profile + "/token", "application/json", "", "Authorization", admin);
        assertEquals(200, got.statusCode(), got.body());
        JsonNode c = waitForCredential(profile, x -> x.path("refresh_count").asInt() >= 2);
        assertTrue(c.path("access_token_present").asBoolean());
    }

    @Test
    void theJobMarksACredentialWhoseRefreshTokenIsRefusedAsNeedingAPerson() throws Exception {
        String profile = setUp("authorization_code,refresh_token", "authorization_code", 1);
        atConsumer.json("PATCH", "/api/now/table/oauth_entity_profile/" + profile, Map.of("scopes", List.of("useraccount")), "Authorization", admin);
        Http browser = Http.browser(consumer);
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> page = browser.get("/oauth_initiator.do?profile=" + profile);
        String toProvider = browser.postForm("/oauth_initiator.do", AuthorizationFlow.hiddenFields(page.body())).headers().firstValue("Location").orElseThrow();
        String back = AuthorizationFlow.authorize(Http.browser(provider), toProvider, "admin", TestServer.ADMIN_PASSWORD, true);
        HttpResponse<String> done = browser.get(back);
        assertTrue(done.body().contains("The OAuth flow completed"), done.body());
        JsonNode c = waitForCredential(profile, x -> x.path("needs_person").asBoolean());
        assertTrue(c.path("last_error").asText().contains("invalid_grant"), c.toString());
    }

    @Test
    void theJobPurgesLogRowsOlderThanTheSettingAndKeepsYoungerOnes() throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (status("log-11-days-old") == 200 && System.currentTimeMillis() < deadline) Thread.sleep(500);
        assertEquals(404, status("log-11-days-old"), "past the 10 days of gatehouse.outbound.log.days");
        assertEquals(404, status("log-20-days-old"), "past 10 days, though within the default 30: the setting is what counts");
        assertEquals(200, status("log-9-days-old"), "younger than 10 days");
        assertEquals(200, status("log-1-hour-old"));
    }

    private static int status(String logRow) {
        return atConsumer.get("/api/now/table/sys_outbound_http_log/" + logRow, "Authorization", admin).statusCode();
    }
}
