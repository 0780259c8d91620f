package gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.OpenIdProvider;
import gatehouse.testing.PayaraMicro;
import gatehouse.testing.Postgres;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import gatehouse.testing.TomcatDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gatehouse on Debian's PostgreSQL server (a fresh cluster on a free loopback port, see {@link Postgres}):
 * the schema migrations on PostgreSQL, data surviving a restart, two nodes on one database at once, and the
 * shipped Payara setup (server-config/payara) against it. Skips with the reason when no PostgreSQL server is
 * installed on a developer machine; fails instead under CI ({@code CI=true}), where .ci/run installs it.
 */
class PostgresIT {
    private static Postgres pg;

    @BeforeAll
    static void startPostgres() {
        Optional<String> missing = Postgres.unavailableReason();
        if (missing.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("PostgreSQL tests must run in CI: " + missing.get());
            return;
        }
        pg = Postgres.start();
    }

    /** Each test is skipped with the reason, and counted as such, without PostgreSQL (an aborted @BeforeAll counts no test at all). */
    @BeforeEach
    void needsPostgres() {
        Postgres.unavailableReason().ifPresent(Assumptions::abort);
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    private static Map<String, String> settings(String database, String password) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("gatehouse.db.url", pg.jdbcUrl(database));
        s.put("gatehouse.db.user", database);
        s.put("gatehouse.db.password", password);
        // every node of one installation shares the master key (the default is a file in each node's data folder)
        s.put("gatehouse.master.key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        return s;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The versions db/migrations.txt lists, as the WAR ships them. */
    private static List<Integer> shippedVersions() throws IOException {
        List<Integer> versions = new ArrayList<>();
        try (InputStream in = PostgresIT.class.getClassLoader().getResourceAsStream("db/migrations.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) versions.add(Integer.parseInt(t.split("\\s+")[0]));
            }
        }
        return versions;
    }

    private static List<Integer> appliedVersions(Connection c) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (r.next()) versions.add(r.getInt(1));
        }
        return versions;
    }

    private static int count(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, arg);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /** The home page's total of tokens issued in the last 24 hours. */
    private static long tokensToday(gatehouse.admin.ConsoleSession console) {
        HttpResponse<String> home = console.get("/admin/");
        assertEquals(200, home.statusCode(), home.body());
        return Long.parseLong(gatehouse.admin.ConsoleSession.find(home.body(), "id=\"total-tokens_issued\">(\\d+)<"));
    }

    private static String createUser(Http http, String name) {
        HttpResponse<String> created = http.json("POST", "/api/now/table/sys_user",
                Map.of("user_name", name, "user_password", name + "-pass-1", "roles", "itil"), "Authorization", Http.adminBasic());
        assertEquals(201, created.statusCode(), created.body());
        return Http.body(created).path("result").path("sys_id").asText();
    }

