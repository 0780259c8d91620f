package gatehouse.testing;

import java.io.IOException;
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
import java.util.stream.Stream;

/**
 * Payara Server 6 from the distribution Maven unpacks into target/ ({@code gatehouse.test.payara.home}), run the
 * way an administrator runs it: a copy of its {@code domain1} in target/it with every listener on a free port
 * (HTTP and admin on 127.0.0.1, Hazelcast off), the Gatehouse settings as JVM options of the domain (the secret ones
 * as environment variables of {@code asadmin start-domain}, which the server's JVM inherits: never in domain.xml, whose
 * JVM options Payara logs),
 * {@code asadmin start-domain}, then {@code asadmin deploy --contextroot /} of {@code target/gatehouse-payara.war}.
 * {@link #close()} undeploys (and checks that Gatehouse's endpoints are gone) and stops the domain. The server's log is the
 * domain's {@code logs/server.log}; asadmin's output goes to {@code target/it/logs/payara-server-NAME.log}.
 */
public final class PayaraServer implements Deployment {
    private static final String DOMAIN = "domain1";
    private static final String APP = "gatehouse";
    private final Path home;
    private final Path domains;
    private final int httpPort;
    private final int adminPort;
    private final Path asadminLog;
    private final Map<String, String> secretEnv;
    private boolean closed;

    private PayaraServer(Path home, Path domains, int httpPort, int adminPort, Path asadminLog, Map<String, String> secretEnv) {
        this.secretEnv = secretEnv;
        this.home = home;
        this.domains = domains;
        this.httpPort = httpPort;
        this.adminPort = adminPort;
        this.asadminLog = asadminLog;
    }

