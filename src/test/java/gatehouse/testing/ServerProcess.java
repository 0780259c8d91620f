package gatehouse.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Gatehouse server in its own JVM: the built WAR in embedded Tomcat ({@link Launcher}) on a free
 * loopback port. Its own process, as in production: its class path holds only Tomcat, and a restart
 * is a real restart. Output goes to {@code target/it/logs/NAME.log}.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final int httpsPort;
    private final Path log;

    private ServerProcess(Process process, int port, int httpsPort, Path log) {
        this.process = process;
        this.port = port;
        this.httpsPort = httpsPort;
        this.log = log;
    }

    public static ServerProcess start(String name, Path webapp, Path workDir, Map<String, String> settings) {
        return start(name, webapp, workDir, settings, 0, List.of());
    }

    /** As above on a given port (0: a free one), e.g. a node behind a load balancer that must come back where it was. */
    public static ServerProcess start(String name, Path webapp, Path workDir, Map<String, String> settings, int listenPort) {
        return start(name, webapp, workDir, settings, listenPort, List.of());
    }

    /** With more {@link Launcher} options, e.g. {@code --https-port 0}. */
    public static ServerProcess start(String name, Path webapp, Path workDir, Map<String, String> settings, List<String> launcherArgs) {
        return start(name, webapp, workDir, settings, 0, launcherArgs);
    }

    /** On a given port (0: a free one) with more {@link Launcher} options. */
    public static ServerProcess start(String name, Path webapp, Path workDir, Map<String, String> settings, int listenPort,
                                      List<String> launcherArgs) {
        try {
            Path logs = Files.createDirectories(workDir.resolve("logs"));
            Path log = logs.resolve(name + ".log");
            Path props = workDir.resolve("settings-" + name + ".properties");
            for (gatehouse.config.Settings.Definition d : gatehouse.config.Settings.DEFINITIONS)
                if (d.secret() && settings.get(d.name()) != null) SeenSecrets.record("setting " + d.name(), settings.get(d.name()));
            Properties p = new Properties();
            p.putAll(settings);
            try (var out = Files.newBufferedWriter(props)) {
                p.store(out, "settings of test server " + name);
            }
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.awt.headless=true", "-cp", launcherClassPath(), Launcher.class.getName(),
                    "--port", Integer.toString(listenPort), "--webapp", webapp.toAbsolutePath().toString(),
                    "--base", workDir.resolve("tomcat-" + name).toAbsolutePath().toString(),
                    "--settings", props.toAbsolutePath().toString()));
            cmd.addAll(launcherArgs);
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            int[] https = {-1};
            Thread pump = new Thread(() -> pump(process, log, port, https), "server-log-" + name);
            pump.setDaemon(true);
            pump.start();
            Integer p0 = null;
            try {
                p0 = port.get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
            if (p0 == null || p0 < 0) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Gatehouse did not start; last lines of " + log + ":\n" + LogFile.tail(log, 40));
            }
            return new ServerProcess(process, p0, https[0], log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<Integer> port, int[] https) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith(Launcher.HTTPS_LINE)) https[0] = Integer.parseInt(line.substring(Launcher.HTTPS_LINE.length()).trim());
                if (line.startsWith(Launcher.STARTED_LINE)) port.complete(Integer.parseInt(line.substring(Launcher.STARTED_LINE.length()).trim()));
            }
        } catch (IOException ignored) {
            // the process ended
        }
        port.complete(-1);
    }

    /** The test JVM's class path entries that make up an embedded Tomcat, plus the Launcher itself. */
    private static String launcherClassPath() {
        List<String> keep = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String f = new File(entry).getName();
            if (f.startsWith("tomcat-embed-") || f.startsWith("tomcat-annotations-api") || f.startsWith("ecj-")
                    || entry.endsWith("test-classes") || entry.endsWith("test-classes/")) keep.add(entry);
        }
        return String.join(File.pathSeparator, keep);
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public int port() { return port; }

    public String baseUrl() { return "http://127.0.0.1:" + port; }

    /** {@code https://localhost:PORT} when started with {@code --https-port}, else null. */
    public String httpsUrl() { return httpsPort < 0 ? null : "https://localhost:" + httpsPort; }

    public Path log() { return log; }

    public String logText() { return LogFile.text(log); }

    /** {@code kill -9}: the JVM ends at once, mid-request, with nothing flushed or closed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
