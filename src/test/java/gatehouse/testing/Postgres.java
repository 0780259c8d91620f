package gatehouse.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for tests: Debian's binaries ({@code /usr/lib/postgresql/N/bin}, or the folder
 * in {@code GATEHOUSE_PG_BIN}), a fresh cluster made by {@code initdb} in a temporary folder, listening only on
 * 127.0.0.1 on a free port. PostgreSQL refuses to run as root, so as root every command runs as the
 * {@code postgres} user ({@code runuser}). Databases are created with the shipped
 * {@code server-config/postgresql/create-database.sql}, so the test also proves that script.
 */
public final class Postgres implements AutoCloseable {
    public static final String SUPERUSER_PASSWORD = "pg-test-superuser-pw";
    private final Path bin;
    private final Path base;
    private final int port;
    private final boolean asRoot;

    private Postgres(Path bin, Path base, int port, boolean asRoot) {
        this.bin = bin;
        this.base = base;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** The folder holding initdb and pg_ctl, if PostgreSQL server binaries are installed. */
    public static Optional<Path> binaries() {
        String given = System.getenv("GATEHOUSE_PG_BIN");
        if (given != null && !given.isBlank()) return Optional.of(Path.of(given)).filter(Postgres::hasServer);
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return Optional.empty();
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(Postgres::hasServer)
                    .max(Comparator.comparingInt(Postgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Why PostgreSQL tests cannot run here, or empty when they can. */
    public static Optional<String> unavailableReason() {
        if (binaries().isEmpty())
            return Optional.of("PostgreSQL server binaries not found (/usr/lib/postgresql/N/bin or GATEHOUSE_PG_BIN); install Debian's 'postgresql' package (.ci/run does)");
        if (isRoot() && !Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser")))
            return Optional.of("running as root, but runuser is missing (PostgreSQL refuses to run as root)");
        return Optional.empty();
    }

    private static boolean hasServer(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("psql"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * For a test class's {@code @BeforeAll}: {@link #start()}, or, where PostgreSQL's server binaries are missing, skip
     * the class with the reason (fail instead under CI, {@code CI=true}, where .ci/run installs them).
     */
    public static Postgres startOrSkip() {
        Optional<String> missing = unavailableReason();
        if (missing.isPresent()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) org.junit.jupiter.api.Assertions.fail("PostgreSQL tests must run in CI: " + missing.get());
            org.junit.jupiter.api.Assumptions.abort(missing.get());
        }
        return start();
    }

    /** initdb + start on a free loopback port. */
    public static Postgres start() {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(unavailableReason().orElse("no PostgreSQL")));
        try {
            Path base = Files.createTempDirectory("gatehouse-pg-");
            Files.writeString(base.resolve("pwfile"), SUPERUSER_PASSWORD + "\n");
            boolean root = isRoot();
            Postgres pg = new Postgres(bin, base, freePort(), root);
            if (root) pg.run(List.of("chown", "-R", "postgres:postgres", base.toString()), false, null);
            pg.run(List.of(bin.resolve("initdb").toString(), "-D", base.resolve("data").toString(), "-U", "postgres",
                    "--pwfile=" + base.resolve("pwfile"), "--auth-local=trust", "--auth-host=scram-sha-256",
                    "-E", "UTF8", "--no-locale", "--no-sync"), true, null);
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void startServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(),
                "-l", base.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                "start"), true, null);
    }

    /** Stops the server (its connections are cut), keeping the cluster for {@link #restart()}: a database outage. */
    public void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "fast", "-w", "stop"), true, null);
    }

    /** Starts the server stopped by {@link #stop()} again, on the same port with the same data. */
    public void restart() {
        startServer();
    }

    /**
     * Creates a role and a database with the shipped server-config/postgresql/create-database.sql. The password is set
     * by a {@code \set} line read before the script on psql's standard input, not {@code -v password=…}: no password on
     * a command line (which {@link #run} names when it fails, and {@code ps} shows).
     */
    public void createDatabase(String role, String database, String password) {
        Path script = Path.of(System.getProperty("gatehouse.test.server.config", "server-config"), "postgresql", "create-database.sql");
        SeenSecrets.record("PostgreSQL password of role " + role, password);
        Path input = base.resolve("create-database-" + role + ".input");
        try {
            Files.writeString(input, "\\set password '" + password.replace("'", "''") + "'\n" + Files.readString(script), StandardCharsets.UTF_8);
            run(List.of(bin.resolve("psql").toString(), "-X", "-q", "-h", base.toString(), "-p", Integer.toString(port), "-U", "postgres",
                    "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-v", "role=" + role, "-v", "database=" + database), true, input);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(input);
            } catch (IOException ignored) {
                // left in the test work folder
            }
        }
    }

    public int port() { return port; }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A JDBC connection over TCP with a password, as Gatehouse connects. */
    public Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    public String serverLog() {
        try {
            return Files.readString(base.resolve("server.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "fast", "-w", "stop"), true, null);
        } finally {
            run(List.of("rm", "-rf", base.toString()), false, null);
        }
    }

    private void run(List<String> command, boolean asPostgres, Path stdin) {
        List<String> cmd = new ArrayList<>();
        if (asPostgres && asRoot) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(command);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(base.toFile());
            if (stdin != null) pb.redirectInput(stdin.toFile());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0)
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                        + new String(out, StandardCharsets.UTF_8) + "\n" + serverLog());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
