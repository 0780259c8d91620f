package gatehouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gatehouse servers for HTTP tests: the real WAR in a real (embedded) Tomcat, in its own JVM, on a free
 * loopback port, each with its own data folder. {@link #shared()} is one server for the whole test run.
 */
public final class TestServer {
    public static final String ADMIN_PASSWORD = "admin-test-password-1";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static ServerProcess shared;

    private TestServer() { }

    /** The server most tests share: demo data, admin password {@link #ADMIN_PASSWORD}. */
    public static synchronized ServerProcess shared() {
        if (shared == null) {
            shared = start("shared", Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new server with its own empty data folder; {@code settings} add to or override the test defaults. */
    public static ServerProcess start(String name, Map<String, String> settings) {
        return startIn(newDataDir(name), settings);
    }

    /** A new server that also serves https (the run command's self-signed certificate, {@link LaunchTls}). */
    public static ServerProcess startHttps(String name, Map<String, String> settings) {
        return startIn(newDataDir(name), settings, java.util.List.of("--https-port", "0"));
    }

    /** A server on an existing data folder (to prove that data survives a restart). */
    public static ServerProcess startIn(Path dataDir, Map<String, String> settings) {
        return startIn(dataDir, settings, 0, java.util.List.of());
    }

    /** As above on a given port (0: a free one). */
    public static ServerProcess startIn(Path dataDir, Map<String, String> settings, int port) {
        return startIn(dataDir, settings, port, java.util.List.of());
    }

    /** A server on {@code dataDir} with more {@link Launcher} options ({@code --https-port 0}, {@code --keystore FILE}, …). */
    public static ServerProcess startIn(Path dataDir, Map<String, String> settings, java.util.List<String> launcherArgs) {
        return startIn(dataDir, settings, 0, launcherArgs);
    }

    private static ServerProcess startIn(Path dataDir, Map<String, String> settings, int port, java.util.List<String> launcherArgs) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("gatehouse.data.dir", dataDir.toAbsolutePath().toString());
        all.put("gatehouse.admin.password", ADMIN_PASSWORD);
        all.put("gatehouse.demo", "true");
        all.put("gatehouse.password.iterations", "20000");
        all.putAll(settings);
        return ServerProcess.start(dataDir.getFileName() + "-" + COUNTER.incrementAndGet(), webapp(), workDir(), all, port, launcherArgs);
    }

    public static Path newDataDir(String name) {
        Path dir = workDir().resolve("data-" + name + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return dir;
    }

    static Path webapp() {
        return Path.of(System.getProperty("gatehouse.test.webapp", "target/gatehouse"));
    }

    static Path workDir() {
        return Path.of(System.getProperty("gatehouse.test.workdir", "target/it"));
    }
}
