package gatehouse.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Spring Boot relying party of {@code src/test/spring-rp} (oauth2Login() configured only by Gatehouse's issuer
 * URL), built by the pom into {@code target/spring-rp/spring-rp.jar} and run here as its own JVM on 127.0.0.1 and
 * a given port. Its issuer, client id and secret go in as environment variables, never on the command line; its
 * output goes to {@code target/it/logs/spring-rp-NAME.log}.
 */
public final class SpringRelyingParty implements AutoCloseable {
    public static final Path JAR = Path.of(System.getProperty("gatehouse.test.spring.rp", "target/spring-rp/spring-rp.jar"));
    private static final long READY_SECONDS = 180;

    private final Process process;
    private final int port;
    private final Path log;

    private SpringRelyingParty(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static boolean built() {
        return Files.isRegularFile(JAR);
    }

    /**
     * Starts the application; {@link #awaitReady} waits for it (so that several can start side by side).
     * {@code profile}: a Spring profile of the application (e.g. {@code unissued-secret}), or null.
     */
    public static SpringRelyingParty start(String name, int port, String issuer, String clientId, String clientSecret, String profile) {
        try {
            Path log = Files.createDirectories(TestServer.workDir().resolve("logs")).resolve("spring-rp-" + name + ".log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("SERVER_PORT", Integer.toString(port));
            pb.environment().put("GATEHOUSE_ISSUER", issuer);
            pb.environment().put("GATEHOUSE_CLIENT_ID", clientId);
            pb.environment().put("GATEHOUSE_CLIENT_SECRET", clientSecret);
            if (profile != null) pb.environment().put("SPRING_PROFILES_ACTIVE", profile);
            return new SpringRelyingParty(pb.start(), port, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Spring relying party: " + e.getMessage(), e);
        }
    }

    /** Waits until the application answers its public page; fails with the end of its log if it stops or takes too long. */
    public SpringRelyingParty awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/logged-out")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("the Spring relying party stopped while starting; see " + log + "\n" + tail());
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return this;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the Spring relying party was not ready within " + READY_SECONDS + " s; see " + log + "\n" + tail());
    }

    public String baseUrl() { return "http://127.0.0.1:" + port; }

    public String logText() { return LogFile.text(log); }

    public String tail() { return LogFile.tail(log, 60); }

    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
