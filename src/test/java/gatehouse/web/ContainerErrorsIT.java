package gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.Leaks;
import gatehouse.testing.PayaraMicro;
import gatehouse.testing.RawHttp;
import gatehouse.testing.TestServer;
import gatehouse.testing.TomcatDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 §2, §3: what the container refuses before Gatehouse sees the request (a request line or header over the
 * limits, a bad %-escape, an encoded slash) gets a plain page that names no class, stack or server version, and no
 * {@code Server}/{@code X-Powered-By} header; a method a servlet does not implement is 405 with {@code Allow} (never
 * 501) in the endpoint's own error shape; OPTIONS is answered. Against the run command's embedded Tomcat
 * ({@link gatehouse.testing.Launcher}) and the real Tomcat distribution with the shipped
 * {@code server-config/tomcat/server.xml}.
 */
class ContainerErrorsIT {
    private static TomcatDistribution tomcat;

    @BeforeAll
    static void startTomcat() throws Exception {
        Path context = Files.createDirectories(Path.of("target/it")).resolve("context-errors.xml");
        Files.writeString(context, "<Context/>\n");
        tomcat = TomcatDistribution.start("errors", context, Map.of(), List.of(), Map.of(
                "gatehouse.data.dir", TestServer.newDataDir("tomcat-errors").toAbsolutePath().toString(),
                "gatehouse.admin.password", TestServer.ADMIN_PASSWORD, "gatehouse.demo", "true",
                "gatehouse.password.iterations", "20000"));
    }

    @AfterAll
    static void stopTomcat() {
        if (tomcat != null) tomcat.close();
    }

    private static int runCommand() { return TestServer.shared().port(); }

    private static int distribution() { return Integer.parseInt(tomcat.baseUrl().replaceAll(".*:", "")); }

    static void assertPlain(RawHttp.Response r, String what) {
        assertNull(r.header("Server"), what + ": no Server header");
        assertNull(r.header("X-Powered-By"), what + ": no X-Powered-By header");
        assertFalse(Leaks.find(r.body()), what + ": names no class, stack or server: " + r.body());
    }

    private static RawHttp.Response raw(int port, String requestLine, String... headers) {
        StringBuilder head = new StringBuilder(requestLine + " HTTP/1.1\r\nHost: localhost");
        for (String h : headers) head.append("\r\n").append(h);
        return RawHttp.send(port, head.toString(), null);
    }

    private static void containerRefusalsArePlain(int port) {
        containerRefusalsArePlain(port, "");
    }

    /** {@code context}: the context path the WAR is deployed at ("" for /). */
    private static void containerRefusalsArePlain(int port, String context) {
        String beth = "Authorization: " + Http.basic("beth.anglin", "beth.anglin-demo-pw");
        Map<String, RawHttp.Response> refused = new java.util.LinkedHashMap<>();
        refused.put("header over 8 KB", raw(port, "GET " + context + "/api/now/table/incident", "X-Big: " + "a".repeat(9000)));
        refused.put("request line over 8 KB", raw(port, "GET " + context + "/oauth_token.do?" + "a".repeat(9000)));
        refused.put("bad escape in the path", raw(port, "GET " + context + "/api/now/table/inc%zzident", beth));
        refused.put("encoded slash", raw(port, "GET " + context + "/api/now/table/inc%2Fident", beth));
        refused.put("backslash", raw(port, "GET " + context + "/api/now/table\\incident", beth));
        refused.put("control character", raw(port, "GET " + context + "/login.do?x=\u0001"));
        refused.put("raw quote and angle brackets in the query", raw(port, "GET " + context + "/oauth_auth.do?x=\"<script>", beth));
        for (Map.Entry<String, RawHttp.Response> e : refused.entrySet()) {
            RawHttp.Response r = e.getValue();
            assertTrue(r.status() >= 400 && r.status() < 500 || !context.isEmpty() && r.status() < 500, e.getKey() + ": " + r.status() + " " + r.body());
            assertPlain(r, e.getKey());
        }
        // a bad escape in the query reaches Gatehouse: the Table API's and the token endpoint's own shapes
        RawHttp.Response api = raw(port, "GET " + context + "/api/now/table/incident?sysparm_query=%zz&x=%E0%A4", beth);
        assertTrue(api.status() == 200 || api.status() == 400, api.status() + " " + api.body());
        assertPlain(api, "bad escape in an API query");
        RawHttp.Response form = RawHttp.send(port, "POST " + context + "/oauth_token.do HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded", "grant_type=%zz&client_id=%");
        assertEquals(400, form.status(), form.body());
        assertPlain(form, "bad escape in the token request");
        assertTrue(form.body().contains("\"error\":\"invalid_request\""), form.body());
    }

