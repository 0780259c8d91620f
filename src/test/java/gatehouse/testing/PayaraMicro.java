package gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Payara Micro 6 ({@code target/deploy-jars/payara-micro.jar}) in its own JVM, deploying the lean Payara WAR
 * ({@code target/gatehouse-payara.war}) at {@code /gatehouse} (or another context root), clustering off, HTTP only on 127.0.0.1 and a free
 * port. Gatehouse settings are system properties of Payara's JVM, except the secret ones ({@link SecretSettings}), which
 * are environment variables of it; {@code env} is more of its environment (what
 * {@code ${ENV=…}} in asadmin command files reads). Output goes to {@code target/it/logs/payara-NAME.log}.
 */
public final class PayaraMicro implements Deployment {
    public static final String CONTEXT = "/gatehouse";
    private final Process process;
    private final int port;
    private final Path log;
    private final String context;

    private PayaraMicro(Process process, int port, Path log, String context) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.context = context;
    }

    /**
     * Starts Payara Micro and waits until it reports ready (the WAR deployed or not: tests then check HTTP).
     * @param postBoot an asadmin command file run after boot, before deployment (may be null)
     * @param extraLibs jars for Payara's own class path ({@code --addlibs}), e.g. a JDBC driver
     */
    public static PayaraMicro start(String name, Map<String, String> systemProperties, Map<String, String> env,
                                    Path postBoot, List<Path> extraLibs) {
        return start(name, CONTEXT, systemProperties, env, postBoot, extraLibs);
    }

    /** The same at {@code context} ({@code /} for the context root, as the README's command deploys it). */
    public static PayaraMicro start(String name, String context, Map<String, String> systemProperties, Map<String, String> env,
                                    Path postBoot, List<Path> extraLibs) {
        PayaraMicro p = startOnce(name, context, systemProperties, env, postBoot, extraLibs, 1);
        // Payara Micro 6.2025.10 now and then fails its own security service at boot, before any Gatehouse code
        // runs ("NCLS-SECURITY-01144 Error while installing policy provider: … getContextClassLoader() is null"),
        // and then deploys nothing. That is Payara's start-up race, not the WAR: start it once more.
        if (p.logText().contains("NCLS-SECURITY-01144")) {
            p.close();
            p = startOnce(name, context, systemProperties, env, postBoot, extraLibs, 2);
        }
        return p;
    }

    private static PayaraMicro startOnce(String name, String context, Map<String, String> systemProperties, Map<String, String> env,
                                         Path postBoot, List<Path> extraLibs, int attempt) {
        Path jar = Path.of(System.getProperty("gatehouse.test.payara.micro", "target/deploy-jars/payara-micro.jar"));
        Path war = Path.of(System.getProperty("gatehouse.test.payara.war", "target/gatehouse-payara.war"));
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(war))
            throw new IllegalStateException("need " + jar + " and " + war + ": run 'mvn verify' (pre-integration-test copies them)");
        int port = Postgres.freePort();
        try {
            Path work = Files.createDirectories(TestServer.workDir().resolve("payara-" + name + "-" + ProcessHandle.current().pid() + "-" + attempt));
            Path logs = Files.createDirectories(TestServer.workDir().resolve("logs"));
            Path log = logs.resolve("payara-" + name + (attempt > 1 ? "-" + attempt : "") + ".log");
            // HTTP on loopback only (Payara Micro binds 0.0.0.0 by default); must be set before the listener starts
            Path preBoot = work.resolve("pre-boot-commands.asadmin");
            // then the shipped server-config/payara/pre-boot-commands.asadmin (no Server, X-Powered-By or version)
            Path shipped = Path.of(System.getProperty("gatehouse.test.server.config", "server-config"), "payara", "pre-boot-commands.asadmin");
            Files.writeString(preBoot, "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1\n"
                    + Files.readString(shipped));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                    "-Dproduct.name="));   // as README "Deploying on Payara" says
            SecretSettings.open(systemProperties).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--nocluster", "--port", Integer.toString(port),
                    "--rootdir", work.resolve("root").toAbsolutePath().toString(),
                    "--prebootcommandfile", preBoot.toAbsolutePath().toString(),
                    "--deploy", war.toAbsolutePath().toString(), "--contextroot", context.equals("/") ? "/" : context.substring(1)));
            if (postBoot != null) cmd.addAll(List.of("--postbootcommandfile", postBoot.toAbsolutePath().toString()));
            for (Path lib : extraLibs) cmd.addAll(List.of("--addlibs", lib.toAbsolutePath().toString()));
            ProcessBuilder pb = new ProcessBuilder(SecretSettings.refuseOnCommandLine(cmd, systemProperties)).redirectErrorStream(true).directory(work.toFile());
            pb.environment().putAll(env);
            pb.environment().putAll(SecretSettings.environment(systemProperties));   // secret settings: never on the command line
            Process process = pb.start();
            CompletableFuture<Boolean> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(process, log, ready), "payara-log-" + name);
            pump.setDaemon(true);
            pump.start();
            boolean ok;
            try {
                ok = ready.get(600, TimeUnit.SECONDS);
            } catch (Exception e) {
                ok = false;
            }
            PayaraMicro p = new PayaraMicro(process, port, log, context.equals("/") ? "" : context);
            if (!ok) {
                p.close();
                throw new IllegalStateException("Payara Micro did not get ready; see " + log + "\n" + p.tail());
            }
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<Boolean> ready) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.contains("Payara Micro") && line.contains("ready in")) ready.complete(true);
            }
        } catch (IOException ignored) {
            // the process ended
        }
        ready.complete(false);
    }

    public int port() { return port; }

    @Override
    public String name() { return "Payara Micro " + System.getProperty("gatehouse.test.payara.version", "6"); }

    /** The application's base URL, e.g. {@code http://127.0.0.1:PORT/gatehouse}. */
    @Override
    public String baseUrl() { return "http://127.0.0.1:" + port + context; }

    @Override
    public String logText() { return LogFile.text(log); }

    public String tail() { return LogFile.tail(log, 60); }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
