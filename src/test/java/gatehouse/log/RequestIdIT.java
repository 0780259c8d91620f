package gatehouse.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.RawHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request ids ({@code X-Request-Id}) and log formats, on two servers of their own that trust 127.0.0.2 as a reverse
 * proxy: one logging text (the default), one {@code gatehouse.log.format=json}. Everyone else connects from 127.0.0.1.
 */
class RequestIdIT {
    private static final String PROXY = "127.0.0.2";
    private static ServerProcess text;
    private static ServerProcess json;

    @BeforeAll
    static void start() {
        text = TestServer.start("request-id", Map.of("gatehouse.proxy.trusted", PROXY));
        json = TestServer.start("json-log", Map.of("gatehouse.proxy.trusted", PROXY, "gatehouse.log.format", "json"));
    }

    @AfterAll
    static void stop() {
        if (text != null) text.close();
        if (json != null) json.close();
    }

    private static RawHttp.Response get(ServerProcess server, String from, String path, String... headers) {
        StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port());
        for (String h : headers) head.append("\r\n").append(h);
        return RawHttp.sendFrom(from, server.port(), head.toString(), null);
    }

    /** A Table API call with a wrong password: Gatehouse logs the failed log-in. */
    private static RawHttp.Response failedLogin(ServerProcess server, String from, String... headers) {
        String[] all = new String[headers.length + 1];
        all[0] = "Authorization: " + Http.basic("beth.anglin", "wrong-" + UUID.randomUUID());
        System.arraycopy(headers, 0, all, 1, headers.length);
        return get(server, from, "/api/now/table/incident?sysparm_limit=1", all);
    }

    private static void assertGenerated(String id, String what) {
        assertNotNull(id, what + ": no X-Request-Id");
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), what + ": not a generated id: " + id);
    }

    @Test
    void everyKindOfEndpointEchoesANewIdOfItsOwn() {
        Http http = Http.to(text);
        Set<String> seen = new HashSet<>();
        Map<String, Supplier<HttpResponse<String>>> requests = Map.of(
                "servlet /health", () -> http.get("/health"),
                "JSP page /", () -> http.get("/"),
                "static file", () -> http.get("/static/gatehouse.css"),
                "JAX-RS /api without credentials", () -> http.get("/api/now/table/incident"),
                "error page of a missing page", () -> http.get("/no-such-page-" + UUID.randomUUID()),
                "token endpoint error", () -> http.postForm("/oauth_token.do", Map.of("grant_type", "nonsense")),
                "metadata", () -> http.get("/.well-known/oauth-authorization-server"));
        requests.forEach((what, request) -> {
            HttpResponse<String> r = request.get();
            assertTrue(r.statusCode() < 500, what + ": " + r.statusCode());
            String id = r.headers().firstValue("X-Request-Id").orElse(null);
            assertGenerated(id, what + " (" + r.statusCode() + ")");
            assertEquals(1, r.headers().allValues("X-Request-Id").size(), what);
            assertTrue(seen.add(id), what + " reused an id: " + id);
        });
        assertEquals(404, http.get("/no-such-page").statusCode(), "the error page still answers 404");
    }

    @Test
    void anIdSentByAnyoneButATrustedProxyIsReplaced() {
        String mine = "client-chosen-" + UUID.randomUUID();
        String id = get(text, null, "/health", "X-Request-Id: " + mine).header("X-Request-Id");
        assertNotEquals(mine, id, "127.0.0.1 is no trusted proxy");
        assertGenerated(id, "untrusted peer");
    }

    @Test
    void aTrustedProxysIdIsKeptWhenWellFormed() {
        String id = "proxy-" + UUID.randomUUID() + ":1.2_x";
        assertEquals(id, get(text, PROXY, "/health", "X-Request-Id: " + id).header("X-Request-Id"));
        String longest = "a".repeat(RequestId.MAX_LENGTH);
        assertEquals(longest, get(text, PROXY, "/health", "X-Request-Id: " + longest).header("X-Request-Id"));
        assertEquals(id, get(text, PROXY, "/no-such-page", "X-Request-Id: " + id).header("X-Request-Id"), "on the error page too");
    }

    @Test
    void aTrustedProxysMalformedOrOverLongIdIsReplaced() {
        for (String bad : List.of("a".repeat(RequestId.MAX_LENGTH + 1), "two words", "<script>", "semi;colon", "quote\"d", "p%41th",
                "ümlaut")) {
            String id = get(text, PROXY, "/health", "X-Request-Id: " + bad).header("X-Request-Id");
            assertNotEquals(bad, id);
            assertGenerated(id, "malformed " + bad);
        }
        String twice = get(text, PROXY, "/health", "X-Request-Id: first-one", "X-Request-Id: second-one").header("X-Request-Id");
        assertGenerated(twice, "two ids");
        assertGenerated(get(text, PROXY, "/health", "X-Request-Id: ").header("X-Request-Id"), "an empty id");
    }

    @Test
    void theLogLineOfAFailedLogInCarriesTheRequestsId() {
        RawHttp.Response r = failedLogin(text, null);
        assertEquals(401, r.status());
        String id = r.header("X-Request-Id");
        assertGenerated(id, "failed log-in");
        String line = awaitLine(text, "[request_id=" + id + "]");
        assertTrue(line.contains("log-in failed for user "), line);
        assertFalse(line.contains("beth.anglin"), "no user name in the log: " + line);

        String proxied = "lb-" + UUID.randomUUID();
        assertEquals(proxied, failedLogin(text, PROXY, "X-Request-Id: " + proxied, "X-Forwarded-For: 127.0.0.77").header("X-Request-Id"));
        assertTrue(awaitLine(text, "[request_id=" + proxied + "]").contains("from 127.0.0.77"));
    }

    @Test
    void jsonLogsAreOneObjectPerLineWithTheRequestId() throws IOException {
        String id = "json-" + UUID.randomUUID();
        RawHttp.Response r = failedLogin(json, PROXY, "X-Request-Id: " + id);
        assertEquals(401, r.status());
        assertEquals(id, r.header("X-Request-Id"));
        JsonNode line = Http.JSON.readTree(awaitLine(json, "\"request_id\":\"" + id + "\""));
        assertEquals("INFO", line.path("level").asText());
        assertEquals("gatehouse.user.Authenticator", line.path("logger").asText());
        assertTrue(line.path("message").asText().startsWith("log-in failed for user "), line.toString());
        assertEquals(id, line.path("request_id").asText());
        assertFalse(line.path("thread").asText().isEmpty());
        Instant at = Instant.parse(line.path("time").asText());
        assertTrue(Math.abs(at.toEpochMilli() - System.currentTimeMillis()) < 600_000, "time " + at);
        assertEquals(Set.of("time", "level", "logger", "message", "request_id", "thread"), fields(line));

        // every line Gatehouse wrote is one JSON object, start-up lines (no request: request_id null) included
        int gatehouseLines = 0;
        for (String l : json.logText().lines().toList()) {
            assertFalse(l.contains("[request_id="), "no text line beside the JSON: " + l);
            if (!l.contains("\"logger\":\"gatehouse.")) continue;
            JsonNode n = Http.JSON.readTree(l);
            assertTrue(n.isObject() && n.has("time") && n.has("request_id"), l);
            gatehouseLines++;
        }
        assertTrue(gatehouseLines >= 3, "start-up lines are JSON too: " + gatehouseLines);
        assertTrue(json.logText().contains("\"message\":\"Gatehouse started in "), "the start-up line");
        assertTrue(json.logText().contains("\"request_id\":null"), "outside a request the id is null");
    }

    private static Set<String> fields(JsonNode n) {
        Set<String> names = new HashSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The first log line that contains {@code text}, waiting for it (the log is written by another process). */
    private static String awaitLine(ServerProcess server, String text) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            for (String l : server.logText().lines().toList()) if (l.contains(text)) return l;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no log line with " + text + " in " + server.log());
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
