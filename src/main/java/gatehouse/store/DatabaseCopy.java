package gatehouse.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies everything from an embedded Derby data folder into an empty PostgreSQL database (README "From embedded Derby
 * to PostgreSQL"): every table the migrations made, row for row and byte for byte (signing keys and outbound secrets
 * stay sealed under the same master key), in one PostgreSQL transaction, then compares the row counts of every table.
 *
 * <p>The data folder is never opened in place: Derby writes to a database it opens (its log, its locks), so the folder is
 * first copied to a temporary one, brought to this build's schema version there, and read from the copy. The target
 * must be empty (no Gatehouse table with a row); it gets this build's schema, and {@code schema_version} as migrated.
 */
public final class DatabaseCopy {
    /** Rows per JDBC batch. */
    private static final int BATCH = 500;

    public record Result(Map<String, Long> rows) {
        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private DatabaseCopy() { }

    /**
     * @param dataFolder the embedded Derby data folder ({@code gatehouse.data.dir}: it holds {@code db/})
     * @throws IllegalStateException (with a message for the operator) when the source is missing, the target not empty,
     *                               or the counts differ after the copy (then nothing was committed)
     */
    public static Result copy(Path dataFolder, String targetUrl, String user, String password, PrintStream out) throws SQLException, IOException {
        Path db = dataFolder.toAbsolutePath().normalize().resolve("db");
        if (!Files.isRegularFile(db.resolve("service.properties")))
            throw new IllegalStateException("no embedded Derby database in " + dataFolder + " (expected " + db + ")");
        if (!targetUrl.startsWith("jdbc:postgresql:")) throw new IllegalStateException("the target must be a jdbc:postgresql: URL");
        refuseInUse(db);
        Path copy = Files.createTempDirectory("gatehouse-copy-");
        try {
            copyTree(db, copy.resolve("db"));
            Files.deleteIfExists(copy.resolve("db").resolve("db.lck"));
            Files.deleteIfExists(copy.resolve("db").resolve("dbex.lck"));
            try {
                Class.forName("org.apache.derby.jdbc.EmbeddedDriver");
                Class.forName("org.postgresql.Driver");
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("JDBC driver missing: " + e.getMessage(), e);
            }
            String sourceUrl = "jdbc:derby:" + copy.resolve("db");
            try (Connection source = DriverManager.getConnection(sourceUrl);
                 Connection target = user == null ? DriverManager.getConnection(targetUrl) : DriverManager.getConnection(targetUrl, user, password)) {
                new Migrations().apply(source);
                List<String> tables = tables(source);
                refuseNonEmpty(target, tables);
                new Migrations().apply(target);
                target.setAutoCommit(false);
                Map<String, Long> rows = new LinkedHashMap<>();
                try {
                    for (String table : tables) {
                        if (table.equals("schema_version")) continue;
                        try (Statement clear = target.createStatement()) {
                            clear.executeUpdate("DELETE FROM " + table);   // the migrations' own rows: the source has them too
                        }
                        rows.put(table, copyTable(source, target, table));
                        out.println("  " + table + ": " + rows.get(table) + " rows");
                    }
                    for (Map.Entry<String, Long> e : rows.entrySet()) {
                        long there = count(target, e.getKey());
                        if (there != e.getValue())
                            throw new IllegalStateException("table " + e.getKey() + ": " + e.getValue() + " rows read but " + there + " in the target");
                    }
                    target.commit();
                } catch (SQLException | RuntimeException e) {
                    target.rollback();
                    throw e;
                }
                return new Result(rows);
            } finally {
                try {
                    DriverManager.getConnection("jdbc:derby:" + copy.resolve("db") + ";shutdown=true").close();
                } catch (SQLException expected) {
                    // Derby reports a shut-down database as an exception
                }
            }
        } finally {
            deleteTree(copy);
        }
    }

    /** The Gatehouse tables of the source (Derby's default schema), lower case. */
    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet r = md.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (r.next()) tables.add(r.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
        tables.sort(null);
        return tables;
    }