    @Test
    void schemaMigratesOnPostgresqlAndDataSurvivesARestart() throws Exception {
        pg.createDatabase("gh_restart", "gh_restart", "restart-db-pw-1");
        Map<String, String> settings = settings("gh_restart", "restart-db-pw-1");
        String name = unique("pg-survivor");
        String id;
        try (ServerProcess first = TestServer.start("pg-first", settings)) {
            Http http = Http.to(first);
            HttpResponse<String> health = http.get("/health");
            assertEquals(200, health.statusCode(), health.body());
            String detail = Http.body(health).path("database").path("detail").asText();
            assertTrue(detail.startsWith("PostgreSQL, schema version "), detail);
            id = createUser(http, name);
        }
        try (Connection c = pg.connect("gh_restart", "gh_restart", "restart-db-pw-1")) {
            assertEquals(shippedVersions(), appliedVersions(c), "every shipped migration applied once, in order");
            assertEquals(1, count(c, "SELECT COUNT(*) FROM sys_user WHERE user_name = ?", name));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM sys_user WHERE user_name = ?", "admin"));
            // as a database that a build without migration 013 brought to a newer version: 013 missing below the newest
            try (Statement s = c.createStatement()) {
                for (String column : List.of("oidc_metadata_url", "user_claim", "user_field", "enable_jti_verification", "clock_skew"))
                    s.execute("ALTER TABLE oauth_entity DROP COLUMN " + column);
                s.execute("DELETE FROM schema_version WHERE version = 13");
            }
        }
        // a restart on a new, empty data folder: everything comes back from PostgreSQL, and 013 is applied
        Map<String, String> again = new LinkedHashMap<>(settings);
        again.put("gatehouse.admin.password", "not-the-first-password");
        try (ServerProcess second = TestServer.start("pg-second", again)) {
            Http http = Http.to(second);
            HttpResponse<String> user = http.get("/api/now/table/sys_user/" + id, "Authorization", Http.adminBasic());
            assertEquals(200, user.statusCode(), "admin keeps its first password; the user is still there: " + user.body());
            assertEquals(name, Http.body(user).path("result").path("user_name").asText());
            HttpResponse<String> apps = http.get("/api/now/table/oauth_entity", "Authorization", Http.adminBasic());
            assertEquals(200, apps.statusCode(), apps.body());
            int demo = 0;
            for (JsonNode a : Http.body(apps).path("result")) if ("demo-confidential".equals(a.path("client_id").asText())) demo++;
            assertEquals(1, demo, "demo data seeded once");
        }
        try (Connection c = pg.connect("gh_restart", "gh_restart", "restart-db-pw-1")) {
            assertEquals(shippedVersions(), appliedVersions(c), "a restart migrates nothing twice, and what was missing once");
            assertEquals(5, count(c, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'oauth_entity' AND column_name IN "
                    + "('oidc_metadata_url', 'user_claim', 'user_field', 'enable_jti_verification', ?)", "clock_skew"));
        }
    }

