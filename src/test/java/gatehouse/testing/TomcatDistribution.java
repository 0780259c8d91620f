package gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Apache Tomcat distribution Maven unpacks into target/ ({@code gatehouse.test.tomcat.home}), started the way
 * an administrator runs it, with its own CATALINA_BASE in target/it: conf/ from the distribution plus a loopback
 * server.xml on a free port, extra lines for conf/catalina.properties, a context file as
 * {@code conf/Catalina/localhost/ROOT.xml}, jars for Tomcat's lib/ and {@code target/gatehouse.war} as
 * {@code webapps/ROOT.war}. Gatehouse settings are system properties of Tomcat's JVM, except the secret ones
 * ({@link SecretSettings}): those are its environment variables. Output goes to {@code target/it/logs/tomcat-NAME.log}.
 */
public final class TomcatDistribution implements Deployment {
    private final Process process;
    private final int port;
    private final Path log;
    private final Path base;

    private TomcatDistribution(Process process, int port, Path log, Path base) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.base = base;
    }

    public static TomcatDistribution start(String name, Path contextXml, Map<String, String> catalinaProperties,
                                           List<Path> libs, Map<String, String> systemProperties) {
        Path home = Path.of(System.getProperty("gatehouse.test.tomcat.home", "target/apache-tomcat-10.1.59")).toAbsolutePath();
        Path war = Path.of(System.getProperty("gatehouse.test.webapp", "target/gatehouse") + ".war").toAbsolutePath();
        int port = Postgres.freePort();
        try {
            Path base = TestServer.workDir().resolve("tomcat-dist-" + name + "-" + ProcessHandle.current().pid()).toAbsolutePath();
            for (String dir : List.of("conf/Catalina/localhost", "lib", "logs", "temp", "webapps", "work"))
                Files.createDirectories(base.resolve(dir));
            for (String f : List.of("web.xml", "logging.properties", "catalina.policy"))
                Files.copy(home.resolve("conf").resolve(f), base.resolve("conf").resolve(f), StandardCopyOption.REPLACE_EXISTING);
            StringBuilder props = new StringBuilder(Files.readString(home.resolve("conf/catalina.properties"))).append('\n');
            catalinaProperties.forEach((k, v) -> props.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
            Files.writeString(base.resolve("conf/catalina.properties"), props);
            Files.writeString(base.resolve("conf/server.xml"), shippedServerXml(port));
            Files.copy(contextXml, base.resolve("conf/Catalina/localhost/ROOT.xml"), StandardCopyOption.REPLACE_EXISTING);
            for (Path lib : libs) Files.copy(lib, base.resolve("lib").resolve(lib.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(war, base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);

            Path log = Files.createDirectories(TestServer.workDir().resolve("logs")).resolve("tomcat-" + name + ".log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                    "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                    "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp")));
            SecretSettings.open(systemProperties).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(List.of("-cp", home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"),
                    "org.apache.catalina.startup.Bootstrap", "start"));
            ProcessBuilder pb = new ProcessBuilder(SecretSettings.refuseOnCommandLine(cmd, systemProperties)).redirectErrorStream(true).directory(base.toFile());
            pb.environment().putAll(SecretSettings.environment(systemProperties));   // secret settings: never on the command line
            Process process = pb.start();
            Thread pump = new Thread(() -> pump(process, log), "tomcat-log-" + name);
            pump.setDaemon(true);
            pump.start();
            TomcatDistribution t = new TomcatDistribution(process, port, log, base);
            t.awaitHealthAnswer();
            return t;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shipped {@code server-config/tomcat/server.xml}, on loopback port {@code port} and without a shutdown port
     * (the test stops Tomcat with SIGTERM); everything else as shipped.
     */
    static String shippedServerXml(int port) throws IOException {
        Path shipped = Path.of(System.getProperty("gatehouse.test.server.config", "server-config"), "tomcat", "server.xml");
        String xml = Files.readString(shipped);
        String changed = xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
        if (changed.equals(xml) || !changed.contains("port=\"" + port + "\"")) throw new IllegalStateException(shipped + " has no Connector port=\"8080\"");
        return changed;
    }

    /** Waits until /health answers at all (Gatehouse deployed), up to ten minutes (a loaded machine). */
    private void awaitHealthAnswer() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + 600_000;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 404) return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        close();
        throw new IllegalStateException("Tomcat did not serve Gatehouse; see " + log + "\n" + logText());
    }

    private static void pump(Process process, Path log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    @Override
    public String name() { return "Apache Tomcat " + System.getProperty("gatehouse.test.tomcat.version", "10.1"); }

    @Override
    public String baseUrl() { return "http://127.0.0.1:" + port; }

    @Override
    public String logText() { return LogFile.text(log); }

    /** CATALINA_BASE/logs: what Tomcat's own JULI file handlers write ({@code catalina.DATE.log}, …). */
    public Path logsFolder() { return base.resolve("logs"); }

    @Override
    public void close() {
        process.destroy();   // SIGTERM: Tomcat's shutdown hook stops it cleanly
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
