package gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.Leaks;
import gatehouse.testing.Postgres;
import gatehouse.testing.RawHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 §4: a seeded generator of hostile requests (oversized, malformed, repeated or missing parameters, wrong
 * content types, bad encodings, injection strings, huge JSON, wrong methods) across every endpoint of the contract,
 * against the real WAR in the run command's Tomcat on PostgreSQL (so that the test can count every table's rows while
 * Gatehouse runs). Every answer: no 5xx, no stack trace, class or server name, no {@code Server}/{@code X-Powered-By}
 * header, the protocol's own error shape, no unescaped echo in HTML, no redirect to an unregistered URI; afterwards
 * {@code /health} is 200 and no table holds a row more or less than before (refused log-ins are counted by design:
 * {@code login_throttle}, {@code audit_log}'s {@code login_failed}; {@code job_lease} belongs to the scheduler).
 * <p>{@code -Dgatehouse.fuzz.seed=N} replays a run (the seed is printed first), {@code -Dgatehouse.fuzz.count=N}
 * sets how many requests (default {@value #DEFAULT_COUNT}, well under a minute).
 */
class FuzzIT {
    static final int DEFAULT_COUNT = 1500;
    static final String REGISTERED = "https://oauth.pstmn.io/v1/callback";
    /** Any HTML answer that contains this unescaped echoed the input. */
    static final String MARK = "<fz-x>";
    private static Postgres pg;
    private static ServerProcess server;
    private static String bearer;

    @BeforeAll
    static void start() {
        pg = Postgres.startOrSkip();
        pg.createDatabase("gh_fuzz", "gh_fuzz", "fuzz-db-pw-1");
        server = TestServer.start("fuzz", Map.of("gatehouse.db.url", pg.jdbcUrl("gh_fuzz"), "gatehouse.db.user", "gh_fuzz",
                "gatehouse.db.password", "fuzz-db-pw-1"));
        Http http = Http.to(server);
        HttpResponse<String> token = http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", "beth.anglin",
                "password", "beth.anglin-demo-pw", "scope", "useraccount"), "Authorization", Http.basic("demo-confidential", "demo-confidential-secret-change-me"));
        bearer = token.statusCode() == 200 ? Http.body(token).path("access_token").asText() : "not-a-token";
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (pg != null) pg.close();
    }

    /** Row counts of every table, the scheduler's, the refused log-ins' and the refusal counts' bookkeeping left out. */
    private static Map<String, Long> rows() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = pg.connect("gh_fuzz", "gh_fuzz", "fuzz-db-pw-1"); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
                while (r.next()) tables.add(r.getString(1));
            }
            for (String t : tables) {
                // bookkeeping, not records: throttles, the scheduler's lease, the console home's hourly counts of refusals
                if (t.equals("login_throttle") || t.equals("job_lease") || t.equals("gatehouse_activity")) continue;
                String where = t.equals("audit_log") ? " WHERE action <> 'login_failed'" : "";
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + t + where)) {
                    r.next();
                    counts.put(t, r.getLong(1));
                }
            }
        }
        return counts;
    }

    @Test
    void hostileRequestsGetProtocolErrorsAndChangeNothing() throws Exception {
        long seed = Long.getLong("gatehouse.fuzz.seed", new Random().nextLong());
        int count = Integer.getInteger("gatehouse.fuzz.count", DEFAULT_COUNT);
        System.out.println("FuzzIT seed " + seed + " (replay with -Dgatehouse.fuzz.seed=" + seed + "), " + count + " requests");
        Map<String, Long> before = rows();
        Generator g = new Generator(new Random(seed));
        List<String> findings = new ArrayList<>();
        long started = System.currentTimeMillis();
        for (int i = 0; i < count && findings.size() < 20; i++) {
            Generator.Request req = g.next();
            RawHttp.Response r;
            try {
                r = RawHttp.sendHostile(server.port(), req.head(), req.body());
            } catch (IllegalStateException e) {
                findings.add("#" + i + " no answer (" + e.getMessage() + "): " + req.summary());
                continue;
            }
            String problem = check(req, r);
            if (problem != null) findings.add("#" + i + " " + problem + ": " + req.summary() + "\n    -> " + r.status() + " "
                    + r.headers() + " " + r.body().substring(0, Math.min(300, r.body().length())));
        }
        System.out.println("FuzzIT: " + count + " requests in " + (System.currentTimeMillis() - started) + " ms");
        if (!findings.isEmpty()) fail("seed " + seed + ": " + findings.size() + " findings\n" + String.join("\n", findings));
        assertEquals(200, Http.to(server).get("/health").statusCode(), "healthy afterwards (seed " + seed + ")");
        assertEquals(before, rows(), "a refused request wrote nothing (seed " + seed + ")");
    }

    /** What earlier runs found (a NUL character PostgreSQL cannot store; a login redirect's Location over the limit). */
    @Test
    void earlierFindingsStayFixed() {
        String longQuery = "x=" + "%25".repeat(2000);
        List<Generator.Request> found = List.of(
                new Generator.Request("GET", "/oauth_auth.do", "/oauth_auth.do?client_id=%00&response_type=code", List.of(), null),
                new Generator.Request("GET", "/api/now/table/incident", "/api/now/table/incident?sysparm_query=short_description=%00",
                        List.of("Authorization: Bearer " + bearer), null),
                new Generator.Request("GET", "/api/now/table/sys_user", "/api/now/table/sys_user?sysparm_query=user_name=a%00b",
                        List.of("Authorization: " + Http.basic("no-such-user\u0000", "x")), null),
                new Generator.Request("POST", "/oauth_token.do", "/oauth_token.do", List.of("Content-Type: application/x-www-form-urlencoded"),
                        "grant_type=client_credentials&client_id=%00&client_secret=x"),
                new Generator.Request("POST", "/oauth_introspect.do", "/oauth_introspect.do", List.of("Content-Type: application/x-www-form-urlencoded",
                        "Authorization: " + Http.basic("demo-confidential", "demo-confidential-secret-change-me")), "token=a%00b"),
                new Generator.Request("GET", "/oauth_initiator.do", "/oauth_initiator.do?" + longQuery, List.of(), null),
                new Generator.Request("GET", "/admin/applications", "/admin/applications?" + longQuery, List.of(), null),
                new Generator.Request("GET", "/oauth_auth.do", "/oauth_auth.do?response_type=code&client_id=demo-public&redirect_uri="
                        + Http.enc(REGISTERED) + "&state=s&code_challenge_method=S256&code_challenge=" + "E".repeat(43) + "&" + longQuery, List.of(), null));
        List<String> findings = new ArrayList<>();
        for (Generator.Request req : found) {
            RawHttp.Response r = RawHttp.sendHostile(server.port(), req.head(), req.body());
            String problem = check(req, r);
            if (problem != null) findings.add(problem + ": " + req.summary() + " -> " + r.status() + " " + r.headers() + " " + r.body());
        }
        if (!findings.isEmpty()) fail(String.join("\n", findings));
    }

    /** What is wrong with {@code r} as the answer to {@code req}, or null. */
    static String check(Generator.Request req, RawHttp.Response r) {
        if (r.status() >= 500) return "5xx";
        if (r.header("Server") != null) return "Server header";
        if (r.header("X-Powered-By") != null) return "X-Powered-By header";
        String type = r.header("Content-Type") == null ? "" : r.header("Content-Type").toLowerCase(Locale.ROOT);
        if (r.status() >= 400 && Leaks.find(r.body())) return "names " + Leaks.first(r.body());
        if (type.startsWith("text/html") && r.body().contains(MARK)) return "unescaped echo";
        if (r.status() >= 300 && r.status() < 400) {
            String location = r.header("Location");
            if (location == null) return "redirect without Location";
            boolean local = location.startsWith("/") && !location.startsWith("//") && !location.startsWith("/\\");
            boolean ownOrigin = location.matches("http://(localhost|127\\.0\\.0\\.1)(:\\d+)?/.*");
            boolean registered = location.startsWith(REGISTERED + "?") || location.startsWith(REGISTERED + "#");
            if (!local && !ownOrigin && !registered) return "redirect to " + location;
        }
        if (r.status() < 400 || req.method().equals("HEAD")) return null;   // HEAD: no body to check
        String path = req.path();
        if (r.body().contains("<title>HTTP Status ")) return null;   // refused by the container before Gatehouse saw it
        try {
            if (path.startsWith("/api/")) {
                JsonNode b = Http.JSON.readTree(r.body());
                if (!"failure".equals(b.path("status").asText()) || !b.path("error").path("message").isTextual()) return "not the Table API's error shape";
            } else if (ErrorPageServlet.OAUTH_JSON.contains(path) || path.startsWith("/.well-known/")) {
                JsonNode b = Http.JSON.readTree(r.body());
                if (!b.path("error").isTextual()) return "not RFC 6749 JSON";
            } else if (r.status() != 421 && !type.startsWith("text/html") && !r.body().isEmpty()) {
                return "not an HTML page";
            }
        } catch (Exception notJson) {
            return "not JSON";
        }
        return null;
    }

    /** The seeded generator: each call one hostile request for one endpoint of the contract. */
    static final class Generator {
        record Request(String method, String path, String target, List<String> headers, String body) {
            String head() {
                StringBuilder h = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost");
                for (String x : headers) h.append("\r\n").append(x);
                return h.toString();
            }

            String summary() {
                String t = target.length() > 200 ? target.substring(0, 200) + "…(" + target.length() + ")" : target;
                String b = body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…(" + body.length() + ")" : body;
                return method + " " + t + " " + headers + " " + b;
            }
        }

        static final String[] PATHS = {"/oauth_auth.do", "/oauth_token.do", "/oauth_revoke_token.do", "/oauth_introspect.do",
                "/api/now/oauth/jwks", "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/login.do",
                "/logout.do", "/connected_apps.do", "/api/now/table/incident", "/api/now/table/sys_user", "/api/now/table/oauth_entity",
                "/api/now/incident", "/api/now/table/oauth_credential", "/api/now/table/no_such_table", "/health", "/admin/applications",
                "/oauth_redirect.do", "/oauth_initiator.do", "/api/gatehouse/rest_message/x/y/execute", "/metrics", "/static/gatehouse.css", "/"};
        static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "BREW", "PROPFIND"};
        static final String[] NAMES = {"response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
                "code_challenge_method", "grant_type", "code", "code_verifier", "refresh_token", "username", "password", "assertion",
                "client_assertion", "client_assertion_type", "client_secret", "token", "token_type_hint", "return_to", "user_name",
                "sysparm_query", "sysparm_limit", "sysparm_offset", "sysparm_fields", "request", "nonce", "profile", "csrf"};
        static final String[] VALUES = {"code", "token", "demo-public", "demo-confidential", REGISTERED, "https://evil.example/cb",
                "javascript:alert(1)", "//evil.example", "http://127.0.0.1:1/x", "useraccount", "openid profile", "S256", "plain",
                "authorization_code", "client_credentials", "password", "refresh_token", "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "' OR '1'='1", "1; DROP TABLE sys_user;--", "\") OR 1=1 --", "${jndi:ldap://x/a}", "{{7*7}}", "<%= 7*7 %>", "../../etc/passwd",
                "%00", "%zz", "%", "%E0%A4", "%C0%AF", "\u00e9\u4e2d", "-1", "99999999999", "0x10", "NaN", "", " ", "admin", "beth.anglin",
                "priority=1^ORDERBYDESCnumber", "numberLIKE%25", "nosuchfield=1", "short_description=x^ORnumberSTARTSWITHINC",
                "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.", MARK, "\"" + MARK + "'"};

        private final Random random;

        Generator(Random random) { this.random = random; }

        private String pick(String[] a) { return a[random.nextInt(a.length)]; }

        private boolean chance(int percent) { return random.nextInt(100) < percent; }

        /** A value, percent-encoded or raw-but-safe for a request line, sometimes huge. */
        private String value() {
            String v = pick(VALUES);
            if (chance(5)) v = v.repeat(1 + random.nextInt(3000 / Math.max(1, v.length())));
            return v.startsWith("%") && chance(70) ? v : Http.enc(v);
        }

        private String query(String path) {
            StringBuilder q = new StringBuilder();
            int n = random.nextInt(8);
            List<String> names = new ArrayList<>();
            if (path.equals("/oauth_auth.do") && chance(60)) {
                q.append("response_type=code&client_id=").append(chance(70) ? "demo-public" : "demo-confidential")
                        .append("&redirect_uri=").append(Http.enc(chance(70) ? REGISTERED : pick(VALUES)));
                if (chance(70)) q.append("&state=").append(chance(10) ? "s".repeat(1500 + random.nextInt(5000)) : value());
            }
            for (int i = 0; i < n; i++) {
                String name = chance(80) ? pick(NAMES) : value();
                if (!names.isEmpty() && chance(15)) name = names.get(random.nextInt(names.size()));   // repeated
                names.add(name);
                if (q.length() > 0) q.append('&');
                q.append(name);
                if (!chance(10)) q.append('=').append(value());
            }
            return q.toString();
        }

        private String jsonBody() {
            return switch (random.nextInt(9)) {
                case 0 -> "{\"short_description\":";                                      // truncated
                case 1 -> "[".repeat(20_000) + "]".repeat(20_000);                          // deep
                case 2 -> "{\"short_description\":\"" + "x".repeat(2_000_000) + "\",\"no_such_field\":1}";   // over the body limit
                case 3 -> "{\"no_such_field\":\"" + MARK + "\"}";
                case 4 -> "{\"impact\":{\"$gt\":1},\"short_description\":[1,2],\"no_such_field\":true}";
                case 5 -> "{\"sys_id\":\"" + value() + "\",\"number\":\"INC0000001\",\"priority\":1}";   // read-only fields
                case 6 -> "\"just a string\"";
                case 7 -> "{\"short_description\":\"x\",\"short_description\":\"y\",\"caller_id\":\"' OR 1=1 --\",\"no_such_field\":0}";
                default -> "{\"user_name\":\"" + MARK + "\",\"roles\":\"admin\",\"user_password\":1,\"no_such_field\":null}";
            };
        }

        Request next() {
            String path = pick(PATHS);
            if (path.startsWith("/api/now/table/") && chance(40)) path = path + "/" + (chance(50) ? "0123456789abcdef0123456789abcdef" : value());
            boolean post = path.equals("/oauth_token.do") || path.equals("/oauth_revoke_token.do") || path.equals("/oauth_introspect.do")
                    || path.equals("/login.do");
            String method = chance(75) ? (post ? "POST" : path.startsWith("/api/now/table") ? pick(new String[] {"GET", "POST", "PATCH", "PUT", "DELETE"}) : "GET")
                    : pick(METHODS);
            List<String> headers = new ArrayList<>();
            String body = null;
            String q = query(path);
            String target = path + (q.isEmpty() ? "" : "?" + q);
            if (path.startsWith("/api/")) {
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> headers.add("Authorization: Bearer " + bearer);
                    case 3 -> headers.add("Authorization: Basic " + (chance(50) ? "%%%" : java.util.Base64.getEncoder().encodeToString(
                            ("no-such-user-" + random.nextInt(5) + ":" + pick(VALUES)).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
                    case 4 -> headers.add("Authorization: Bearer " + pick(VALUES).replaceAll("[\\r\\n]", ""));
                    default -> { }
                }
                if (!method.equals("GET") && !method.equals("DELETE") || chance(10)) {
                    body = jsonBody();
                    headers.add("Content-Type: " + pick(new String[] {"application/json", "application/json", "text/plain",
                            "application/x-www-form-urlencoded", "application/json; charset=ebcdic", "multipart/form-data; boundary=x"}));
                }
            } else if (post) {
                body = query(path);
                if (chance(5)) body = body + "&x=" + "y".repeat(70_000);
                if (chance(70)) headers.add("Content-Type: application/x-www-form-urlencoded");
                else headers.add("Content-Type: " + pick(new String[] {"application/json", "text/plain", "multipart/form-data", "x/y; charset=nope"}));
                if (chance(50)) headers.add("Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                        ((chance(50) ? "demo-confidential" : pick(VALUES)) + ":" + pick(VALUES)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                else if (chance(30)) headers.add("Authorization: " + pick(new String[] {"Basic", "Basic =", "Bearer x", "Digest a", "Basic " + "A".repeat(5000)}));
            }
            if (chance(5)) headers.add("Cookie: GH_SESSION=" + value() + "; GH_LOGIN=" + value());
            if (chance(3)) headers.add("X-Forwarded-For: " + value());
            if (chance(3)) headers.add("Accept: " + pick(new String[] {"application/xml", "text/html", "*/*", "image/png"}));
            if (body != null && body.length() > 1_000_000 && !path.startsWith("/api/")) body = body.substring(0, 100_000);
            return new Request(method, path, target, headers, body);
        }
    }
}
