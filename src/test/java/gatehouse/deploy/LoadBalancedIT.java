package gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.HaProxy;
import gatehouse.testing.Http;
import gatehouse.testing.LoadBalancer;
import gatehouse.testing.Nginx;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two nodes of the WAR on one PostgreSQL behind Debian's HAProxy with the shipped {@code server-config/haproxy/haproxy.cfg}
 * and, at the same time, Debian's nginx with the shipped {@code server-config/nginx/gatehouse.conf} (round robin, no
 * stickiness): through each, a browser's authorization code flow whose steps land on both nodes, refresh and revocation
 * across nodes, TLS termination, and the client's own forwarding headers replaced; a key rotation on one node honoured by
 * the other; the database stopped and started again under a token and incident load through both balancers (503 with
 * Retry-After meanwhile, never a 500, then recovery by itself, nothing acknowledged lost); then {@code kill -9} of a node
 * under that load: everything acknowledged survives, each balancer's errors are at most the requests it had in flight on
 * the killed node, and the node rejoins when restarted. Skips with the reason where PostgreSQL, HAProxy or nginx is
 * missing (fails under {@code CI=true}, where .ci/run installs them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancedIT {
    private static final String METRICS = "lb-metrics-secret-" + UUID.randomUUID();
    private static final Pattern START_TIME = Pattern.compile("(?m)^process_start_time_seconds(?:\\{[^}]*\\})? (\\S+)$");
    /** Clients of the load tests, per balancer: each has at most one request in flight. */
    private static final int THREADS = Integer.getInteger("gatehouse.lb.threads", 3);
    private static Postgres pg;
    private static HaProxy haproxy;
    private static Nginx nginx;
    private static final int[] PORTS = new int[2];
    private static final ServerProcess[] NODES = new ServerProcess[2];
    private static final Path[] DATA = new Path[2];
    private static Map<String, String> settings;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        for (var missing : List.of(Postgres.unavailableReason(), HaProxy.unavailableReason(), Nginx.unavailableReason())) {
            if (missing.isPresent()) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("load balancer tests must run in CI: " + missing.get());
                Assumptions.abort(missing.get());
            }
        }
        pg = Postgres.start();
        pg.createDatabase("gh_lb", "gh_lb", "lb-db-pw-1");
        PORTS[0] = Postgres.freePort();
        PORTS[1] = Postgres.freePort();
        Path config = Path.of(System.getProperty("gatehouse.test.server.config", "server-config"));
        Path work = Path.of(System.getProperty("gatehouse.test.workdir", "target/it"));
        haproxy = HaProxy.start(config.resolve("haproxy/haproxy.cfg"), work, PORTS);
        nginx = Nginx.start(config.resolve("nginx/gatehouse.conf"), work, PORTS);
        settings = new LinkedHashMap<>();
        settings.put("gatehouse.db.url", pg.jdbcUrl("gh_lb"));
        settings.put("gatehouse.db.user", "gh_lb");
        settings.put("gatehouse.db.password", "lb-db-pw-1");
        settings.put("gatehouse.master.key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        // one issuer for the installation, whichever balancer a request came through
        settings.put("gatehouse.issuer", haproxy.baseUrl());
        settings.put("gatehouse.proxy.trusted", "127.0.0.1");
        settings.put("gatehouse.metrics.token", METRICS);
        settings.put("gatehouse.dpop.nonce", "true");
        for (int i = 0; i < 2; i++) DATA[i] = TestServer.newDataDir("lb-node" + (i + 1));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> TestServer.startIn(DATA[0], settings, PORTS[0]));
        // both start together (one migrates, the other waits on schema_version's lock), but not in the same
        // millisecond: the nodes are told apart by their JVMs' start times (process_start_time_seconds, in ms)
        Thread.sleep(200);
        NODES[1] = TestServer.startIn(DATA[1], settings, PORTS[1]);
        NODES[0] = first.join();
        api = Http.at(haproxy.baseUrl());
        for (LoadBalancer lb : List.of(haproxy, nginx)) awaitBothNodesInRotation(lb);
    }

    @AfterAll
    static void stop() {
        for (ServerProcess n : NODES) if (n != null) n.close();
        if (haproxy != null) haproxy.close();
        if (nginx != null) nginx.close();
        if (pg != null) pg.close();
    }

    static Stream<LoadBalancer> balancers() {
        return Stream.of(haproxy, nginx);
    }

    /** Until requests through {@code lb} have reached two different node processes (the balancer sends to both). */
    private static void awaitBothNodesInRotation(LoadBalancer lb) throws InterruptedException {
        Http via = Http.at(lb.baseUrl());
        long deadline = System.currentTimeMillis() + 60_000;
        Set<String> seen = new HashSet<>();
        while (System.currentTimeMillis() < deadline) {
            seen = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> m = via.get("/metrics", "Authorization", "Bearer " + METRICS);
                Matcher s = START_TIME.matcher(m.body());
                if (m.statusCode() == 200 && s.find()) seen.add(s.group(1));
            }
            if (seen.size() == 2) return;
            Thread.sleep(250);
        }
        fail("both nodes never came into rotation behind " + lb + " (start times seen: " + seen + "); it said:\n" + lb.log());
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

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)  // the balancers outlive each test
    @MethodSource("balancers")
    @Order(1)
    void aBrowsersFlowRefreshAndRevocationLandOnBothNodes(LoadBalancer lb) {
        Http via = Http.at(lb.baseUrl());
        Map<String, String> app = app();
        String basic = Http.basic(app.get("client_id"), app.get("secret"));
        double[] before = {served(0, "login") + served(0, "authorize") + served(0, "token"),
                served(1, "login") + served(1, "authorize") + served(1, "token")};

        Http browser = Http.browserAt(lb.baseUrl());
        String code = AuthorizationFlow.obtainCode(browser, app.get("client_id"), "https://client.example.com/cb", "useraccount",
                null, "beth.anglin", "beth.anglin-demo-pw");
        HttpResponse<String> tokens = via.postForm("/oauth_token.do", Http.map("grant_type", "authorization_code", "code", code,
                "redirect_uri", "https://client.example.com/cb"), "Authorization", basic);
        assertEquals(200, tokens.statusCode(), tokens.body());
        String refresh = Http.body(tokens).path("refresh_token").asText();
        HttpResponse<String> refreshed = via.postForm("/oauth_token.do", Http.map("grant_type", "refresh_token", "refresh_token", refresh),
                "Authorization", basic);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String access = Http.body(refreshed).path("access_token").asText();
        String refresh2 = Http.body(refreshed).path("refresh_token").asText();
        for (int i = 0; i < 2; i++) assertEquals(200, apiStatus(Http.to(NODES[i]), access), "node " + (i + 1));

        assertEquals(200, via.postForm("/oauth_revoke_token.do", Http.map("token", access), "Authorization", basic).statusCode());
        for (int i = 0; i < 2; i++) assertEquals(401, apiStatus(Http.to(NODES[i]), access), "revoked, on node " + (i + 1));

        // the rotated refresh token shown again, on whichever node: refused, and its grant's newer refresh token dies with it
        assertEquals(400, via.postForm("/oauth_token.do", Http.map("grant_type", "refresh_token", "refresh_token", refresh),
                "Authorization", basic).statusCode());
        for (int i = 0; i < 2; i++)
            assertEquals(400, Http.to(NODES[i]).postForm("/oauth_token.do", Http.map("grant_type", "refresh_token", "refresh_token", refresh2),
                    "Authorization", basic).statusCode(), "reuse detected on one node ends the grant on node " + (i + 1));

        for (int i = 0; i < 2; i++) {
            double after = served(i, "login") + served(i, "authorize") + served(i, "token");
            assertTrue(after > before[i], "node " + (i + 1) + " served none of the flow's steps through " + lb);
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
        URI token = URI.create(haproxy.baseUrl() + "/oauth_token.do");
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

    /**
     * PAR (RFC 9126) on two nodes: pushed on one, taken to the log-in on the other, brought back from the log-in and
     * answered on either, and single use on both; a refused push leaves no row in par_request.
     */
    @Test
    @Order(2)
    void aRequestPushedToOneNodeIsAuthorizedOnTheOtherOnceAndARefusedPushStoresNothing() throws Exception {
        Map<String, String> app = app();
        String basic = Http.basic(app.get("client_id"), app.get("secret"));
        String verifier = AuthorizationFlow.newVerifier();
        Map<String, String> form = Http.map("response_type", "code", "redirect_uri", "https://client.example.com/cb", "scope", "useraccount",
                "state", "lb-par", "code_challenge", AuthorizationFlow.challenge(verifier), "code_challenge_method", "S256");
        long rows = parRows();
        HttpResponse<String> pushed = Http.to(NODES[0]).postForm("/oauth_par.do", form, "Authorization", basic);
        assertEquals(201, pushed.statusCode(), pushed.body());
        assertEquals(rows + 1, parRows(), "the pushed request is in the database");
        String authorize = "/oauth_auth.do?client_id=" + Http.enc(app.get("client_id")) + "&request_uri="
                + Http.enc(Http.body(pushed).path("request_uri").asText());

        Http onNode2 = Http.browserAt(NODES[1].baseUrl());
        Http onNode1 = onNode2.sameBrowserAt(NODES[0].baseUrl());
        HttpResponse<String> toLogin = onNode2.get(authorize);
        assertEquals(302, toLogin.statusCode(), "node 2 finds node 1's request: " + toLogin.body());
        HttpResponse<String> back = AuthorizationFlow.login(onNode1, toLogin.headers().firstValue("Location").orElseThrow(), "beth.anglin",
                "beth.anglin-demo-pw");
        HttpResponse<String> consent = onNode1.get(back.headers().firstValue("Location").orElseThrow());
        assertEquals(200, consent.statusCode(), "node 1 lets the browser node 2 sent to log in bring it back: " + consent.body());
        HttpResponse<String> answered = AuthorizationFlow.answerConsent(onNode2, consent.body(), true);
        assertEquals(303, answered.statusCode(), answered.body());
        Map<String, String> q = AuthorizationFlow.query(answered.headers().firstValue("Location").orElseThrow());
        assertEquals("lb-par", q.get("state"));
        HttpResponse<String> tokens = Http.to(NODES[0]).postForm("/oauth_token.do", Http.map("grant_type", "authorization_code", "code", q.get("code"),
                "redirect_uri", "https://client.example.com/cb", "code_verifier", verifier), "Authorization", basic);
        assertEquals(200, tokens.statusCode(), tokens.body());
        for (Http h : List.of(onNode1, onNode2, Http.browserAt(NODES[0].baseUrl()), Http.browserAt(NODES[1].baseUrl()))) {
            HttpResponse<String> again = h.get(authorize);
            assertEquals(400, again.statusCode(), "used, on " + h.base() + ": " + again.body());
            assertTrue(again.body().contains("invalid_request_uri"), again.body());
        }

        long before = parRows();
        Map<String, String> unregistered = new LinkedHashMap<>(form);
        unregistered.put("redirect_uri", "https://attacker.example/cb");
        assertEquals(400, Http.to(NODES[1]).postForm("/oauth_par.do", unregistered, "Authorization", basic).statusCode());
        assertEquals(401, Http.to(NODES[0]).postForm("/oauth_par.do", form, "Authorization", Http.basic(app.get("client_id"), "wrong")).statusCode());
        Map<String, String> withRequestUri = new LinkedHashMap<>(form);
        withRequestUri.put("request_uri", "urn:ietf:params:oauth:request_uri:x");
        assertEquals(400, Http.to(NODES[1]).postForm("/oauth_par.do", withRequestUri, "Authorization", basic).statusCode());
        assertEquals(before, parRows(), "refused pushes store nothing");
    }

    private static long parRows() throws java.sql.SQLException {
        try (var c = pg.connect("gh_lb", "gh_lb", "lb-db-pw-1"); var s = c.createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM par_request")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** TLS ends at the balancer, which tells the node so (X-Forwarded-Proto): HSTS on https, none on http whatever the client claims. */
    @ParameterizedTest(name = "{0}", autoCloseArguments = false)  // the balancers outlive each test
    @MethodSource("balancers")
    @Order(3)
    void tlsIsTerminatedAtTheBalancer(LoadBalancer lb) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(lb.certificate())) {
            trust.setCertificateEntry("lb", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(lb.httpsUrl() + "/.well-known/oauth-authorization-server")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(settings.get("gatehouse.issuer"), Http.JSON.readTree(r.body()).path("issuer").asText(), "the issuer is the setting, never a header");
        assertTrue(r.headers().firstValue("Strict-Transport-Security").isPresent(), "the node knows the client used https: " + r.headers().map());

        HttpResponse<String> plain = Http.at(lb.baseUrl()).get("/.well-known/oauth-authorization-server",
                "X-Forwarded-Proto", "https", "Forwarded", "proto=https");
        assertEquals(200, plain.statusCode(), plain.body());
        assertTrue(plain.headers().firstValue("Strict-Transport-Security").isEmpty(), "a client's own X-Forwarded-Proto counts for nothing: "
                + plain.headers().map());
    }

    /**
     * The client's own X-Forwarded-For, Forwarded and X-Request-Id do not reach a node: the balancer sets its own. The
     * node keeps the balancer's request id (a trusted proxy's, README "Logs"), echoes it, and its log lines carry it.
     */
    @ParameterizedTest(name = "{0}", autoCloseArguments = false)  // the balancers outlive each test
    @MethodSource("balancers")
    @Order(3)
    void theClientsOwnForwardingHeadersAreReplaced(LoadBalancer lb) throws InterruptedException {
        String forged = "forged-by-the-client-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = Http.at(lb.baseUrl()).json("POST", "/api/now/table/incident",
                Map.of("short_description", "forwarded by " + lb), "Authorization", Http.adminBasic(),
                "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=203.0.113.10", "X-Request-Id", forged);
        assertEquals(201, created.statusCode(), created.body());
        // HAProxy's unique-id-format %[uuid()]; nginx's $request_id (32 hex digits); Gatehouse's own would be 22 base64url characters
        String proxysId = lb == haproxy ? "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}" : "[0-9a-f]{32}";
        String id = created.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(id.matches(proxysId), "the node kept and echoed " + lb + "'s own request id, not the client's " + forged + ": " + id);

        // a failed log-in through the balancer: the node's log line carries the balancer's id, never the client's
        HttpResponse<String> refused = Http.at(lb.baseUrl()).get("/api/now/table/incident?sysparm_limit=1",
                "Authorization", Http.basic("nobody-" + UUID.randomUUID().toString().substring(0, 8), "not-the-password-" + UUID.randomUUID()),
                "X-Request-Id", forged);
        assertEquals(401, refused.statusCode(), refused.body());
        String refusedId = refused.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(refusedId.matches(proxysId) && !refusedId.equals(id), "a new id of " + lb + "'s for each request: " + refusedId);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!nodeLogs().contains("[request_id=" + refusedId + "] log-in failed") && System.nanoTime() < deadline) Thread.sleep(200);
        assertTrue(nodeLogs().contains("[request_id=" + refusedId + "] log-in failed"), "a node logged the failed log-in with the id " + refusedId);
        assertFalse(nodeLogs().contains(forged), "the client's X-Request-Id reached no node's log");
        String sysId = Http.body(created).path("result").path("sys_id").asText();
        Http admin = Http.browser(NODES[0]);
        AuthorizationFlow.login(admin, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> audit = admin.get("/admin/audit?record=" + sysId);
        assertEquals(200, audit.statusCode());
        assertTrue(audit.body().contains("127.0.0.1"), "the real client's address is recorded: " + audit.body());
        assertFalse(audit.body().contains("203.0.113."), "a client's own forwarding headers count for nothing: " + audit.body());
    }

    private static String nodeLogs() {
        StringBuilder all = new StringBuilder();
        for (ServerProcess n : NODES) if (n != null) all.append(n.logText()).append('\n');
        return all.toString();
    }

    /**
     * A load through both balancers, {@link #THREADS} clients each, each client in turn asking for a token, creating an
     * incident and reading one; each request's balancer, kind, start, duration and outcome are kept.
     */
    private static final class Load {
        record Sample(LoadBalancer lb, String kind, long start, long nanos, int status, String detail) {
            boolean acknowledged() {
                return status == ("incident".equals(kind) ? 201 : 200);
            }
        }

        final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>(), incidents = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(String basic) {
            HttpResponse<String> one = api.json("POST", "/api/now/table/incident", Map.of("short_description", "read under load"),
                    "Authorization", Http.adminBasic());
            assertEquals(201, one.statusCode(), one.body());
            String read = "/api/now/table/incident/" + Http.body(one).path("result").path("sys_id").asText();
            for (LoadBalancer lb : List.of(haproxy, nginx)) {
                for (int t = 0; t < THREADS; t++) {
                    int n = t;
                    Thread th = new Thread(() -> {
                        Http http = Http.at(lb.baseUrl());
                        for (int i = 0; running.get(); i++) {
                            String kind = List.of("token", "incident", "read").get((i + n) % 3);
                            long start = System.nanoTime();
                            try {
                                HttpResponse<String> r = switch (kind) {
                                    case "token" -> http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"), "Authorization", basic);
                                    case "incident" -> http.json("POST", "/api/now/table/incident",
                                            Map.of("short_description", "load " + lb + " " + n + "-" + i), "Authorization", Http.adminBasic());
                                    default -> http.get(read, "Authorization", Http.adminBasic());
                                };
                                Sample s = new Sample(lb, kind, start, System.nanoTime() - start, r.statusCode(),
                                        r.statusCode() / 100 == 2 ? "" : r.headers().firstValue("Retry-After").map(a -> "Retry-After " + a + " ").orElse("")
                                                + r.body().substring(0, Math.min(300, r.body().length())));
                                samples.add(s);
                                if (s.acknowledged() && kind.equals("token")) tokens.add(Http.body(r).path("access_token").asText());
                                if (s.acknowledged() && kind.equals("incident")) incidents.add(Http.body(r).path("result").path("sys_id").asText());
                            } catch (RuntimeException e) {
                                samples.add(new Sample(lb, kind, start, System.nanoTime() - start, -1, "no answer: " + e));
                            }
                        }
                    }, "lb-load-" + lb + "-" + t);
                    th.start();
                    threads.add(th);
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread th : threads) th.join(70_000);
        }

        List<Sample> of(LoadBalancer lb, long from, long to) {
            return samples.stream().filter(s -> s.lb == lb && s.start >= from && s.start < to).toList();
        }

        /** Whether, since {@code since}, every kind of request was acknowledged through every balancer. */
        boolean servingSince(long since) {
            for (LoadBalancer lb : List.of(haproxy, nginx))
                for (String kind : List.of("token", "incident", "read"))
                    if (samples.stream().noneMatch(s -> s.lb == lb && s.kind.equals(kind) && s.start >= since && s.acknowledged())) return false;
            return true;
        }

        /** Requests, errors (neither acknowledged nor a 503), p99 and maximum time (ms) of {@code samples}. */
        static String figures(List<Sample> samples) {
            long[] ms = samples.stream().mapToLong(s -> s.nanos / 1_000_000).sorted().toArray();
            long errors = samples.stream().filter(s -> !s.acknowledged() && s.status != 503).count();
            if (ms.length == 0) return "no requests";
            return String.format(Locale.ROOT, "%d requests, %d errors, p99 %d ms, max %d ms", ms.length, errors,
                    ms[Math.min(ms.length - 1, (int) Math.ceil(ms.length * 0.99) - 1)], ms[ms.length - 1]);
        }

        /** Every acknowledged token is valid and every acknowledged incident readable, through the balancers. */
        void assertNothingAcknowledgedLost() {
            assertFalse(tokens.isEmpty() || incidents.isEmpty(), "the load acknowledged nothing");
            for (String token : tokens) assertEquals(200, apiStatus(api, token), "an acknowledged token was lost");
            Http viaNginx = Http.at(nginx.baseUrl());
            for (String id : incidents) {
                HttpResponse<String> r = viaNginx.get("/api/now/table/incident/" + id, "Authorization", Http.adminBasic());
                assertEquals(200, r.statusCode(), "an acknowledged incident was lost: " + id);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static int readiness(int node) {
        try {
            return Http.to(NODES[node]).get("/health/ready").statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * PostgreSQL stopped ({@code pg_ctl stop -m fast}) under the load, then started again: meanwhile every answer is an
     * acknowledgement or a 503 with Retry-After in the endpoint's shape ({@code temporarily_unavailable} on the token
     * endpoint), never a 500 or a balancer's own error, and /health/ready is 503 on each node; afterwards both nodes serve
     * again by themselves, through both balancers, within a bounded time, and nothing acknowledged is lost.
     */
    @Test
    @Order(4)
    void theDatabaseRestartingUnderLoadIs503MeanwhileAndServiceResumesByItself() throws Exception {
        Apps.App app = Apps.create(api);
        Load load = new Load(app.basic());
        long stopped, restarted, resumed = -1;
        int[] readyDuring = new int[2];
        try {
            Thread.sleep(2000);
            stopped = System.nanoTime();
            pg.stop();
            Thread.sleep(3000);
            for (int i = 0; i < 2; i++) readyDuring[i] = readiness(i);
            Thread.sleep(3000);
            restarted = System.nanoTime();
            pg.restart();
            long deadline = restarted + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                // requests started in the last 5 s (not fewer: under a load average of 20+ one takes ~3 s) and after the restart
                if (load.servingSince(Math.max(restarted, System.nanoTime() - 5_000_000_000L)) && readiness(0) == 200 && readiness(1) == 200) {
                    resumed = System.nanoTime();
                    break;
                }
                Thread.sleep(100);
            }
            Thread.sleep(1000);
        } finally {
            load.stop();
        }
        for (LoadBalancer lb : List.of(haproxy, nginx)) {
            System.out.printf(Locale.ROOT, "LoadBalancedIT %s, database restart: before %s; while down %s; after the restart %s (load average %s)%n", lb,
                    Load.figures(load.of(lb, 0, stopped)), Load.figures(load.of(lb, stopped, restarted)),
                    Load.figures(load.of(lb, restarted, Long.MAX_VALUE)), loadAverage());
        }
        for (int i = 0; i < 2; i++) assertEquals(503, readyDuring[i], "node " + (i + 1) + " not ready while its database is down");
        assertTrue(resumed > 0, "the nodes did not serve again within 60 s of the database's restart");
        System.out.printf(Locale.ROOT, "LoadBalancedIT: serving through both balancers %d ms after the database's restart%n",
                (resumed - restarted) / 1_000_000);
        List<String> wrong = new ArrayList<>();
        int unavailable = 0;
        for (Load.Sample s : load.samples) {
            if (s.acknowledged()) continue;
            boolean shaped = s.status == 503 && s.detail.startsWith("Retry-After ")
                    && ("token".equals(s.kind) ? s.detail.contains("\"temporarily_unavailable\"") : s.detail.contains("\"status\":\"failure\""));
            if (shaped) unavailable++;
            else wrong.add(s.lb + " " + s.kind + " " + s.status + " " + s.detail);
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " answers other than an acknowledgement or a 503 with Retry-After in the endpoint's shape, e.g. "
                + wrong.subList(0, Math.min(5, wrong.size())));
        assertTrue(unavailable > 0, "the load never met the outage");
        load.assertNothingAcknowledgedLost();
    }

    /**
     * {@code kill -9} of a node under the load, then its restart ({@code -Dgatehouse.lb.kills=N} repeats it N times, and
     * prints the errors and times of the requests started from 1 s before each kill on, to compare configurations).
     */
    @Test
    @Order(5)
    void aNodeKilledUnderLoadLosesNothingAcknowledgedAndRejoins() throws Exception {
        Apps.App app = Apps.create(api);
        int kills = Integer.getInteger("gatehouse.lb.kills", 1);
        Map<LoadBalancer, List<Load.Sample>> steady = new LinkedHashMap<>(), around = new LinkedHashMap<>();
        List<String> beyond = new ArrayList<>();
        for (int k = 1; k <= kills; k++) {
            Load load = new Load(app.basic());
            long killed;
            int tokensAtKill;
            try {
                Thread.sleep(4000);
                tokensAtKill = load.tokens.size();
                killed = System.nanoTime();
                NODES[1].kill();
                Thread.sleep(4000);
            } finally {
                load.stop();
            }
            String loadAverage = loadAverage();
            for (LoadBalancer lb : List.of(haproxy, nginx)) {
                List<Load.Sample> before = load.of(lb, 0, killed - 1_000_000_000L), after = load.of(lb, killed - 1_000_000_000L, Long.MAX_VALUE);
                steady.computeIfAbsent(lb, b -> new ArrayList<>()).addAll(before);
                around.computeIfAbsent(lb, b -> new ArrayList<>()).addAll(after);
                System.out.printf(Locale.ROOT, "LoadBalancedIT %s, kill -9 of a node (%d/%d): until 1 s before %s; from 1 s before to 4 s after %s (load average %s)%n",
                        lb, k, kills, Load.figures(before), Load.figures(after), loadAverage);
                List<String> errors = load.samples.stream().filter(s -> s.lb == lb && !s.acknowledged())
                        .map(s -> s.kind + " " + s.status + " " + s.detail).toList();
                System.out.printf(Locale.ROOT, "  errors %s; slowest %s%n", errors, after.stream()
                        .sorted(java.util.Comparator.comparingLong(Load.Sample::nanos).reversed()).limit(4)
                        .map(s -> s.kind() + " " + s.status() + " " + s.nanos() / 1_000_000 + " ms at " + (s.start() - killed) / 1_000_000 + " ms").toList());
                if (errors.size() > THREADS) beyond.add("kill " + k + ", errors through " + lb + ": " + errors);
                assertTrue(load.of(lb, killed, Long.MAX_VALUE).stream().filter(Load.Sample::acknowledged).count() > 10,
                        lb + " went on serving from the surviving node");
            }
            assertTrue(load.tokens.size() > tokensAtKill, "the surviving node went on issuing tokens");

            NODES[1] = TestServer.startIn(DATA[1], settings, PORTS[1]);
            for (LoadBalancer lb : List.of(haproxy, nginx)) awaitBothNodesInRotation(lb);
            load.assertNothingAcknowledgedLost();
            assertTrue(served(1, "api") > 0, "the restarted node serves again");
        }
        if (kills > 1)
            for (LoadBalancer lb : List.of(haproxy, nginx))
                System.out.printf(Locale.ROOT, "LoadBalancedIT %s, %d kills: steady %s; around the kills %s%n", lb, kills,
                        Load.figures(steady.get(lb)), Load.figures(around.get(lb)));
        assertTrue(beyond.isEmpty(), "errors beyond the requests in flight on the killed node (" + THREADS + " per balancer): " + beyond);
    }
}