    private static void unimplementedMethodsAre405(int port) throws Exception {
        record Case(String method, String path, String allow, String shape) { }
        List<Case> cases = List.of(
                new Case("PATCH", "/.well-known/oauth-authorization-server", "GET, HEAD, OPTIONS", "oauth"),
                new Case("DELETE", "/.well-known/openid-configuration", "GET, HEAD, OPTIONS", "oauth"),
                new Case("PATCH", "/api/now/oauth/jwks", "GET, HEAD, OPTIONS", "api"),
                new Case("PUT", "/api/now/oauth/jwks", "GET, HEAD, OPTIONS", "api"),
                new Case("BREW", "/api/now/oauth/jwks", "GET, HEAD, OPTIONS", "api"),
                new Case("GET", "/oauth_token.do", "POST, OPTIONS", "oauth"),
                new Case("PATCH", "/oauth_token.do", "POST, OPTIONS", "oauth"),
                new Case("PUT", "/oauth_revoke_token.do", "POST, OPTIONS", "oauth"),
                new Case("DELETE", "/oauth_introspect.do", "POST, OPTIONS", "oauth"),
                new Case("PATCH", "/health", "GET, HEAD, OPTIONS", "html"),
                new Case("PATCH", "/oauth_auth.do", null, "html"),
                new Case("PROPFIND", "/login.do", null, "html"),
                new Case("PATCH", "/logout.do", null, "html"),
                new Case("PATCH", "/connected_apps.do", null, "html"),
                new Case("PATCH", "/oauth_redirect.do", null, "html"),
                new Case("PATCH", "/oauth_initiator.do", null, "html"),
                new Case("PATCH", "/admin/applications", null, "html"),
                new Case("PATCH", "/static/gatehouse.css", "GET, HEAD, POST, OPTIONS", "html"),
                new Case("BREW", "/", "GET, HEAD, POST, OPTIONS", "html"),
                new Case("TRACE", "/oauth_token.do", null, null),
                new Case("TRACE", "/", null, null));
        for (Case c : cases) {
            RawHttp.Response r = raw(port, c.method + " " + c.path);
            String what = c.method + " " + c.path;
            assertEquals(405, r.status(), what + ": " + r.body());
            assertTrue(r.header("Allow") != null && !r.header("Allow").contains(c.method), what + " Allow: " + r.header("Allow"));
            if (c.allow != null) assertEquals(c.allow, r.header("Allow"), what);
            assertPlain(r, what);
            if (c.shape == null) continue;
            switch (c.shape) {
                case "oauth" -> assertEquals("invalid_request", Http.JSON.readTree(r.body()).path("error").asText(), what + ": " + r.body());
                case "api" -> {
                    JsonNode b = Http.JSON.readTree(r.body());
                    assertEquals("failure", b.path("status").asText(), what + ": " + r.body());
                    assertEquals("Method not allowed", b.path("error").path("message").asText(), what + ": " + r.body());
                }
                default -> assertTrue(r.header("Content-Type").startsWith("text/html") && r.body().contains("does not accept that method"),
                        what + ": " + r.body());
            }
        }
        for (String path : List.of("/.well-known/oauth-authorization-server", "/api/now/oauth/jwks", "/oauth_token.do", "/health")) {
            RawHttp.Response options = raw(port, "OPTIONS " + path);
            assertTrue(options.status() == 200 || options.status() == 204, path + ": " + options.status());
            assertTrue(options.header("Allow") != null && options.header("Allow").contains("OPTIONS"), path + ": " + options.headers());
        }
    }

    @Test
    void runCommandRefusesPlainly() {
        containerRefusalsArePlain(runCommand());
    }

    @Test
    void tomcatDistributionWithTheShippedServerXmlRefusesPlainly() {
        containerRefusalsArePlain(distribution());
    }

