package gatehouse.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gatehouse as the OAuth client of a second Gatehouse (its own database, another port) acting as the third
 * party, plus a small local HTTP server standing for any other remote (to see the headers sent, redirects,
 * slow and large answers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboundClientIT {
    static ServerProcess provider;
    static ServerProcess consumer;
    static Http atProvider;
    static Http atConsumer;
    static HttpServer remote;
    static HttpServer elsewhere;
    static final Queue<String> authorizationsSeen = new ConcurrentLinkedQueue<>();
    static final AtomicInteger elsewhereHits = new AtomicInteger();
    /** Every secret and token value the tests used: none may appear in the log table or the server log. */
    static final Set<String> secrets = new CopyOnWriteArraySet<>();
    static final String admin = Http.adminBasic();

    @BeforeAll
    static void start() throws Exception {
        CompletableFuture<ServerProcess> p = CompletableFuture.supplyAsync(() -> TestServer.start("provider", Map.of()));
        // skew 50 s with the provider's 60 s tokens: a token counts as fresh for 10 s, then is refreshed before use
        consumer = TestServer.start("consumer", Map.of("gatehouse.outbound.refresh.skew", "50", "gatehouse.outbound.refresh.interval", "0",
                "gatehouse.outbound.read.timeout", "10", "gatehouse.outbound.max.response", "65536"));
        provider = p.get();
        atProvider = Http.to(provider);
        atConsumer = Http.to(consumer);
        remote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService pool = Executors.newCachedThreadPool();
        remote.setExecutor(pool);
        elsewhere.setExecutor(pool);
        elsewhere.createContext("/", x -> {
            elsewhereHits.incrementAndGet();
            reply(x, 200, "{}");
        });
        remote.createContext("/echo", x -> {
            String a = x.getRequestHeaders().getFirst("Authorization");
            if (a != null) authorizationsSeen.add(a);
            reply(x, 200, "{\"query\":\"" + (x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery()) + "\"}");
        });
        remote.createContext("/redirect", x -> {
            x.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/steal");
            reply(x, 302, "");
        });
        remote.createContext("/big", x -> reply(x, 200, "x".repeat(200_000)));
        remote.createContext("/slow", x -> {
            try {
                Thread.sleep(15_000);   // longer than the consumer's 10 s read timeout
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            reply(x, 200, "{}");
        });
        remote.createContext("/down", x -> reply(x, 503, "{\"error\":\"maintenance\"}"));
        remote.start();
        elsewhere.start();
    }

    @AfterAll
    static void stop() {
        if (remote != null) remote.stop(0);
        if (elsewhere != null) elsewhere.stop(0);
        if (consumer != null) consumer.close();
        if (provider != null) provider.close();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) x.getResponseBody().write(b);
        x.close();
    }

    // ---- helpers: what an administrator does over the Table API ----

    record App(String clientId, String secret) { }

    record Setup(String providerId, String profileId, String message) { }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An application at the provider for client credentials, acting as the provider's admin, 60 s tokens. */
    static App providerApp() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", unique("Gatehouse consumer"));
        body.put("provider_name", "Tests");
        body.put("grant_types", "client_credentials");
        body.put("auth_scopes", "useraccount");
        body.put("client_credentials_user", "admin");
        body.put("access_token_lifespan", 60);
        HttpResponse<String> r = atProvider.json("POST", "/api/now/table/oauth_entity", body, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode app = Http.body(r).path("result");
        App a = new App(app.path("client_id").asText(), app.path("client_secret").asText());
        secrets.add(a.secret());
        return a;
    }

    /** The provider record, its default profile, and a REST message with a GET method named "get" at {@code endpoint}. */
    static Setup consumerSetup(App app, String grant, String endpoint, Map<String, Object> query) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "oauth_provider");
        body.put("name", unique("Second Gatehouse"));
        body.put("client_id", app.clientId());
        if (app.secret() != null) body.put("client_secret", app.secret());
        body.put("default_grant_type", grant);
        body.put("auth_url", provider.baseUrl() + "/oauth_auth.do");
        body.put("token_url", provider.baseUrl() + "/oauth_token.do");
        body.put("token_revocation_url", provider.baseUrl() + "/oauth_revoke_token.do");
        HttpResponse<String> r = atConsumer.json("POST", "/api/now/table/oauth_entity", body, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode p = Http.body(r).path("result");
        String profile = p.path("default_profile").path("value").asText();
        String message = unique("msg");
        HttpResponse<String> m = atConsumer.json("POST", "/api/now/table/sys_rest_message", Map.of("name", message, "endpoint", endpoint,
                "authentication_type", "oauth2", "oauth_profile", profile), "Authorization", admin);
        assertEquals(201, m.statusCode(), m.body());
        HttpResponse<String> f = atConsumer.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", message, "name", "get",
                "http_method", "GET", "query_parameters", query), "Authorization", admin);
        assertEquals(201, f.statusCode(), f.body());
        return new Setup(p.path("sys_id").asText(), profile, message);
    }

    static HttpResponse<String> execute(String message, Map<String, Object> variables) {
        return atConsumer.json("POST", "/api/gatehouse/rest_message/" + message + "/get/execute", Map.of("variables", variables), "Authorization", admin);
    }

    static JsonNode credentialOf(String profile) {
        HttpResponse<String> r = atConsumer.get("/api/now/table/oauth_credential?sysparm_query=profile=" + profile, "Authorization", admin);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode rows = Http.body(r).path("result");
        assertEquals(1, rows.size(), r.body());
        return rows.get(0);
    }

    static String tokenSentTo(Setup s) {
        // a second message on the same profile, aimed at the local remote, shows the token that is sent
        String echo = unique("echo");
        assertEquals(201, atConsumer.json("POST", "/api/now/table/sys_rest_message", Map.of("name", echo,
                "endpoint", "http://127.0.0.1:" + remote.getAddress().getPort() + "/echo", "authentication_type", "oauth2",
                "oauth_profile", s.profileId()), "Authorization", admin).statusCode());
        assertEquals(201, atConsumer.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", echo, "name", "get"),
                "Authorization", admin).statusCode());
        authorizationsSeen.clear();
        HttpResponse<String> r = execute(echo, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        String header = authorizationsSeen.poll();
        assertNotNull(header);
        assertTrue(header.startsWith("Bearer "), header);
        String token = header.substring(7);
        secrets.add(token);
        return token;
    }


    /** An application at the provider for the authorization code grant, returning to the consumer's /oauth_redirect.do. */
    static App providerCodeApp(int refreshLifespan) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", unique("Gatehouse consumer (code)"));
        body.put("provider_name", "Tests");
        body.put("grant_types", "authorization_code,refresh_token");
        body.put("auth_scopes", "useraccount");
        body.put("redirect_urls", consumer.baseUrl() + "/oauth_redirect.do");
        body.put("access_token_lifespan", 60);
        body.put("refresh_token_lifespan", refreshLifespan);
        HttpResponse<String> r = atProvider.json("POST", "/api/now/table/oauth_entity", body, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode app = Http.body(r).path("result");
        App a = new App(app.path("client_id").asText(), app.path("client_secret").asText());
        secrets.add(a.secret());
        return a;
    }

    /**
     * Get OAuth Token as the consumer's admin: the initiator's form, the provider's login and consent (a browser of
     * its own: both servers are on 127.0.0.1, where cookies do not tell ports apart), and back to /oauth_redirect.do.
     * Returns the page /oauth_redirect.do showed.
     */
    static HttpResponse<String> getOAuthToken(Http consumerBrowser, String profile, boolean allow) {
        return getOAuthToken(consumerBrowser, profile, allow, "admin", TestServer.ADMIN_PASSWORD);
    }

    static HttpResponse<String> getOAuthToken(Http consumerBrowser, String profile, boolean allow, String user, String password) {
        HttpResponse<String> page = consumerBrowser.get("/oauth_initiator.do?profile=" + profile);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Get OAuth Token"));
        Map<String, String> form = AuthorizationFlow.hiddenFields(page.body());
        HttpResponse<String> go = consumerBrowser.postForm("/oauth_initiator.do", form);
        assertEquals(303, go.statusCode(), go.body());
        String toProvider = go.headers().firstValue("Location").orElseThrow();
        assertTrue(toProvider.startsWith(provider.baseUrl() + "/oauth_auth.do?"), toProvider);
        Map<String, String> q = AuthorizationFlow.query(toProvider);
        assertEquals("S256", q.get("code_challenge_method"), "PKCE per the provider's code_challenge_method");
        assertEquals(43, q.get("code_challenge").length());
        assertTrue(q.get("state").length() >= 43);
        assertEquals(consumer.baseUrl() + "/oauth_redirect.do", q.get("redirect_uri"));
        String back = AuthorizationFlow.authorize(Http.browser(provider), toProvider, user, password, allow);
        assertTrue(back.startsWith(consumer.baseUrl() + "/oauth_redirect.do?"), back);
        return consumerBrowser.get(back);
    }

    static Http adminBrowserAtConsumer() {
        Http b = Http.browser(consumer);
        AuthorizationFlow.login(b, "admin", TestServer.ADMIN_PASSWORD);
        return b;
    }

    // ---- the tests ----

    @Test
    @Order(1)
    void clientCredentialsTokenIsFetchedOnceAndSentAsBearer() throws Exception {
        Setup s = consumerSetup(providerApp(), "client_credentials", provider.baseUrl() + "/api/now/table/incident",
                Map.of("sysparm_limit", "${limit}", "sysparm_fields", "number,short_description"));
        HttpResponse<String> first = execute(s.message(), Map.of("limit", 1));
        assertEquals(200, first.statusCode(), first.body());
        JsonNode r = Http.body(first).path("result");
        assertEquals(200, r.path("status_code").asInt(), r.toString());
        JsonNode incidents = Http.JSON.readTree(r.path("body").asText()).path("result");
        assertEquals(1, incidents.size(), r.toString());
        assertTrue(incidents.get(0).path("number").asText().startsWith("INC"), r.toString());
        assertTrue(r.path("token_refreshed").asBoolean(), "the first call fetched a token");
        assertTrue(r.path("elapsed_ms").asLong() >= 0);
        JsonNode second = Http.body(execute(s.message(), Map.of("limit", 1))).path("result");
        assertEquals(200, second.path("status_code").asInt(), second.toString());
        assertFalse(second.path("token_refreshed").asBoolean(), "the fresh token was reused");

        JsonNode cred = credentialOf(s.profileId());
        assertEquals("access_token", cred.path("type").asText());
        assertEquals(1, cred.path("refresh_count").asInt());
        assertFalse(cred.path("needs_person").asBoolean());
        assertFalse(cred.toString().contains("access_token\":\""), "no token value is listed");

        HttpResponse<String> got = atConsumer.postRaw("/api/gatehouse/oauth_profile/" + s.profileId() + "/token", "application/json", "",
                "Authorization", admin);
        assertEquals(200, got.statusCode(), got.body());
        assertEquals("success", Http.body(got).path("result").path("status").asText());
        assertFalse(Http.body(got).path("result").path("expires").isNull());
    }

    @Test
    @Order(2)
    void tokenRevokedAtTheProviderIsRenewedOnceAndTheCallRetried() {
        App app = providerApp();
        Setup s = consumerSetup(app, "client_credentials", provider.baseUrl() + "/api/now/table/sys_user", Map.of("sysparm_limit", "1"));
        String token = tokenSentTo(s);
        HttpResponse<String> revoked = atProvider.postForm("/oauth_revoke_token.do", Http.map("token", token),
                "Authorization", Http.basic(app.clientId(), app.secret()));
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals(401, atProvider.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", "Bearer " + token).statusCode());
        int before = credentialOf(s.profileId()).path("refresh_count").asInt();

        HttpResponse<String> r = execute(s.message(), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = Http.body(r).path("result");
        assertEquals(200, result.path("status_code").asInt(), result.toString());
        assertTrue(result.path("token_refreshed").asBoolean());
        assertEquals(before + 1, credentialOf(s.profileId()).path("refresh_count").asInt(), "exactly one new token");
    }

    @Test
    @Order(3)
    void anExpiringTokenIsRefreshedOnceForTwentyConcurrentExecutions() throws Exception {
        Setup s = consumerSetup(providerApp(), "client_credentials", provider.baseUrl() + "/api/now/table/sys_user", Map.of("sysparm_limit", "1"));
        assertEquals(200, execute(s.message(), Map.of()).statusCode());
        assertEquals(1, credentialOf(s.profileId()).path("refresh_count").asInt());
        Thread.sleep(11_000);   // the 60 s token is now within the 50 s skew: the next use refreshes it

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) calls.add(pool.submit(() -> {
            go.await();
            return execute(s.message(), Map.of());
        }));
        go.countDown();
        int refreshedCount = 0;
        for (Future<HttpResponse<String>> f : calls) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.body());
            JsonNode result = Http.body(r).path("result");
            assertEquals(200, result.path("status_code").asInt(), result.toString());
            if (result.path("token_refreshed").asBoolean()) refreshedCount++;
        }
        pool.shutdown();
        assertEquals(1, refreshedCount, "one execution refreshed, the others used its token");
        assertEquals(2, credentialOf(s.profileId()).path("refresh_count").asInt(), "exactly one refresh");
        HttpResponse<String> tokenRequests = atConsumer.get("/api/now/table/sys_outbound_http_log?sysparm_query=kind=token%5Eoauth_profile="
                + s.profileId(), "Authorization", admin);
        assertEquals("2", tokenRequests.headers().firstValue("X-Total-Count").orElse(""), tokenRequests.body());
    }

    @Test
    @Order(4)
    void variablesAreUrlEncodedAndCredentialsDoNotFollowARedirect() {
        Setup s = consumerSetup(providerApp(), "client_credentials", "http://127.0.0.1:" + remote.getAddress().getPort() + "/echo",
                Map.of("q", "${q}"));
        HttpResponse<String> r = execute(s.message(), Map.of("q", "a b&c=d"));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(Http.body(r).path("result").path("body").asText().contains("q=a%20b%26c%3Dd"), r.body());

        String redirect = unique("redirect");
        atConsumer.json("POST", "/api/now/table/sys_rest_message", Map.of("name", redirect, "endpoint",
                "http://127.0.0.1:" + remote.getAddress().getPort() + "/redirect", "authentication_type", "oauth2", "oauth_profile", s.profileId()),
                "Authorization", admin);
        atConsumer.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", redirect, "name", "get"), "Authorization", admin);
        HttpResponse<String> moved = execute(redirect, Map.of());
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(302, Http.body(moved).path("result").path("status_code").asInt());
        assertEquals(0, elsewhereHits.get(), "the redirect was not followed");

        HttpResponse<String> missing = execute(s.message(), Map.of());
        assertEquals(400, missing.statusCode(), missing.body());
        assertTrue(Http.body(missing).path("error").path("detail").asText().contains("${q}"));
    }

    @Test
    @Order(5)
    void remoteFailuresAre502NamingTheRemoteStatusNeverA500() {
        Setup s = consumerSetup(providerApp(), "client_credentials", "http://127.0.0.1:" + remote.getAddress().getPort() + "/down", Map.of());
        HttpResponse<String> down = execute(s.message(), Map.of());
        assertEquals(502, down.statusCode(), down.body());
        JsonNode e = Http.body(down).path("error");
        assertEquals(503, e.path("remote_status").asInt());
        assertTrue(e.path("message").asText().contains("503"));
        assertTrue(e.has("token_refreshed"));
        assertEquals("failure", Http.body(down).path("status").asText());

        for (String path : List.of("/big", "/slow")) {
            String name = unique("m");
            atConsumer.json("POST", "/api/now/table/sys_rest_message", Map.of("name", name, "endpoint",
                    "http://127.0.0.1:" + remote.getAddress().getPort() + path), "Authorization", admin);
            atConsumer.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", name, "name", "get"), "Authorization", admin);
            HttpResponse<String> r = execute(name, Map.of());
            assertEquals(502, r.statusCode(), path + " " + r.body());
            assertTrue(Http.body(r).path("error").path("remote_status").isNull(), r.body());
        }
        String closed = unique("closed");
        atConsumer.json("POST", "/api/now/table/sys_rest_message", Map.of("name", closed, "endpoint", "http://127.0.0.1:1/nothing"), "Authorization", admin);
        atConsumer.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", closed, "name", "get"), "Authorization", admin);
        assertEquals(502, execute(closed, Map.of()).statusCode());

        // a provider that refuses the client: 502 with the provider's own error
        Setup wrong = consumerSetup(new App(unique("nobody"), "wrong-secret-" + UUID.randomUUID()), "client_credentials",
                provider.baseUrl() + "/api/now/table/sys_user", Map.of());
        HttpResponse<String> refused = execute(wrong.message(), Map.of());
        assertEquals(502, refused.statusCode(), refused.body());
        assertTrue(Http.body(refused).path("error").path("detail").asText().contains("invalid_client"), refused.body());
    }

    @Test
    @Order(6)
    void authorizationCodeProfileWithoutATokenIs409PointingToGetOAuthToken() {
        Setup s = consumerSetup(providerApp(), "authorization_code", provider.baseUrl() + "/api/now/table/sys_user", Map.of());
        HttpResponse<String> r = execute(s.message(), Map.of());
        assertEquals(409, r.statusCode(), r.body());
        JsonNode e = Http.body(r).path("error");
        assertTrue(e.path("message").asText().contains("Get OAuth Token"), r.body());
        assertTrue(e.path("link").asText().endsWith("/oauth_initiator.do?profile=" + s.profileId()), r.body());
        assertTrue(credentialOf(s.profileId()).path("needs_person").asBoolean());
        HttpResponse<String> token = atConsumer.postRaw("/api/gatehouse/oauth_profile/" + s.profileId() + "/token", "application/json", "",
                "Authorization", admin);
        assertEquals(400, token.statusCode(), token.body());
    }

    @Test
    @Order(7)
    void revokeSendsTheTokenToTheProviderAndDeletesTheCredential() {
        Setup s = consumerSetup(providerApp(), "client_credentials", provider.baseUrl() + "/api/now/table/sys_user", Map.of());
        String token = tokenSentTo(s);
        assertEquals(200, atProvider.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", "Bearer " + token).statusCode());
        String credential = credentialOf(s.profileId()).path("sys_id").asText();
        HttpResponse<String> r = atConsumer.postRaw("/api/gatehouse/oauth_credential/" + credential + "/revoke", "application/json", "",
                "Authorization", admin);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(Http.body(r).path("result").path("revoked_at_provider").asBoolean(), r.body());
        assertEquals(401, atProvider.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", "Bearer " + token).statusCode());
        assertEquals(404, atConsumer.get("/api/now/table/oauth_credential/" + credential, "Authorization", admin).statusCode());
    }


    @Test
    @Order(8)
    void authorizationCodeWithPkceThroughTheProvidersLoginAndConsentThenRefreshesByItself() throws Exception {
        Setup s = consumerSetup(providerCodeApp(8_640_000), "authorization_code", provider.baseUrl() + "/api/now/table/incident",
                Map.of("sysparm_limit", "1", "sysparm_fields", "number,caller_id"));
        assertEquals(200, atConsumer.json("PATCH", "/api/now/table/oauth_entity_profile/" + s.profileId(), Map.of("scopes", List.of("useraccount")),
                "Authorization", admin).statusCode());
        assertEquals(409, execute(s.message(), Map.of()).statusCode(), "no token before Get OAuth Token");

        Http browser = adminBrowserAtConsumer();
        HttpResponse<String> done = getOAuthToken(browser, s.profileId(), true, "beth.anglin", "beth.anglin-demo-pw");
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("The OAuth flow completed"), done.body());
        assertFalse(done.body().contains("code="), "the page does not echo the code");

        HttpResponse<String> r = execute(s.message(), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = Http.body(r).path("result");
        assertEquals(200, result.path("status_code").asInt(), result.toString());
        assertTrue(result.path("body").asText().contains("INC"), result.toString());
        assertFalse(result.path("token_refreshed").asBoolean());
        JsonNode cred = credentialOf(s.profileId());
        // changed in this version: the user is a reference ({"link","value"}) to sys_user, no longer the user name
        assertEquals("admin", Http.body(atConsumer.get("/api/now/table/sys_user/" + cred.path("user").path("value").asText(), "Authorization", admin))
                .path("result").path("user_name").asText(), cred.toString());
        assertTrue(cred.path("refresh_token_present").asBoolean());

        // the access token expires (60 s, skew 50 s): the refresh token is used by itself, and the rotated one kept
        for (int round = 2; round <= 3; round++) {
            Thread.sleep(10_500);
            JsonNode again = Http.body(execute(s.message(), Map.of())).path("result");
            assertEquals(200, again.path("status_code").asInt(), again.toString());
            assertTrue(again.path("token_refreshed").asBoolean(), "round " + round);
            assertEquals(round, credentialOf(s.profileId()).path("refresh_count").asInt());
        }
    }

    @Test
    @Order(9)
    void theProvidersRefusalAndAReplayedStateAreShownNotStored() {
        Setup s = consumerSetup(providerCodeApp(8_640_000), "authorization_code", provider.baseUrl() + "/api/now/table/sys_user", Map.of());
        Http browser = adminBrowserAtConsumer();
        HttpResponse<String> denied = getOAuthToken(browser, s.profileId(), false);
        assertTrue(denied.body().contains("did not complete"), denied.body());
        assertTrue(denied.body().contains("access_denied"), denied.body());
        assertEquals(409, execute(s.message(), Map.of()).statusCode());

        // a state is single use and bound to the session that started the flow
        HttpResponse<String> page = browser.get("/oauth_initiator.do?profile=" + s.profileId());
        String toProvider = browser.postForm("/oauth_initiator.do", AuthorizationFlow.hiddenFields(page.body())).headers().firstValue("Location").orElseThrow();
        String back = AuthorizationFlow.authorize(Http.browser(provider), toProvider, "admin", TestServer.ADMIN_PASSWORD, true);
        HttpResponse<String> otherSession = adminBrowserAtConsumer().get(back);
        assertEquals(400, otherSession.statusCode(), otherSession.body());
        HttpResponse<String> replay = browser.get(back);
        assertEquals(400, replay.statusCode(), "the state was consumed by the first answer: " + replay.body());

        HttpResponse<String> noCsrf = browser.postForm("/oauth_initiator.do", Map.of("profile", s.profileId()));
        assertEquals(403, noCsrf.statusCode(), noCsrf.body());
        HttpResponse<String> noSession = Http.browser(consumer).get("/oauth_initiator.do?profile=" + s.profileId());
        assertEquals(303, noSession.statusCode());
        assertTrue(noSession.headers().firstValue("Location").orElse("").startsWith("/login.do?return_to="));
    }

    @Test
    @Order(10)
    void aRefreshTokenTheProviderRefusesLeavesA409AskingForAPerson() throws Exception {
        Setup s = consumerSetup(providerCodeApp(1), "authorization_code", provider.baseUrl() + "/api/now/table/sys_user", Map.of());
        assertEquals(200, getOAuthToken(adminBrowserAtConsumer(), s.profileId(), true).statusCode());
        Thread.sleep(10_500);   // the access token is due for refresh; the provider's 1 s refresh token has expired
        HttpResponse<String> r = execute(s.message(), Map.of());
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(Http.body(r).path("error").path("message").asText().contains("Get OAuth Token"), r.body());
        JsonNode cred = credentialOf(s.profileId());
        assertTrue(cred.path("needs_person").asBoolean());
        assertTrue(cred.path("last_error").asText().contains("invalid_grant"), cred.toString());
    }


    /** An application at the provider with {@code grants} and the given extra fields. */
    static App providerAppWith(String grants, Object... extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", unique("Gatehouse consumer"));
        body.put("provider_name", "Tests");
        body.put("grant_types", grants);
        body.put("auth_scopes", "useraccount");
        body.put("client_credentials_user", "admin");
        body.put("access_token_lifespan", 60);
        for (int i = 0; i < extra.length; i += 2) body.put((String) extra[i], extra[i + 1]);
        HttpResponse<String> r = atProvider.json("POST", "/api/now/table/oauth_entity", body, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode app = Http.body(r).path("result");
        App a = new App(app.path("client_id").asText(), app.path("client_secret").asText());
        secrets.add(a.secret());
        return a;
    }

    static String providerAppId(App app) {
        HttpResponse<String> r = atProvider.get("/api/now/table/oauth_entity?sysparm_query=client_id=" + app.clientId(), "Authorization", admin);
        return Http.body(r).path("result").get(0).path("sys_id").asText();
    }

    /** Registers the consumer provider's public JWK on the provider's application (for RFC 7523). */
    static void registerConsumerKey(App app, Setup s) {
        JsonNode jwk = Http.body(atConsumer.get("/api/now/table/oauth_entity/" + s.providerId(), "Authorization", admin)).path("result").path("jwt_public_jwk");
        assertEquals("RSA", jwk.path("kty").asText());
        HttpResponse<String> r = atProvider.json("PATCH", "/api/now/table/oauth_entity/" + providerAppId(app),
                Map.of("jwks", Map.of("keys", List.of(jwk))), "Authorization", admin);
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    @Order(11)
    void passwordGrantTakesTheUserNameAndPasswordOnceAndKeepsNeither() throws Exception {
        Setup s = consumerSetup(providerAppWith("password,refresh_token"), "password", provider.baseUrl() + "/api/now/table/incident",
                Map.of("sysparm_limit", "1", "sysparm_fields", "number"));
        atConsumer.json("PATCH", "/api/now/table/oauth_entity_profile/" + s.profileId(), Map.of("scopes", List.of("useraccount")), "Authorization", admin);
        assertEquals(409, execute(s.message(), Map.of()).statusCode(), "the password grant needs a person first");
        HttpResponse<String> without = atConsumer.postRaw("/api/gatehouse/oauth_profile/" + s.profileId() + "/token", "application/json", "",
                "Authorization", admin);
        assertEquals(400, without.statusCode(), without.body());
        String password = "beth.anglin-demo-pw";
        secrets.add(password);
        HttpResponse<String> got = atConsumer.json("POST", "/api/gatehouse/oauth_profile/" + s.profileId() + "/token",
                Map.of("username", "beth.anglin", "password", password), "Authorization", admin);
        assertEquals(200, got.statusCode(), got.body());
        assertFalse(got.body().contains(password));
        JsonNode r = Http.body(execute(s.message(), Map.of())).path("result");
        assertEquals(200, r.path("status_code").asInt(), r.toString());
        assertTrue(r.path("body").asText().contains("INC"), r.toString());
        assertTrue(credentialOf(s.profileId()).path("refresh_token_present").asBoolean());
    }

    @Test
    @Order(12)
    void jwtBearerAssertionIsSignedWithGatehousesOwnKeyForTheProvider() {
        App app = providerAppWith("urn:ietf:params:oauth:grant-type:jwt-bearer");
        Setup s = consumerSetup(app, "urn:ietf:params:oauth:grant-type:jwt-bearer", provider.baseUrl() + "/api/now/table/incident",
                Map.of("sysparm_limit", "1", "sysparm_fields", "number"));
        registerConsumerKey(app, s);
        atConsumer.json("PATCH", "/api/now/table/oauth_entity_profile/" + s.profileId(), Map.of("scopes", List.of("useraccount"),
                "jwt_subject", "integration.bot"), "Authorization", admin);
        HttpResponse<String> r = execute(s.message(), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode result = Http.body(r).path("result");
        assertEquals(200, result.path("status_code").asInt(), result.toString());
        assertTrue(result.path("body").asText().contains("INC"), result.toString());
    }

    @Test
    @Order(13)
    void privateKeyJwtAuthenticatesTheClientWithoutASecret() {
        App app = providerAppWith("client_credentials");
        Setup s = consumerSetup(new App(app.clientId(), null), "client_credentials", provider.baseUrl() + "/api/now/table/incident",
                Map.of("sysparm_limit", "1"));
        registerConsumerKey(app, s);
        HttpResponse<String> p = atConsumer.json("PATCH", "/api/now/table/oauth_entity/" + s.providerId(), Map.of("send_credentials", "private_key_jwt"),
                "Authorization", admin);
        assertEquals(200, p.statusCode(), p.body());
        HttpResponse<String> r = execute(s.message(), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(200, Http.body(r).path("result").path("status_code").asInt(), r.body());
    }

    @Test
    @Order(100)
    void neitherTheLogTableNorTheServerLogHoldsASecretOrToken() {
        assertFalse(secrets.isEmpty());
        HttpResponse<String> log = atConsumer.get("/api/now/table/sys_outbound_http_log", "Authorization", admin);
        assertEquals(200, log.statusCode());
        assertTrue(Http.body(log).path("result").size() > 10, "the calls were logged");
        String serverLog = consumer.logText();
        for (String s : secrets) {
            assertFalse(log.body().contains(s), "the outbound log holds a secret");
            assertFalse(serverLog.contains(s), "the server log holds a secret");
        }
        assertFalse(log.body().contains("Bearer"));
    }
}
