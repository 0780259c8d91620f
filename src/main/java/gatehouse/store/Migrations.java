package gatehouse.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Versioned schema: {@code db/migrations.txt} lists SQL files by version; each is applied once, in order,
 * in its own transaction, and recorded in {@code schema_version} (a version not recorded there is applied, even
 * below the highest one recorded: versions are handed out to work merged in any order). Nodes starting together take a table
 * lock on {@code schema_version}, so exactly one of them migrates. The files are portable SQL (Derby and
 * PostgreSQL), but for {@code ${BINARY}}: {@code BLOB} on Derby, {@code BYTEA} on PostgreSQL.
 */
final class Migrations {
    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    record Migration(int version, String file) { }

    void apply(Connection c) throws SQLException {
        createVersionTable(c);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
            }
            java.util.Set<Integer> applied = appliedVersions(c);
            String binary = binaryType(c);
            for (Migration m : list()) {
                // by set, not by the highest version: a lower number merged after a higher one still runs
                if (applied.contains(m.version())) continue;
                for (String sql : statements(m.file())) {
                    sql = sql.replace("${BINARY}", binary);
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException("migration " + m.file() + " failed at: " + sql.lines().findFirst().orElse(sql) + ": " + e.getMessage(), e);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.file());
                    p.setLong(3, System.currentTimeMillis());
                    p.executeUpdate();
                }
                LOG.info("Gatehouse schema migrated to version " + m.version() + " (" + m.file() + ")");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The one type that differs between the two databases: binary data of any length ({@code ${BINARY}} in a file). */
    private static String binaryType(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("derby") ? "BLOB" : "BYTEA";
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    /** The versions recorded in schema_version: a listed one missing there is applied, even below the newest. */
    static java.util.Set<Integer> appliedVersions(Connection c) throws SQLException {
        java.util.Set<Integer> out = new java.util.HashSet<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT version FROM schema_version")) {
            while (r.next()) out.add(r.getInt(1));
        }
        return out;
    }

    private static void createVersionTable(Connection c) throws SQLException {
        if (hasVersionTable(c)) return;
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(200), applied_at BIGINT NOT NULL)");
        } catch (SQLException raced) {
            // another node created it between our look and our create: fine if it exists now
            if (!hasVersionTable(c)) throw raced;
        }
        if (!c.getAutoCommit()) c.commit();
    }

    /**
     * Whether schema_version exists (a plain query: Derby's metadata queries are compiled on first use, slowly).
     * Called in auto-commit mode, before the migrations' transaction, so a failed query spoils nothing.
     */
    private static boolean hasVersionTable(Connection c) {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            return r.next();
        } catch (SQLException missing) {
            return false;
        }
    }

    static List<Migration> list() {
        List<Migration> out = new ArrayList<>();
        for (String line : lines("db/migrations.txt")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] parts = t.split("\\s+");
            out.add(new Migration(Integer.parseInt(parts[0]), parts[1]));
        }
        return out;
    }

    /** The statements of one SQL file: split on ';' at line ends, comments dropped. */
    static List<String> statements(String file) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines("db/" + file)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) continue;
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) out.add(current.toString().strip());
        return out;
    }

    private static List<String> lines(String resource) {
        InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) throw new IllegalStateException("missing resource " + resource);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
