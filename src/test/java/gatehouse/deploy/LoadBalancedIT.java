package gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.HaProxy;
import gatehouse.testing.Http;
import gatehouse.testing.Postgres;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import gatehouse.token.Apps;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes of the WAR on one PostgreSQL behind Debian's HAProxy with the shipped {@code server-config/haproxy/haproxy.cfg}
 * (round robin, no stickiness): a browser's authorization code flow whose steps land on both nodes, refresh and revocation
 * across nodes, a key rotation on one node honoured by the other, TLS termination, then {@code kill -9} of a node under a
 * token and incident load: everything acknowledged survives, the load's errors are at most the requests in flight on the
 * killed node, and the node rejoins when restarted. Skips with the reason where PostgreSQL or HAProxy is missing (fails
 * under {@code CI=true}, where .ci/run installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancedIT {
    private static final String METRICS = "lb-metrics-secret-" + UUID.randomUUID();
    private static final Pattern START_TIME = Pattern.compile("(?m)^process_start_time_seconds(?:\\{[^}]*\\})? (\\S+)$");
    private static Postgres pg;
    private static HaProxy lb;
    private static final int[] PORTS = new int[2];
    private static final ServerProcess[] NODES = new ServerProcess[2];
    private static final Path[] DATA = new Path[2];
    private static Map<String, String> settings;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        for (var missing : List.of(Postgres.unavailableReason(), HaProxy.unavailableReason())) {
            if (missing.isPresent()) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("load balancer tests must run in CI: " + missing.get());
                Assumptions.abort(missing.get());
            }
        }
        pg = Postgres.start();
        pg.createDatabase("gh_lb", "gh_lb", "lb-db-pw-1");
        PORTS[0] = Postgres.freePort();
        PORTS[1] = Postgres.freePort();
        Path config = Path.of(System.getProperty("gatehouse.test.server.config", "server-config"), "haproxy", "haproxy.cfg");
        lb = HaProxy.start(config, Path.of(System.getProperty("gatehouse.test.workdir", "target/it")), PORTS);
        settings = new LinkedHashMap<>();
        settings.put("gatehouse.db.url", pg.jdbcUrl("gh_lb"));
        settings.put("gatehouse.db.user", "gh_lb");
        settings.put("gatehouse.db.password", "lb-db-pw-1");
        settings.put("gatehouse.master.key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        settings.put("gatehouse.issuer", lb.baseUrl());
        settings.put("gatehouse.proxy.trusted", "127.0.0.1");
        settings.put("gatehouse.metrics.token", METRICS);
        settings.put("gatehouse.dpop.nonce", "true");
        for (int i = 0; i < 2; i++) DATA[i] = TestServer.newDataDir("lb-node" + (i + 1));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> TestServer.startIn(DATA[0], settings, PORTS[0]));
        NODES[1] = TestServer.startIn(DATA[1], settings, PORTS[1]);
        NODES[0] = first.join();
        api = Http.at(lb.baseUrl());
        awaitBothNodesInRotation();
    }

    @AfterAll
    static void stop() {
        for (ServerProcess n : NODES) if (n != null) n.close();
        if (lb != null) lb.close();
        if (pg != null) pg.close();
    }

    /** Until requests through the balancer have reached two different node processes (HAProxy's checks passed for both). */
    private static void awaitBothNodesInRotation() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> m = api.get("/metrics", "Authorization", "Bearer " + METRICS);
                Matcher s = START_TIME.matcher(m.body());
                if (m.statusCode() == 200 && s.find()) seen.add(s.group(1));
            }
            if (seen.size() == 2) return;
            Thread.sleep(250);
        }
        fail("both nodes never came into rotation; HAProxy said:\n" + lb.log());
    }

    /** What node {@code i} counted for the endpoint: requests it served itself. */
    private static double served(int i, String endpoint) {
        String body = Http.to(NODES[i]).get("/metrics", "Authorization", "Bearer " + METRICS).body();
        Matcher m = Pattern.compile("(?m)^gatehouse_http_requests_seconds_count\\{([^}]*)\\} (\\S+)$").matcher(body);
        double sum = 0;
        while (m.find()) if (m.group(1).contains("endpoint=\"" + endpoint + "\"")) sum += Double.parseDouble(m.group(2));
        return sum;
    }

    /** A confidential application created through the balancer (test defaults of {@link Apps#create}). */
    private static Map<String, String> app(Object... fields) {
        Apps.App app = Apps.create(api, fields);
        return Map.of("client_id", app.clientId(), "secret", app.secret());
    }

    private static int apiStatus(Http http, String accessToken) {
        return http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + accessToken).statusCode();
    }

    @Test
    @Order(1)
    void aBrowsersFlowRefreshAndRevocationLandOnBothNodes() {
        Map<String, String> app = app();
        String basic = Http.basic(app.get("client_id"), app.get("secret"));
        double[] before = {served(0, "login") + served(0, "authorize") + served(0, "token"),
                served(1, "login") + served(1, "authorize") + served(1, "token")};

        Http browser = Http.browserAt(lb.baseUrl());
        String code = AuthorizationFlow.obtainCode(browser, app.get("client_id"), "https://client.example.com/cb", "useraccount",
                null, "beth.anglin", "beth.anglin-demo-pw");
        HttpResponse<String> tokens = api.postForm("/oauth_token.do", Http.map("grant_type", "authorization_code", "code", code,
                "redirect_uri", "https://client.example.com/cb"), "Authorization", basic);
        assertEquals(200, tokens.statusCode(), tokens.body());
        String refresh = Http.body(tokens).path("refresh_token").asText();
        HttpResponse<String> refreshed = api.postForm("/oauth_token.do", Http.map("grant_type", "refresh_token", "refresh_token", refresh),
                "Authorization", basic);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String access = Http.body(refreshed).path("access_token").asText();
        String refresh2 = Http.body(refreshed).path("refresh_token").asText();
        for (int i = 0; i < 2; i++) assertEquals(200, apiStatus(Http.to(NODES[i]), access), "node " + (i + 1));

        assertEquals(200, api.postForm("/oauth_revoke_token.do", Http.map("token", access), "Authorization", basic).statusCode());
        for (int i = 0; i < 2; i++) assertEquals(401, apiStatus(Http.to(NODES[i]), access), "revoked, on node " + (i + 1));

        // the rotated refresh token shown again, on whichever node: refused, and its grant's newer refresh token dies with it
        assertEquals(400, api.postForm("/oauth_token.do", Http.map("grant_type", "refresh_token", "refresh_token", refresh),
                "Authorization", basic).statusCode());
        for (int i = 0; i < 2; i++)
            assertEquals(400, Http.to(NODES[i]).postForm("/oauth_token.do", Http.map("grant_type", "refresh_token", "refresh_token", refresh2),
                    "Authorization", basic).statusCode(), "reuse detected on one node ends the grant on node " + (i + 1));

        for (int i = 0; i < 2; i++) {
            double after = served(i, "login") + served(i, "authorize") + served(i, "token");
            assertTrue(after > before[i], "node " + (i + 1) + " served none of the flow's steps");
        }
    }

    @Test
    @Order(2)
    void aKeyRotatedOnOneNodeSignsAndVerifiesOnTheOther() throws Exception {
        Map<String, String> app = app("token_format", "jwt");
        HttpResponse<String> rotated = Http.to(NODES[0]).json("POST", "/api/gatehouse/keys/rotate", Map.of(), "Authorization", Http.adminBasic());
        assertEquals(200, rotated.statusCode(), rotated.body());
        Set<String> active = new HashSet<>();
        Http.body(rotated).path("result").path("active_kids").forEach(k -> active.add(k.asText()));

        HttpResponse<String> t = Http.to(NODES[0]).postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                "Authorization", Http.basic(app.get("client_id"), app.get("secret")));
        assertEquals(200, t.statusCode(), t.body());
        String jwt = Http.body(t).path("access_token").asText();
        JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
        assertTrue(active.contains(header.path("kid").asText()), "signed with the new key: " + header + " vs " + active);
        assertEquals(200, apiStatus(Http.to(NODES[1]), jwt), "the other node verifies the new key at once");
        String jwks = Http.to(NODES[1]).get("/api/now/oauth/jwks").body();
        assertTrue(jwks.contains(header.path("kid").asText()), "the other node publishes the new key: " + jwks);
    }

    /** DPoP (RFC 9449): a server nonce from one node is good on the other, and a proof's jti is spent on both. */
    @Test
    @Order(2)
    void aDpopNonceHoldsOnEveryNodeAndAProofIsSingleUseAcrossNodes() throws Exception {
        Map<String, String> app = app();
        String basic = Http.basic(app.get("client_id"), app.get("secret"));
        var factory = new com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory(
                new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate(), com.nimbusds.jose.JWSAlgorithm.ES256);
        URI token = URI.create(lb.baseUrl() + "/oauth_token.do");
        Map<String, String> form = Http.map("grant_type", "client_credentials");
        HttpResponse<String> asked = Http.to(NODES[0]).postForm("/oauth_token.do", form, "Authorization", basic,
                "DPoP", factory.createDPoPJWT("POST", token).serialize());
        assertEquals("use_dpop_nonce", Http.body(asked).path("error").asText(), asked.body());
        String nonce = asked.headers().firstValue("DPoP-Nonce").orElseThrow();
        String proof = factory.createDPoPJWT("POST", token, null, new com.nimbusds.openid.connect.sdk.Nonce(nonce)).serialize();
        HttpResponse<String> issued = Http.to(NODES[1]).postForm("/oauth_token.do", form, "Authorization", basic, "DPoP", proof);
        assertEquals(200, issued.statusCode(), "node 2 takes node 1's nonce: " + issued.body());
        assertEquals("DPoP", Http.body(issued).path("token_type").asText());
        HttpResponse<String> replayed = Http.to(NODES[0]).postForm("/oauth_token.do", form, "Authorization", basic, "DPoP", proof);
        assertEquals(400, replayed.statusCode());
        assertEquals("invalid_dpop_proof", Http.body(replayed).path("error").asText(), "the jti spent on node 2 is spent on node 1");
    }

    @Test
    @Order(3)
    void tlsIsTerminatedAtTheBalancer() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(lb.certificate)) {
            trust.setCertificateEntry("lb", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + lb.httpsPort
                + "/.well-known/oauth-authorization-server")).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(lb.baseUrl(), Http.JSON.readTree(r.body()).path("issuer").asText(), "the issuer is the setting, never a header");
    }

    @Test
    @Order(4)
    void aNodeKilledUnderLoadLosesNothingAcknowledgedAndRejoins() throws Exception {
        Map<String, String> app = app();
        String basic = Http.basic(app.get("client_id"), app.get("secret"));
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>(), incidents = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        int threads = 4;
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int n = t;
            Thread th = new Thread(() -> {
                Http http = Http.at(lb.baseUrl());
                for (int i = 0; running.get(); i++) {
                    try {
                        if ((i + n) % 2 == 0) {
                            HttpResponse<String> r = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"), "Authorization", basic);
                            if (r.statusCode() == 200) tokens.add(Http.body(r).path("access_token").asText());
                            else errors.add("token " + r.statusCode() + " " + r.body());
                        } else {
                            HttpResponse<String> r = http.json("POST", "/api/now/table/incident",
                                    Map.of("short_description", "load " + n + "-" + i), "Authorization", Http.adminBasic());
                            if (r.statusCode() == 201) incidents.add(Http.body(r).path("result").path("sys_id").asText());
                            else errors.add("incident " + r.statusCode() + " " + r.body());
                        }
                    } catch (RuntimeException e) {
                        errors.add("no answer: " + e);
                    }
                }
            }, "lb-load-" + t);
            th.start();
            load.add(th);
        }
        Thread.sleep(4000);
        int tokensAtKill = tokens.size();
        NODES[1].kill();
        Thread.sleep(4000);
        running.set(false);
        for (Thread th : load) th.join(30_000);
        System.out.printf("LoadBalancedIT: %d tokens and %d incidents acknowledged, %d errors (%s)%n", tokens.size(), incidents.size(),
                errors.size(), errors);
        assertTrue(tokens.size() > tokensAtKill, "the surviving node went on issuing tokens");
        assertTrue(errors.size() <= threads, "errors beyond the requests in flight on the killed node: " + errors);

        NODES[1] = TestServer.startIn(DATA[1], settings, PORTS[1]);
        awaitBothNodesInRotation();
        for (String token : tokens) assertEquals(200, apiStatus(api, token), "an acknowledged token was lost");
        for (String id : incidents) {
            HttpResponse<String> r = api.get("/api/now/table/incident/" + id, "Authorization", Http.adminBasic());
            assertEquals(200, r.statusCode(), "an acknowledged incident was lost: " + id);
        }
        assertTrue(served(1, "api") > 0, "the restarted node serves again");
    }
}