    /**
     * Refuses a target where Gatehouse has run or data was copied: one with a user (every first start creates
     * {@code admin}) or any row in the tables the migrations leave empty. A freshly migrated database (only the
     * migrations' own rows, such as the number counters) counts as empty: those rows are replaced by the source's.
     */
    private static void refuseNonEmpty(Connection target, List<String> tables) throws SQLException {
        for (String table : List.of("sys_user", "oauth_entity", "incident", "oauth_token", "signing_key")) {
            if (!tables.contains(table)) continue;
            long n;
            try {
                n = count(target, table);
            } catch (SQLException noSuchTable) {
                continue;                   // auto-commit: nothing to roll back
            }
            if (n > 0) throw new IllegalStateException("the target database is not empty (table " + table + " has " + n
                    + " rows); copy into a new, empty database");
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Derby holds a lock on {@code dbex.lck} while it has the database open: then the folder is in use, and a copy of it torn. */
    private static void refuseInUse(Path db) throws IOException {
        Path lock = db.resolve("dbex.lck");
        if (!Files.exists(lock)) return;
        try (var channel = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE)) {
            var held = channel.tryLock();
            if (held == null) throw new IllegalStateException("the database in " + db + " is open (is Gatehouse running on it?); stop it first");
            held.release();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new IllegalStateException("the database in " + db + " is open in this process; stop it first");
        }
    }

    private static long copyTable(Connection source, Connection target, String table) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = r.getMetaData();
            int n = md.getColumnCount();
            StringBuilder cols = new StringBuilder(), marks = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                if (i > 1) {
                    cols.append(", ");
                    marks.append(", ");
                }
                cols.append(md.getColumnName(i).toLowerCase(Locale.ROOT));
                marks.append('?');
            }
            long rows = 0;
            try (PreparedStatement insert = target.prepareStatement("INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")")) {
                while (r.next()) {
                    for (int i = 1; i <= n; i++) {
                        switch (md.getColumnType(i)) {
                            case Types.BLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
                                byte[] b = r.getBytes(i);
                                if (b == null) insert.setNull(i, Types.BINARY);
                                else insert.setBytes(i, b);
                            }
                            case Types.CLOB, Types.LONGVARCHAR, Types.VARCHAR, Types.CHAR -> insert.setString(i, r.getString(i));
                            case Types.BOOLEAN, Types.BIT -> {
                                boolean v = r.getBoolean(i);
                                if (r.wasNull()) insert.setNull(i, Types.BOOLEAN);
                                else insert.setBoolean(i, v);
                            }
                            default -> {
                                Object v = r.getObject(i);
                                if (v == null) insert.setNull(i, md.getColumnType(i));
                                else insert.setObject(i, v);
                            }
                        }
                    }
                    insert.addBatch();
                    if (++rows % BATCH == 0) insert.executeBatch();
                }
                insert.executeBatch();
            }
            return rows;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }

    /**
     * {@code java -cp 'WEB-INF/classes:WEB-INF/lib/*' gatehouse.store.DatabaseCopy DATA_FOLDER JDBC_URL [USER]}, the
     * password in the environment variable {@code GATEHOUSE_DB_PASSWORD} (never on the command line). Exit 0 when copied
     * and counted, 1 with one line saying why otherwise.
     */
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: DatabaseCopy DATA_FOLDER jdbc:postgresql://HOST:PORT/DB [USER]   (password in GATEHOUSE_DB_PASSWORD)");
            System.exit(2);
        }
        try {
            System.out.println("Copying embedded Derby in " + args[0] + " to " + args[1].replaceAll("\\?.*", ""));
            Result r = copy(Path.of(args[0]), args[1], args.length > 2 ? args[2] : null, System.getenv("GATEHOUSE_DB_PASSWORD"), System.out);
            System.out.println("Copied " + r.total() + " rows in " + r.rows().size() + " tables; the counts match. " + args[0] + " is unchanged.");
            System.out.println("Start the nodes on PostgreSQL with gatehouse.master.key set to the data folder's key: the content of "
                    + Path.of(args[0]).resolve(gatehouse.keys.MasterKey.FILE_NAME) + " (unless gatehouse.master.key was already set).");
            System.exit(0);
        } catch (IllegalStateException | SQLException | IOException e) {
            System.err.println("Nothing was copied: " + e.getMessage());
            System.exit(1);
        }
    }
}
