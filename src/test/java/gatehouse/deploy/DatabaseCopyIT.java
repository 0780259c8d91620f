package gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.Postgres;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import gatehouse.token.Apps;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README's "From embedded Derby to PostgreSQL", run as written (the WAR's classes, {@code gatehouse.store.DatabaseCopy}):
 * a Derby node's users, applications, tokens (JWT and opaque), keys and incidents copied into an empty PostgreSQL
 * database; a node started there accepts the tokens issued before; the data folder is unchanged; a non-empty target and
 * a folder in use are refused with one line and nothing written.
 */
class DatabaseCopyIT {
    private static final String ISSUER = "https://gatehouse.example.test";
    private static Postgres pg;

    @BeforeAll
    static void startPostgres() {
        var missing = Postgres.unavailableReason();
        if (missing.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("PostgreSQL tests must run in CI: " + missing.get());
            Assumptions.abort(missing.get());
        }
        pg = Postgres.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    private record Run(int exit, String output) { }

    /** The README's command: {@code java -cp 'WEB-INF/classes:WEB-INF/lib/*' gatehouse.store.DatabaseCopy FOLDER URL USER}. */
    private static Run copyCommand(Path data, String url, String user, String password) throws Exception {
        Path webapp = Path.of(System.getProperty("gatehouse.test.webapp", "target/gatehouse"));
        String cp = webapp.resolve("WEB-INF/classes") + File.pathSeparator + webapp.resolve("WEB-INF/lib") + File.separator + "*";
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                "gatehouse.store.DatabaseCopy", data.toString(), url, user).redirectErrorStream(true);
        pb.environment().put("GATEHOUSE_DB_PASSWORD", password);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the copy did not end");
        return new Run(p.exitValue(), out);
    }

    /** Every file of the folder and its SHA-256. */
    private static Map<String, String> fingerprint(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                try {
                    files.put(dir.relativize(f).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return files;
    }

    private static Map<String, String> app(Http http, String format) {
        Apps.App app = Apps.create(http, "grant_types", "client_credentials,password,refresh_token", "token_format", format);
        return Map.of("client_id", app.clientId(), "secret", app.secret());
    }

    private static String token(Http http, Map<String, String> app, String... form) {
        HttpResponse<String> r = http.postForm("/oauth_token.do", Http.map(form), "Authorization", Http.basic(app.get("client_id"), app.get("secret")));
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void everythingMovesToPostgresqlAndTheTokensIssuedBeforeStillWork() throws Exception {
        Path data = TestServer.newDataDir("copy-source");
        List<String> accessTokens = new ArrayList<>();
        String refresh;
        String incident;
        // one installation keeps its issuer across the move (a JWT's iss must still match)
        try (ServerProcess derby = TestServer.startIn(data, Map.of("gatehouse.issuer", ISSUER))) {
            Http http = Http.to(derby);
            HttpResponse<String> user = http.json("POST", "/api/now/table/sys_user",
                    Map.of("user_name", "copied.user", "user_password", "copied-pass-1", "roles", "itil", "first_name", "Zoë"),
                    "Authorization", Http.adminBasic());
            assertEquals(201, user.statusCode(), user.body());
            Map<String, String> jwt = app(http, "jwt"), opaque = app(http, "opaque");
            accessTokens.add(Http.JSON.readTree(token(http, jwt, "grant_type", "client_credentials")).path("access_token").asText());
            accessTokens.add(Http.JSON.readTree(token(http, opaque, "grant_type", "client_credentials")).path("access_token").asText());
            JsonNode pw = Http.JSON.readTree(token(http, opaque, "grant_type", "password", "username", "copied.user", "password", "copied-pass-1"));
            accessTokens.add(pw.path("access_token").asText());
            refresh = pw.path("refresh_token").asText();
            HttpResponse<String> inc = http.json("POST", "/api/now/table/incident", Map.of("short_description", "copied incident"),
                    "Authorization", Http.adminBasic());
            assertEquals(201, inc.statusCode(), inc.body());
            incident = Http.body(inc).path("result").path("sys_id").asText();
            for (String t : accessTokens) assertEquals(200, http.get("/api/now/table/incident/" + incident, "Authorization", "Bearer " + t).statusCode());

            // a folder in use is refused
            pg.createDatabase("gh_copy_busy", "gh_copy_busy", "copy-busy-pw-1");
            Run busy = copyCommand(data, pg.jdbcUrl("gh_copy_busy"), "gh_copy_busy", "copy-busy-pw-1");
            assertEquals(1, busy.exit(), busy.output());
            assertTrue(busy.output().contains("is open"), busy.output());
        }
        Map<String, String> before = fingerprint(data);

        pg.createDatabase("gh_copy", "gh_copy", "copy-db-pw-1");
        Run run = copyCommand(data, pg.jdbcUrl("gh_copy"), "gh_copy", "copy-db-pw-1");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("the counts match"), run.output());
        assertEquals(before, fingerprint(data), "the data folder was changed by the copy");

        // a second copy into the now non-empty database is refused and changes nothing there
        long users;
        try (Connection c = pg.connect("gh_copy", "gh_copy", "copy-db-pw-1"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM sys_user")) {
            r.next();
            users = r.getLong(1);
        }
        Run again = copyCommand(data, pg.jdbcUrl("gh_copy"), "gh_copy", "copy-db-pw-1");
        assertEquals(1, again.exit(), again.output());
        assertTrue(again.output().contains("not empty"), again.output());

        Map<String, String> onPg = new LinkedHashMap<>();
        onPg.put("gatehouse.db.url", pg.jdbcUrl("gh_copy"));
        onPg.put("gatehouse.db.user", "gh_copy");
        onPg.put("gatehouse.db.password", "copy-db-pw-1");
        onPg.put("gatehouse.master.key", Files.readString(data.resolve("master.key")).trim());
        onPg.put("gatehouse.issuer", ISSUER);
        onPg.put("gatehouse.admin.password", "not-applied-to-a-copied-database");
        try (ServerProcess node = TestServer.start("copy-target", onPg)) {
            Http http = Http.to(node);
            for (String t : accessTokens)
                assertEquals(200, http.get("/api/now/table/incident/" + incident, "Authorization", "Bearer " + t).statusCode(),
                        "token " + accessTokens.indexOf(t) + " lost in the copy");
            HttpResponse<String> list = http.get("/api/now/table/sys_user?sysparm_query=user_name=copied.user", "Authorization",
                    Http.basic("copied.user", "copied-pass-1"));
            assertTrue(list.statusCode() == 200 || list.statusCode() == 403, "the copied user's password works: " + list.statusCode());
            assertEquals(200, http.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", Http.adminBasic()).statusCode(),
                    "admin keeps its password from the Derby database");
            HttpResponse<String> inc = http.get("/api/now/table/incident/" + incident, "Authorization", Http.adminBasic());
            assertEquals("copied incident", Http.body(inc).path("result").path("short_description").asText());
            assertEquals(users, Http.body(http.get("/api/now/table/sys_user", "Authorization", Http.adminBasic())).path("result").size());
            // the signing keys came sealed and still open under the same master key: new JWTs verify too
            assertTrue(http.get("/api/now/oauth/jwks").body().contains("\"kid\""));
        }
    }
}