    @Test
    void twoNodesOnOneDatabaseAtOnce() throws Exception {
        pg.createDatabase("gh_nodes", "gh_nodes", "nodes-db-pw-1");
        Map<String, String> settings = settings("gh_nodes", "nodes-db-pw-1");
        settings.put("gatehouse.activity.flush.seconds", "1");
        settings.put("gatehouse.idtoken.allow.http.loopback", "true");   // the test's OpenID Provider is http on 127.0.0.1
        // both start together on the empty database: one migrates and creates admin and demo data, the other waits
        CompletableFuture<ServerProcess> startA = CompletableFuture.supplyAsync(() -> TestServer.start("pg-node-a", settings));
        CompletableFuture<ServerProcess> startB = CompletableFuture.supplyAsync(() -> TestServer.start("pg-node-b", settings));
        try (ServerProcess a = startA.join(); ServerProcess b = startB.join()) {
            Http onA = Http.to(a);
            Http onB = Http.to(b);
            String name = unique("pg-shared");
            String id = createUser(onA, name);

            HttpResponse<String> readOnB = onB.get("/api/now/table/sys_user/" + id, "Authorization", Http.adminBasic());
            assertEquals(200, readOnB.statusCode(), readOnB.body());
            assertEquals(name, Http.body(readOnB).path("result").path("user_name").asText());

            HttpResponse<String> patchOnB = onB.json("PATCH", "/api/now/table/sys_user/" + id, Map.of("last_name", "Shared"),
                    "Authorization", Http.adminBasic());
            assertEquals(200, patchOnB.statusCode(), patchOnB.body());
            HttpResponse<String> readOnA = onA.get("/api/now/table/sys_user/" + id, "Authorization", Http.adminBasic());
            assertEquals("Shared", Http.body(readOnA).path("result").path("last_name").asText(), "no stale cache on node A");

            // an attachment uploaded on node A (two chunks, in BYTEA) is served by node B, and goes with its record
            byte[] file = new byte[300_000];
            new java.util.Random(10).nextBytes(file);
            HttpResponse<String> uploaded = onA.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(a.baseUrl()
                            + "/api/now/attachment/file?table_name=sys_user&table_sys_id=" + id + "&file_name=photo.png"))
                    .header("Content-Type", "image/png").POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(file)), "Authorization", Http.adminBasic());
            assertEquals(201, uploaded.statusCode(), uploaded.body());
            String attachment = Http.body(uploaded).path("result").path("sys_id").asText();
            HttpResponse<byte[]> served = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    b.baseUrl() + "/api/now/attachment/" + attachment + "/file")).header("Authorization", Http.adminBasic()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, served.statusCode());
            org.junit.jupiter.api.Assertions.assertArrayEquals(file, served.body());

            idTokensOfAnOidcProviderServeOneCallAcrossTheNodes(onA, onB, name);

            assertEquals(204, onA.delete("/api/now/table/sys_user/" + id, "Authorization", Http.adminBasic()).statusCode());
            assertEquals(404, onB.get("/api/now/table/sys_user/" + id, "Authorization", Http.adminBasic()).statusCode());

            // the console home's counts are the cluster's: tokens issued on B appear on A's home once B has flushed (1 s)
            gatehouse.admin.ConsoleSession console = gatehouse.admin.ConsoleSession.login(a, "admin", TestServer.ADMIN_PASSWORD);
            long before = tokensToday(console);
            for (ServerProcess node : List.of(a, b, b)) {
                HttpResponse<String> t = Http.to(node).postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                        "Authorization", Http.basic("demo-confidential", "demo-confidential-secret-change-me"));
                assertEquals(200, t.statusCode(), t.body());
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            long seen = tokensToday(console);
            while (seen < before + 3 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                seen = tokensToday(console);
            }
            assertEquals(before + 3, seen, "one token on A and two on B, counted once each on A's home");
            try (Connection c = pg.connect("gh_nodes", "gh_nodes", "nodes-db-pw-1")) {
                assertEquals(2, count(c, "SELECT COUNT(DISTINCT node) FROM gatehouse_activity WHERE kind = ?", "tokens_issued"),
                        "each node writes its own rows");
            }
            try (Connection c = pg.connect("gh_nodes", "gh_nodes", "nodes-db-pw-1")) {
                assertEquals(0, count(c, "SELECT COUNT(*) FROM sys_attachment_doc WHERE sys_attachment = ?", attachment));
                assertEquals(0, count(c, "SELECT COUNT(*) FROM sys_attachment WHERE table_sys_id = ?", id));
                assertEquals(1, count(c, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'sys_attachment_doc' "
                        + "AND column_name = 'content' AND data_type = ?", "bytea"));
            }
        }
        try (Connection c = pg.connect("gh_nodes", "gh_nodes", "nodes-db-pw-1")) {
            assertEquals(shippedVersions(), appliedVersions(c));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM sys_user WHERE user_name = ?", "admin"));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM oauth_entity WHERE client_id = ?", "demo-confidential"));
        }
    }

    /**
     * Issue 16 B on PostgreSQL: an OIDC provider (migration 013's columns) made on node A; its ID token is accepted on
     * node B, and with JTI verification the same token is refused on node A (the replay record is in the database).
     */
    private static void idTokensOfAnOidcProviderServeOneCallAcrossTheNodes(Http onA, Http onB, String user) {
        try (OpenIdProvider op = OpenIdProvider.start()) {
            op.newKey("k1");
            op.publish("k1");
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("type", "oidc_provider");
            fields.put("name", unique("pg-idp"));
            fields.put("client_id", "pg-api");
            fields.put("oidc_metadata_url", op.metadataUrl());
            fields.put("user_claim", "preferred_username");
            fields.put("user_field", "user_name");
            fields.put("enable_jti_verification", true);
            fields.put("clock_skew", 30);
            fields.put("auth_scopes", List.of("incident_read"));
            HttpResponse<String> made = onA.json("POST", "/api/now/table/oauth_entity", fields, "Authorization", Http.adminBasic());
            assertEquals(201, made.statusCode(), made.body());
            HttpResponse<String> shown = onB.get("/api/now/table/oauth_entity/" + Http.body(made).path("result").path("sys_id").asText(),
                    "Authorization", Http.adminBasic());
            assertEquals(op.metadataUrl(), Http.body(shown).path("result").path("oidc_metadata_url").asText(), shown.body());
            assertTrue(Http.body(shown).path("result").path("enable_jti_verification").asBoolean(), shown.body());
            HttpResponse<String> incident = onA.json("POST", "/api/now/table/incident", Map.of("short_description", "read on PostgreSQL"),
                    "Authorization", Http.adminBasic());
            assertEquals(201, incident.statusCode(), incident.body());
            String path = "/api/now/table/incident/" + Http.body(incident).path("result").path("sys_id").asText();
            long now = System.currentTimeMillis() / 1000;
            Map<String, Object> claims = new LinkedHashMap<>(Map.of("iss", op.issuer(), "aud", "pg-api", "preferred_username", user,
                    "iat", now, "exp", now + 300, "jti", UUID.randomUUID().toString()));
            String token = op.sign("k1", claims);
            HttpResponse<String> onNodeB = onB.get(path, "Authorization", "Bearer " + token);
            assertEquals(200, onNodeB.statusCode(), onNodeB.body());
            assertEquals("read on PostgreSQL", Http.body(onNodeB).path("result").path("short_description").asText());
            HttpResponse<String> replayed = onA.get(path, "Authorization", "Bearer " + token);
            assertEquals(401, replayed.statusCode(), "one ID token, one call, on either node: " + replayed.body());
            assertTrue(replayed.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""));
            assertEquals(401, onB.get(path, "Authorization", "Bearer " + token).statusCode());
            claims.put("jti", UUID.randomUUID().toString());
            assertEquals(200, onA.get(path, "Authorization", "Bearer " + op.sign("k1", claims)).statusCode(), "a new jti serves");
            claims.remove("jti");
            assertEquals(401, onA.get(path, "Authorization", "Bearer " + op.sign("k1", claims)).statusCode(), "no jti with JTI verification");
        }
    }

    @Test
    void payaraWithTheShippedPostBootCommandsUsesPostgresql() throws Exception {
        pg.createDatabase("gh_payara", "gh_payara", "payara-db-pw-1");
        Path postBoot = Path.of(System.getProperty("gatehouse.test.server.config", "server-config"), "payara", "post-boot-commands.asadmin");
        Path driver = Path.of(System.getProperty("gatehouse.test.postgresql.jar", "target/deploy-jars/postgresql.jar"));
        Map<String, String> env = Map.of("GATEHOUSE_PG_HOST", "127.0.0.1", "GATEHOUSE_PG_PORT", Integer.toString(pg.port()),
                "GATEHOUSE_PG_DATABASE", "gh_payara", "GATEHOUSE_PG_USER", "gh_payara", "GATEHOUSE_PG_PASSWORD", "payara-db-pw-1");
        String name = unique("payara-pg");
        try (PayaraMicro payara = PayaraMicro.start("postgresql", Map.of(
                "gatehouse.data.dir", TestServer.newDataDir("payara-pg").toAbsolutePath().toString(),
                "gatehouse.admin.password", TestServer.ADMIN_PASSWORD, "gatehouse.password.iterations", "20000"),
                env, postBoot, List.of(driver))) {
            Http http = Http.at(payara.baseUrl());
            HttpResponse<String> health = http.get("/health");
            assertEquals(200, health.statusCode(), health.body() + "\n" + payara.tail());
            assertTrue(Http.body(health).path("database").path("detail").asText().startsWith("PostgreSQL"), health.body());
            assertTrue(payara.logText().contains("JNDI DataSource jdbc/gatehouse"), "the pool from the post-boot file, not gatehouse.db.url");
            createUser(http, name);
        }
        try (Connection c = pg.connect("gh_payara", "gh_payara", "payara-db-pw-1")) {
            assertEquals(shippedVersions(), appliedVersions(c));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM sys_user WHERE user_name = ?", name));
        }
    }

    @Test
    void tomcatWithTheShippedContextXmlUsesPostgresql() throws Exception {
        pg.createDatabase("gh_tomcat", "gh_tomcat", "tomcat-db-pw-1");
        Path context = Path.of(System.getProperty("gatehouse.test.server.config", "server-config"), "tomcat", "context.xml");
        Path driver = Path.of(System.getProperty("gatehouse.test.postgresql.jar", "target/deploy-jars/postgresql.jar"));
        String name = unique("tomcat-pg");
        // context.xml verbatim: its ${gatehouse.jdbc.*} come from catalina.properties; the settings given as
        // system properties win over its Environment entries (data folder, admin password), gatehouse.demo=false stays
        try (TomcatDistribution tomcat = TomcatDistribution.start("postgresql", context,
                Map.of("gatehouse.jdbc.url", pg.jdbcUrl("gh_tomcat"), "gatehouse.jdbc.user", "gh_tomcat",
                        "gatehouse.jdbc.password", "tomcat-db-pw-1"),
                List.of(driver),
                Map.of("gatehouse.data.dir", TestServer.newDataDir("tomcat-pg").toAbsolutePath().toString(),
                        "gatehouse.admin.password", TestServer.ADMIN_PASSWORD, "gatehouse.password.iterations", "20000",
                        "gatehouse.metrics.token", "tomcat-scrape-secret-1"))) {
            Http http = Http.at(tomcat.baseUrl());
            HttpResponse<String> health = http.get("/health");
            assertEquals(200, health.statusCode(), health.body() + "\n" + tomcat.logText());
            assertTrue(Http.body(health).path("database").path("detail").asText().startsWith("PostgreSQL"), health.body());
            assertTrue(tomcat.logText().contains("JNDI DataSource jdbc/gatehouse"), "the Resource of context.xml");
            createUser(http, name);
            // /metrics in a real Tomcat: its connector's figures and the DataSource pool, from Tomcat's MBeans
            String metrics = http.get("/metrics", "Authorization", "Bearer tomcat-scrape-secret-1").body();
            assertTrue(java.util.regex.Pattern.compile("(?m)^tomcat_threads_max\\{connector=\"http-nio-[^\"]+\"} [1-9]").matcher(metrics).find(), metrics);
            assertTrue(java.util.regex.Pattern.compile("(?m)^tomcat_requests_total\\{connector=\"http-nio-[^\"]+\"} [1-9]").matcher(metrics).find(), metrics);
            assertTrue(java.util.regex.Pattern.compile("(?m)^gatehouse_db_pool_max\\{pool=\"datasource\"} [1-9]").matcher(metrics).find(), metrics);
            assertTrue(metrics.contains("gatehouse_db_pool_connections{pool=\"datasource\",state=\"idle\"}"), metrics);
            assertFalse(metrics.contains("pool=\"default\""), "EclipseLink does not pool a container's DataSource");
            // gatehouse.demo=false from the context's Environment entry: no demo users
            assertEquals(401, http.get("/api/now/table/sys_user", "Authorization", Http.basic("beth.anglin", "beth.anglin-demo-pw")).statusCode());
        }
        try (Connection c = pg.connect("gh_tomcat", "gh_tomcat", "tomcat-db-pw-1")) {
            assertEquals(shippedVersions(), appliedVersions(c));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM sys_user WHERE user_name = ?", name));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM sys_user WHERE user_name = ?", "beth.anglin"));
        }
    }

    @Test
    void wrongDatabasePasswordStopsStartUpWithOneClearLine() throws IOException {
        pg.createDatabase("gh_refused", "gh_refused", "refused-db-pw-1");
        Map<String, String> wrong = settings("gh_refused", "not-the-password");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestServer.start("pg-refused", wrong));
        // the message ends with the log's last lines; the log itself is named in its first line
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("last lines of (\\S+\\.log):").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        String log = java.nio.file.Files.readString(Path.of(m.group(1)));
        String line = log.lines().filter(l -> l.contains("Gatehouse cannot start")).findFirst().orElse("");
        assertTrue(line.contains("jdbc:postgresql://127.0.0.1:" + pg.port() + "/gh_refused") && line.contains("password authentication failed"),
                "names the database and the reason: " + line);
        assertTrue(!log.contains("not-the-password"), "never logs the password");
    }
}