    @Test
    void runCommandAnswersUnimplementedMethodsWith405() throws Exception {
        unimplementedMethodsAre405(runCommand());
    }

    @Test
    void tomcatDistributionAnswersUnimplementedMethodsWith405() throws Exception {
        unimplementedMethodsAre405(distribution());
    }

    /**
     * Payara Micro with the shipped pre-boot commands and {@code -Dproduct.name=} (README "Deploying on Payara"): what
     * Grizzly refuses or lets through is never a 5xx and names no server; no Server or X-Powered-By header; 405 with Allow.
     */
    @Test
    void payaraWithTheShippedPreBootCommandsRefusesPlainly() throws Exception {
        try (PayaraMicro payara = PayaraMicro.start("errors", Map.of(
                "gatehouse.data.dir", TestServer.newDataDir("payara-errors").toAbsolutePath().toString(),
                "gatehouse.admin.password", TestServer.ADMIN_PASSWORD, "gatehouse.demo", "true",
                "gatehouse.password.iterations", "20000"), Map.of(), null, List.of())) {
            int port = Integer.parseInt(payara.baseUrl().replaceAll(".*:(\\d+).*", "$1"));
            containerRefusalsArePlain(port, PayaraMicro.CONTEXT);
            for (String path : List.of("/.well-known/oauth-authorization-server", "/api/now/oauth/jwks", "/health", "/")) {
                RawHttp.Response r = raw(port, "PATCH " + PayaraMicro.CONTEXT + path);
                assertEquals(405, r.status(), path + ": " + r.body());
                assertTrue(r.header("Allow") != null, path + ": " + r.headers());
                assertPlain(r, "PATCH " + path);
            }
            RawHttp.Response health = raw(port, "GET " + PayaraMicro.CONTEXT + "/health");
            assertEquals(200, health.status(), health.body());
            assertPlain(health, "/health");
        }
    }

    /** Issue 15: the shipped server.xml lets ServiceNow's encoded queries through as people type them (README's example). */
    @Test
    void shippedServerXmlAcceptsRawEncodedQueryCharacters() throws Exception {
        RawHttp.Response r = raw(distribution(), "GET /api/now/table/incident?sysparm_query=priority=1^ORDERBYDESCnumber&sysparm_limit=10",
                "Authorization: " + Http.basic("beth.anglin", "beth.anglin-demo-pw"));
        assertEquals(200, r.status(), r.body());
        assertTrue(Http.JSON.readTree(r.body()).path("result").isArray(), r.body());
        RawHttp.Response brackets = raw(distribution(), "GET /api/now/table/incident?sysparm_query=short_descriptionLIKE[x]{y}|z",
                "Authorization: " + Http.basic("beth.anglin", "beth.anglin-demo-pw"));
        assertEquals(200, brackets.status(), brackets.body());
    }

    /**
     * The default text log format on the Tomcat distribution: Gatehouse's line of a failed log-in reaches Tomcat's own
     * handlers (the console and {@code logs/catalina.DATE.log}) with the request's id; the error page's answer echoes it.
     */
    @Test
    void onTheDistributionTheRequestIdReachesTomcatsOwnLogFiles() throws Exception {
        RawHttp.Response r = raw(distribution(), "GET /api/now/table/incident",
                "Authorization: " + Http.basic("beth.anglin", "wrong-" + java.util.UUID.randomUUID()));
        assertEquals(401, r.status());
        String id = r.header("X-Request-Id");
        assertTrue(id != null && id.matches("[A-Za-z0-9_-]{22}"), "a generated id: " + id);
        String needle = "[request_id=" + id + "] log-in failed for user ";
        long deadline = System.currentTimeMillis() + 60_000;
        boolean inFile = false;
        while (!inFile && System.currentTimeMillis() < deadline) {
            try (var files = Files.list(tomcat.logsFolder())) {
                inFile = files.filter(f -> f.getFileName().toString().startsWith("catalina."))
                        .anyMatch(f -> gatehouse.testing.LogFile.text(f).contains(needle));
            }
            if (!inFile) Thread.sleep(200);
        }
        assertTrue(inFile, "catalina.DATE.log has " + needle);
        assertTrue(tomcat.logText().contains(needle), "and the console");
        assertEquals(id.length(), raw(distribution(), "GET /no-such-page").header("X-Request-Id").length(), "error pages echo one too");
    }
}