    public static PayaraServer start(String name, Map<String, String> systemProperties) {
        Path home = Path.of(System.getProperty("gatehouse.test.payara.home", "target/payara6")).toAbsolutePath();
        Path war = Path.of(System.getProperty("gatehouse.test.payara.war", "target/gatehouse-payara.war")).toAbsolutePath();
        Path template = home.resolve("glassfish/domains").resolve(DOMAIN);
        if (!Files.isDirectory(template) || !Files.isRegularFile(war))
            throw new IllegalStateException("need " + template + " and " + war + ": run 'mvn verify' (pre-integration-test unpacks them)");
        try {
            Path domains = TestServer.workDir().resolve("payara-server-" + name + "-" + ProcessHandle.current().pid()).toAbsolutePath();
            copyTree(template, domains.resolve(DOMAIN));
            int http = Postgres.freePort();
            int admin = Postgres.freePort();
            Path config = domains.resolve(DOMAIN).resolve("config/domain.xml");
            Files.writeString(config, configure(Files.readString(config), http, admin, SecretSettings.open(systemProperties)));
            Path log = Files.createDirectories(TestServer.workDir().resolve("logs")).resolve("payara-server-" + name + ".log");
            Files.deleteIfExists(log);
            PayaraServer p = new PayaraServer(home, domains, http, admin, log, SecretSettings.environment(systemProperties));
            Runtime.getRuntime().addShutdownHook(new Thread(p::stopDomain));
            try {
                p.asadmin(600, "start-domain", "--domaindir", domains.toString(), DOMAIN);
                p.asadmin(600, "--port", Integer.toString(admin), "deploy", "--contextroot", "/", "--name", APP, war.toString());
            } catch (RuntimeException e) {
                p.stopDomain();   // the domain may be up even when asadmin gave up waiting for it
                throw e;
            }
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * domain1's {@code server-config}: its listeners (written with literal ports, unlike {@code default-config}) on
     * free ports, HTTP and admin on loopback only, Hazelcast off (one server, no cluster), and the settings.
     */
    static String configure(String xml, int http, int admin, Map<String, String> systemProperties) {
        String x = xml.replace("port=\"8080\" protocol=\"http-listener-1\"", "address=\"127.0.0.1\" port=\"" + http + "\" protocol=\"http-listener-1\"")
                .replace("port=\"8181\" protocol=\"http-listener-2\"", "address=\"127.0.0.1\" port=\"" + Postgres.freePort() + "\" protocol=\"http-listener-2\"")
                .replace("port=\"4848\" protocol=\"admin-listener\"", "address=\"127.0.0.1\" port=\"" + admin + "\" protocol=\"admin-listener\"");
        for (String fixed : List.of("port=\"3700\"", "port=\"3820\"", "port=\"3920\"", "port=\"8686\""))
            x = x.replace(fixed, "port=\"" + Postgres.freePort() + "\"");
        x = x.replace("name=\"JMS_PROVIDER_PORT\" value=\"7676\"", "name=\"JMS_PROVIDER_PORT\" value=\"" + Postgres.freePort() + "\"")
                .replace("-Dosgi.shell.telnet.port=6666", "-Dosgi.shell.telnet.port=" + Postgres.freePort())
                .replace("<hazelcast-config-specific-configuration></hazelcast-config-specific-configuration>",
                        "<hazelcast-config-specific-configuration enabled=\"false\"></hazelcast-config-specific-configuration>");
        systemProperties.keySet().stream().filter(SecretSettings::secret).findFirst().ifPresent(k -> {
            throw new IllegalStateException("secret setting " + k + " as a JVM option in domain.xml: give it in the environment");
        });
        StringBuilder options = new StringBuilder();
        systemProperties.forEach((k, v) -> options.append("\n                <jvm-options>-D").append(k).append('=')
                .append(v.replace("&", "&amp;").replace("<", "&lt;")).append("</jvm-options>"));
        int javaConfig = x.indexOf("<java-config ");
        int end = x.indexOf('>', javaConfig) + 1;
        if (javaConfig < 0 || !x.contains("address=\"127.0.0.1\" port=\"" + http + "\""))
            throw new IllegalStateException("domain.xml of this Payara version has another shape: adjust PayaraServer.configure");
        return x.substring(0, end) + options + x.substring(end);
    }

    private void asadmin(int timeoutSeconds, String... args) {
        // what bin/asadmin runs (called directly: the unpacked scripts may have lost their executable bit)
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+IgnoreUnrecognizedVMOptions", "-jar", home.resolve("glassfish/lib/client/appserver-cli.jar").toString(),
                "--interactive=false"));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(asadminLog.toFile()));
            pb.environment().put("AS_JAVA", System.getProperty("java.home"));
            if (args.length > 0 && args[0].equals("start-domain")) pb.environment().putAll(secretEnv);   // the domain's JVM inherits them
            Files.writeString(asadminLog, "$ asadmin " + String.join(" ", args) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("asadmin " + args[0] + " did not finish in " + timeoutSeconds + " s\n" + tail());
            }
            if (p.exitValue() != 0) throw new IllegalStateException("asadmin " + String.join(" ", args) + " failed\n" + tail());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String name() { return "Payara Server " + System.getProperty("gatehouse.test.payara.version", "6"); }

    @Override
    public String baseUrl() { return "http://127.0.0.1:" + httpPort; }

    /** asadmin's output, then the domain's server.log. */
    @Override
    public String logText() {
        return LogFile.text(asadminLog) + "\n" + LogFile.text(domains.resolve(DOMAIN).resolve("logs/server.log"));
    }

    private String tail() {
        return LogFile.tail(asadminLog, 30) + "\n--- server.log ---\n" + LogFile.tail(domains.resolve(DOMAIN).resolve("logs/server.log"), 40);
    }

    /** {@code asadmin undeploy}, then checks that the context root no longer serves Gatehouse, then stops the domain. */
    @Override
    public void close() {
        if (closed) return;
        try {
            asadmin(120, "--port", Integer.toString(adminPort), "undeploy", APP);
            // not /health: with no application at the root, Payara's own health check answers there (503)
            int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/.well-known/oauth-authorization-server"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 404) throw new IllegalStateException("after undeploy, Gatehouse's metadata still answers " + status);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopDomain();
        }
    }

    private synchronized void stopDomain() {
        if (closed) return;
        closed = true;
        try {
            asadmin(90, "stop-domain", "--domaindir", domains.toString(), "--kill=true", DOMAIN);
        } catch (IllegalStateException e) {
            // already stopped, or asadmin failed: nothing more to do from here
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
