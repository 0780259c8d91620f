import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a stopped Gatehouse's database with a history of stored tokens and their grants (issue 18, "Growth"), for
 * bench/growth.sh, run as a single-file program with the JDBC drivers on the class path:
 * {@code java -cp <derby/postgresql jars> bench/GrowthSeeder.java url=jdbc:… tokens=1000000 …}.
 *
 * <p>It writes into the schema the server's own migrations made (start Gatehouse once, stop it, seed, start it again),
 * with JDBC batches, rows in the order of their issue time, keys in the form {@code gatehouse.token.IssuedTokens} and
 * {@code Secrets.timeOrderedId} make them (12 hex digits of the issue time, then the SHA-256 of the token's text), so
 * that the seeded rows sit in the indexes where real ones would. Of {@code tokens} rows:
 * <ul>
 *   <li>45 % client_credentials access tokens of the {@code cc} applications, issued over the last 25 minutes, live,
 *       on their standing grants (one per application begun 5 hours ago, the one before 17 hours ago), 1 % revoked;</li>
 *   <li>authorization-code grants of the {@code code} applications, {@code users} seeded users and the demo users,
 *       begun over the last 30 days, 5 % revoked with their tokens: per grant one live refresh token (20 %), for three
 *       in four grants the refresh token it was rotated from (15 %: kept until expiry, for reuse detection), and the
 *       access token of its last refresh: live when that was within the access token lifespan (10 %), expired
 *       within the last 6 hours and not yet purged (5 %), or already purged;</li>
 *   <li>5 % client_credentials access tokens expired within the last 6 hours, not yet purged.</li>
 * </ul>
 * So 10 % of the rows are expired, waiting for housekeeping. The first {@code pool} grants (of the first code
 * application, unrevoked, each with a live opaque access token) are written to {@code out}/refresh.txt and
 * {@code out}/access.txt (one token per line), for the refresh and introspection benchmarks; {@code tokens=0} seeds
 * only those. {@code hold=EPOCH_MS} holds the housekeeping lease ({@code job_lease}) until then, so that no purge
 * runs before the benchmark wants one. {@code mode=lease hold=…} only sets the lease; {@code mode=count} prints the
 * row counts. Keys: url, user, password, mode (seed|lease|count), tokens (1000000), cc, code (comma-separated client
 * ids), users (1000), pool (20000), out (folder), hold (0), seed (42), analyze (1: update the optimizer's statistics
 * afterwards, as Derby's and PostgreSQL's own daemons would).
 */
public final class GrowthSeeder {
    private static final long MINUTE = 60_000L, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, String> conf;
    private final SplittableRandom random;
    private final MessageDigest sha256;
    private final long now = System.currentTimeMillis();

    private record App(String clientId, String userSysId, String scopes, String format, int accessLifespan, int refreshLifespan) { }

    /** One oauth_token row. */
    private static final class Row {
        String hash, kind, format, jti, grantId, clientId, userSysId, scopes;
        long issuedAt, expiresAt;
        Long revokedAt, rotatedAt;
    }

    private GrowthSeeder(Map<String, String> conf) throws Exception {
        this.conf = conf;
        this.random = new SplittableRandom(Long.parseLong(conf.get("seed")));
        this.sha256 = MessageDigest.getInstance("SHA-256");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> conf = new LinkedHashMap<>(Map.of("mode", "seed", "tokens", "1000000", "users", "1000", "pool", "20000",
                "out", ".", "hold", "0", "seed", "42", "analyze", "1", "cc", "", "code", ""));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("KEY=VALUE expected: " + a);
            conf.put(a.substring(0, eq), a.substring(eq + 1));
        }
        if (!conf.containsKey("url")) throw new IllegalArgumentException("url=jdbc:… is needed");
        new GrowthSeeder(conf).run();
    }

    private void run() throws Exception {
        String url = conf.get("url");
        try (Connection c = DriverManager.getConnection(url, conf.get("user"), conf.get("password"))) {
            switch (conf.get("mode")) {
                case "seed" -> seed(c);
                case "lease" -> hold(c, Long.parseLong(conf.get("hold")));
                case "count" -> count(c);
                default -> throw new IllegalArgumentException("mode: seed, lease or count");
            }
        } finally {
            if (url.startsWith("jdbc:derby:")) {
                try {
                    DriverManager.getConnection(url.replaceAll(";.*", "") + ";shutdown=true").close();
                } catch (SQLException shutDown) {
                    // Derby reports a clean shutdown as an exception
                }
            }
        }
    }

    private void count(Connection c) throws SQLException {
        long[] n = {
                single(c, "SELECT COUNT(*) FROM oauth_token"),
                single(c, "SELECT COUNT(*) FROM oauth_token WHERE expires_at < " + now),
                single(c, "SELECT COUNT(*) FROM oauth_grant"),
                single(c, "SELECT COUNT(*) FROM oauth_code")};
        System.out.printf("rows: oauth_token %d (%d expired), oauth_grant %d, oauth_code %d%n", n[0], n[1], n[2], n[3]);
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void hold(Connection c, long until) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement u = c.prepareStatement("UPDATE job_lease SET holder = 'growth-bench', lease_until = ? WHERE name = 'housekeeping'")) {
            u.setLong(1, until);
            if (u.executeUpdate() == 0) {
                try (PreparedStatement i = c.prepareStatement("INSERT INTO job_lease (name, holder, lease_until, last_run_at) VALUES ('housekeeping', 'growth-bench', ?, 0)")) {
                    i.setLong(1, until);
                    i.executeUpdate();
                }
            }
        }
        c.commit();
        System.out.println("housekeeping lease held until " + java.time.Instant.ofEpochMilli(until));
    }

    private void seed(Connection c) throws Exception {
        long started = System.nanoTime();
        c.setAutoCommit(false);
        List<App> cc = apps(c, conf.get("cc"));
        List<App> code = apps(c, conf.get("code"));
        if (code.isEmpty()) throw new IllegalArgumentException("code=<client ids of authorization-code applications> is needed");
        int tokens = Integer.parseInt(conf.get("tokens"));
        int pool = Integer.parseInt(conf.get("pool"));
        if (tokens > 0 && cc.isEmpty()) throw new IllegalArgumentException("cc=<client ids of client_credentials applications> is needed");
        List<String> users = users(c, tokens == 0 ? 0 : Integer.parseInt(conf.get("users")));

        List<Row> rows = new ArrayList<>(tokens + 2 * pool);
        List<Object[]> grants = new ArrayList<>();
        List<String> refreshTexts = new ArrayList<>(), accessTexts = new ArrayList<>();

        // authorization-code grants: the benchmark's pool first, then the history
        int codeGrants = Math.max(pool, tokens / 5);
        App first = code.get(0);
        double liveAccess = codeGrants == pool ? 0 : Math.max(0, (tokens * 0.10 - pool) / (codeGrants - pool));
        double expiredAccess = codeGrants == pool ? 0 : tokens * 0.05 / (codeGrants - pool);
        for (int i = 0; i < codeGrants; i++) {
            boolean inPool = i < pool;
            App app = inPool ? first : code.get(i % code.size());
            String user = users.get(i % users.size());
            long created = now - DAY * 30 + (long) (random.nextDouble() * (DAY * 30 - 2 * HOUR));
            String grantId = timeOrderedId(created);
            boolean revoked = !inPool && random.nextDouble() < 0.05;
            double u = random.nextDouble();
            long access = app.accessLifespan() * 1000L;
            // when the grant's tokens were last refreshed (its current refresh and access tokens were issued then)
            long refreshed;
            String accessState;
            // the pool's tokens issued within the last minute, so that they stay live through both phases of the benchmark
            if (inPool) { refreshed = now - (long) (random.nextDouble() * MINUTE); accessState = "live"; }
            else if (u < liveAccess) { refreshed = now - (long) (random.nextDouble() * (access - MINUTE)); accessState = "live"; }
            else if (u < liveAccess + expiredAccess) { refreshed = now - access - (long) (random.nextDouble() * 6 * HOUR); accessState = "expired"; }
            else { refreshed = now - access - 6 * HOUR - (long) (random.nextDouble() * (now - access - 6 * HOUR - created)); accessState = "purged"; }
            refreshed = Math.max(refreshed, created + 1000);
            Long revokedAt = revoked ? refreshed + (long) (random.nextDouble() * (now - refreshed)) : null;
            grants.add(new Object[]{grantId, app.clientId(), user, app.scopes(), "authorization_code", created, revokedAt, created});
            boolean rotated = !inPool && random.nextDouble() < 0.75;
            if (rotated) {
                Row r = opaque(Token.REFRESH, app, grantId, user, created, created + app.refreshLifespan() * 1000L, revokedAt);
                r.rotatedAt = refreshed;
                rows.add(r);
            }
            Row refresh = opaque(Token.REFRESH, app, grantId, user, refreshed, refreshed + app.refreshLifespan() * 1000L, revokedAt);
            rows.add(refresh);
            if (inPool) refreshTexts.add(lastText);
            if (!accessState.equals("purged")) {
                rows.add(opaque(Token.ACCESS, app, grantId, user, refreshed, refreshed + access, revokedAt));
                if (inPool) accessTexts.add(lastText);
            }
        }
        // client_credentials: live tokens of the last 25 minutes, and a share expired in the last 6 hours, on standing grants
        int ccRows = tokens - rows.size();
        if (ccRows > 0) {
            int expired = (int) (tokens * 0.05);
            Map<String, String[]> standing = new LinkedHashMap<>();
            for (App app : cc) {
                String current = timeOrderedId(now - 5 * HOUR), previous = timeOrderedId(now - 17 * HOUR);
                standing.put(app.clientId(), new String[]{current, previous});
                grants.add(new Object[]{previous, app.clientId(), app.userSysId(), app.scopes(), "client_credentials", now - 17 * HOUR, null, null});
                grants.add(new Object[]{current, app.clientId(), app.userSysId(), app.scopes(), "client_credentials", now - 5 * HOUR, null, null});
            }
            for (int i = 0; i < ccRows; i++) {
                App app = cc.get(i % cc.size());
                long life = app.accessLifespan() * 1000L;
                long issued = i < expired ? now - life - (long) (random.nextDouble() * 6 * HOUR) : now - (long) (random.nextDouble() * Math.min(25 * MINUTE, life - MINUTE));
                String grantId = standing.get(app.clientId())[issued >= now - 5 * HOUR ? 0 : 1];
                Long revokedAt = i >= expired && random.nextDouble() < 0.01 ? issued + (long) (random.nextDouble() * (now - issued)) : null;
                rows.add("jwt".equals(app.format()) ? jwt(app, grantId, issued, issued + life, revokedAt)
                        : opaque(Token.ACCESS, app, grantId, app.userSysId(), issued, issued + life, revokedAt));
            }
        }
        grants.sort((a, b) -> Long.compare((Long) a[5], (Long) b[5]));
        rows.sort((a, b) -> Long.compare(a.issuedAt, b.issuedAt));
        insertGrants(c, grants);
        insertTokens(c, rows);
        if (!conf.get("hold").equals("0")) hold(c, Long.parseLong(conf.get("hold")));
        Path out = Path.of(conf.get("out"));
        Files.createDirectories(out);
        Files.write(out.resolve("refresh.txt"), refreshTexts, StandardCharsets.US_ASCII);
        Files.write(out.resolve("access.txt"), accessTexts, StandardCharsets.US_ASCII);
        long seeded = System.nanoTime();
        if (conf.get("analyze").equals("1")) analyze(c);
        long expiredRows = rows.stream().filter(r -> r.expiresAt < now).count();
        System.out.printf("seeded %d tokens (%d expired, %d revoked, %d rotated) and %d grants for %d users in %.1f s (statistics %.1f s)%n",
                rows.size(), expiredRows, rows.stream().filter(r -> r.revokedAt != null).count(),
                rows.stream().filter(r -> r.rotatedAt != null).count(), grants.size(), users.size(),
                (seeded - started) / 1e9, (System.nanoTime() - seeded) / 1e9);
    }

    private static final class Token {
        static final String ACCESS = "access", REFRESH = "refresh";
    }

    /** The applications' settings as the server stored them. */
    private static List<App> apps(Connection c, String clientIds) throws SQLException {
        List<App> apps = new ArrayList<>();
        for (String id : clientIds.split(",")) {
            if (id.isBlank()) continue;
            try (PreparedStatement p = c.prepareStatement("SELECT client_id, client_credentials_user, auth_scopes, token_format, "
                    + "access_token_lifespan, refresh_token_lifespan FROM oauth_entity WHERE client_id = ?")) {
                p.setString(1, id.trim());
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) throw new IllegalArgumentException("no application " + id);
                    String scopes = r.getString(3) == null ? "" : String.join(" ", r.getString(3).strip().split("\\s*\n\\s*"));
                    apps.add(new App(r.getString(1), r.getString(2), scopes, r.getString(4), r.getInt(5), r.getInt(6)));
                }
            }
        }
        return apps;
    }

    /** The demo's active users and {@code extra} seeded ones (no password: they never log in here). */
    private List<String> users(Connection c, int extra) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO sys_user (sys_id, user_name, roles, active, locked_out, failed_attempts, "
                + "sys_created_on, sys_updated_on, sys_created_by, sys_updated_by, sys_mod_count) VALUES (?, ?, 'itil', TRUE, FALSE, 0, ?, ?, 'growth-bench', 'growth-bench', 0)")) {
            for (int i = 0; i < extra; i++) {
                String id = timeOrderedId(now - DAY * 60);
                p.setString(1, id);
                p.setString(2, String.format("growth.user.%05d.%s", i, id.substring(24)));
                p.setLong(3, now - DAY * 60);
                p.setLong(4, now - DAY * 60);
                p.addBatch();
            }
            if (extra > 0) p.executeBatch();
        }
        c.commit();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT sys_id FROM sys_user WHERE active = TRUE AND locked_out = FALSE AND user_name <> 'admin' ORDER BY sys_id")) {
            while (r.next()) ids.add(r.getString(1));
        }
        if (ids.isEmpty()) throw new IllegalStateException("no active users");
        return ids;
    }

    private void insertGrants(Connection c, List<Object[]> grants) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO oauth_grant (id, client_id, user_sys_id, scopes, grant_type, created_at, revoked_at, auth_time) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Object[] g : grants) {
                for (int i = 0; i < 5; i++) p.setString(i + 1, (String) g[i]);
                p.setLong(6, (Long) g[5]);
                setLong(p, 7, (Long) g[6]);
                setLong(p, 8, (Long) g[7]);
                p.addBatch();
                if (++n % 1000 == 0) p.executeBatch();
                if (n % 20_000 == 0) c.commit();
            }
            p.executeBatch();
        }
        c.commit();
    }

    private void insertTokens(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO oauth_token (token_hash, kind, format, jti, grant_id, client_id, user_sys_id, scopes, "
                + "issued_at, expires_at, revoked_at, rotated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Row r : rows) {
                p.setString(1, r.hash);
                p.setString(2, r.kind);
                p.setString(3, r.format);
                p.setString(4, r.jti);
                p.setString(5, r.grantId);
                p.setString(6, r.clientId);
                p.setString(7, r.userSysId);
                p.setString(8, r.scopes);
                p.setLong(9, r.issuedAt);
                p.setLong(10, r.expiresAt);
                setLong(p, 11, r.revokedAt);
                setLong(p, 12, r.rotatedAt);
                p.addBatch();
                if (++n % 1000 == 0) p.executeBatch();
                if (n % 20_000 == 0) c.commit();
            }
            p.executeBatch();
        }
        c.commit();
    }

    private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) p.setNull(i, Types.BIGINT);
        else p.setLong(i, v);
    }

    /** As Derby's istat daemon and PostgreSQL's autovacuum would do after this many new rows. */
    private static void analyze(Connection c) throws SQLException {
        boolean derby = c.getMetaData().getDatabaseProductName().toLowerCase().contains("derby");
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (String table : List.of("oauth_token", "oauth_grant", "sys_user")) {
                if (derby) s.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('" + c.getSchema() + "', '" + table.toUpperCase() + "', NULL)");
                else s.execute("ANALYZE " + table);
            }
        }
    }

    private String lastText;

    /** An opaque token as IssuedTokens.newOpaque makes one, stored under IssuedTokens.key (its text kept in lastText). */
    private Row opaque(String kind, App app, String grantId, String user, long issued, long expires, Long revokedAt) {
        String time = String.format("%012x", issued & 0xFFFF_FFFF_FFFFL);
        lastText = time + B64URL.encodeToString(bytes(32));
        Row r = row(kind, "opaque", app, grantId, user, issued, expires, revokedAt);
        r.hash = time + B64URL.encodeToString(sha256.digest(lastText.getBytes(StandardCharsets.US_ASCII)));
        return r;
    }

    /** A JWT access token's row: its jti a time-ordered id, its key that time and the SHA-256 of a (here unsigned) text. */
    private Row jwt(App app, String grantId, long issued, long expires, Long revokedAt) {
        Row r = row(Token.ACCESS, "jwt", app, grantId, app.userSysId(), issued, expires, revokedAt);
        r.jti = timeOrderedId(issued);
        r.hash = r.jti.substring(0, 12) + B64URL.encodeToString(sha256.digest(bytes(400)));
        return r;
    }

    private static Row row(String kind, String format, App app, String grantId, String user, long issued, long expires, Long revokedAt) {
        Row r = new Row();
        r.kind = kind;
        r.format = format;
        r.grantId = grantId;
        r.clientId = app.clientId();
        r.userSysId = user;
        r.scopes = app.scopes();
        r.issuedAt = issued;
        r.expiresAt = expires;
        r.revokedAt = revokedAt != null && revokedAt >= issued ? revokedAt : revokedAt == null ? null : issued;
        return r;
    }

    /** Secrets.timeOrderedId: 48 bits of milliseconds, then 80 random bits, as 32 hex digits. */
    private String timeOrderedId(long millis) {
        byte[] b = bytes(16);
        for (int i = 0; i < 6; i++) b[i] = (byte) (millis >>> (40 - 8 * i));
        return HexFormat.of().formatHex(b);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
