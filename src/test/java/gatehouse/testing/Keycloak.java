package gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real Keycloak ({@code org.keycloak:keycloak-quarkus-dist}, unpacked into {@code target/} by the pom) in dev
 * mode, in its own JVM: HTTP on 127.0.0.1 and a free port, an in-memory database, a bootstrap admin of the master
 * realm, set up with Keycloak's own {@code bin/kcadm.sh}. Keycloak 26 needs Java 21+: both scripts run with
 * {@link #JAVA_HOME}. Output goes to {@code target/it/logs/keycloak-NAME.log}.
 * <p>Starting one costs about a minute on a loaded machine, so the test classes share {@link #shared()}, each with
 * realms of its own, rather than starting their own.
 */
public final class Keycloak implements AutoCloseable {
    /** The JDK Keycloak runs on (the machine's second JDK; the build itself stays on Java 17). */
    public static final Path JAVA_HOME = Path.of(System.getProperty("gatehouse.test.keycloak.java", "/usr/lib/jvm/temurin-25-jdk-amd64"));
    private static final String ADMIN = "kc-admin";
    private static final long READY_SECONDS = 300;   // the first start in a fresh target/ also builds Keycloak: minutes under load

    private static Keycloak shared;
    private static RuntimeException sharedFailure;

    private final Process process;
    private final Path home;
    private final Path work;
    private final int port;
    private final Path log;

    private Keycloak(Process process, Path home, Path work, int port, Path log) {
        this.process = process;
        this.home = home;
        this.work = work;
        this.port = port;
        this.log = log;
    }

    /** True when {@link #JAVA_HOME} holds a java launcher (tests skip otherwise). */
    public static boolean javaAvailable() {
        return Files.isExecutable(JAVA_HOME.resolve("bin/java"));
    }

    /**
     * The one Keycloak of this test JVM: started by the first test class that asks, stopped when the JVM exits (a
     * shutdown hook), so that KeycloakIT and OidcProviderKeycloakIT pay for one start. Each class creates its own realm.
     * A failed start is not retried by the next class (it would fail the same way, a minute later).
     */
    public static synchronized Keycloak shared() {
        if (sharedFailure != null) throw new IllegalStateException("the shared Keycloak did not start", sharedFailure);
        if (shared == null) {
            try {
                shared = start("shared");
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
            Keycloak kc = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(kc::close, "keycloak-shutdown"));
        }
        return shared;
    }

    /** Starts Keycloak, waits until the master realm answers, and logs kcadm in as the bootstrap admin. */
    public static Keycloak start(String name) {
        Path home = Path.of(System.getProperty("gatehouse.test.keycloak.home", "target/keycloak"));
        if (!Files.isRegularFile(home.resolve("bin/kc.sh")))
            throw new IllegalStateException("no Keycloak distribution at " + home + ": run 'mvn verify' (pre-integration-test unpacks it)");
        int port = Postgres.freePort();
        int management = Postgres.freePort();
        String adminPassword = "kc-admin-" + UUID.randomUUID();
        try {
            Path work = Files.createDirectories(TestServer.workDir().resolve("keycloak-" + name + "-" + ProcessHandle.current().pid()));
            Path log = Files.createDirectories(TestServer.workDir().resolve("logs")).resolve("keycloak-" + name + ".log");
            // dev mode; --db=dev-mem: a new, empty database at each start (the rest of Keycloak's data dir is the
            // distribution's own data/ under target/)
            ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/kc.sh").toAbsolutePath().toString(), "start-dev",
                    "--http-port=" + port, "--http-host=127.0.0.1", "--http-management-port=" + management, "--db=dev-mem")
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", JAVA_HOME.toString());
            pb.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            Keycloak kc = new Keycloak(pb.start(), home, work, port, log);
            try {
                kc.awaitReady();
                // the password in kcadm's environment (KC_CLI_PASSWORD), not as --password on its command line
                SeenSecrets.record("Keycloak's bootstrap admin password", adminPassword);
                kc.kcadm(Map.of("KC_CLI_PASSWORD", adminPassword), "config", "credentials", "--server", kc.baseUrl(), "--realm", "master", "--user", ADMIN);
            } catch (RuntimeException e) {
                kc.close();
                throw e;
            }
            return kc;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("Keycloak stopped while starting; see " + log + "\n" + tail());
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak was not ready within " + READY_SECONDS + " s; see " + log + "\n" + tail());
    }

    /** Runs {@code bin/kcadm.sh ARGS} with this server's kcadm configuration; returns its output, fails on a non-zero exit. */
    public String kcadm(String... args) {
        return kcadm(Map.of(), args);
    }

    /** The same with more environment variables for kcadm (e.g. {@code KC_CLI_PASSWORD}). */
    public String kcadm(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/kcadm.sh").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", work.resolve("kcadm.config").toAbsolutePath().toString()));
        try {
            Path out = Files.createTempFile(work, "kcadm", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("JAVA_HOME", JAVA_HOME.toString());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kcadm " + args[0] + " " + args[1] + " did not finish in 120 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            if (p.exitValue() != 0) throw new IllegalStateException("kcadm " + String.join(" ", args).replaceAll("--password \\S+", "--password ***")
                    + " exited " + p.exitValue() + ":\n" + text);
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() { return port; }

    public String baseUrl() { return "http://127.0.0.1:" + port; }

    /** {@code http://127.0.0.1:PORT/realms/REALM/protocol/openid-connect/ENDPOINT} (token, auth, revoke, userinfo, …). */
    public String oidc(String realm, String endpoint) {
        return baseUrl() + "/realms/" + realm + "/protocol/openid-connect/" + endpoint;
    }

    /**
     * A realm of public clients that may use the direct grant only, and enabled users with verified e-mail addresses
     * ({@code NAME@example.test}; first name: the user name up to its first dot) who all have {@code password}. The
     * caller may add to it before {@link #createRealm}.
     */
    public static ObjectNode realm(String name, List<String> directGrantClients, List<String> users, String lastName, String password) {
        ObjectNode realm = Http.JSON.createObjectNode();
        realm.put("realm", name);
        realm.put("enabled", true);
        var clients = realm.putArray("clients");
        for (String id : directGrantClients) {
            ObjectNode c = clients.addObject();
            c.put("clientId", id);
            c.put("enabled", true);
            c.put("publicClient", true);
            c.put("standardFlowEnabled", false);
            c.put("directAccessGrantsEnabled", true);
        }
        var list = realm.putArray("users");
        for (String user : users) {
            ObjectNode u = list.addObject();
            u.put("username", user);
            u.put("enabled", true);
            u.put("email", user + "@example.test");
            u.put("emailVerified", true);
            u.put("firstName", user.contains(".") ? user.substring(0, user.indexOf('.')) : user);
            u.put("lastName", lastName);
            ObjectNode cred = u.putArray("credentials").addObject();
            cred.put("type", "password");
            cred.put("value", password);
            cred.put("temporary", false);
        }
        return realm;
    }

    /** Creates {@code realm} with one kcadm run (each costs a JVM start), from a file deleted after (it holds passwords). */
    public void createRealm(ObjectNode realm) {
        try {
            Path file = Files.createTempFile(work, "realm-", ".json");   // beside kcadm's own files
            try {
                Files.writeString(file, realm.toString());
                kcadm("create", "realms", "-f", file.toAbsolutePath().toString());
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keycloak's direct grant ({@code scope=openid}) for a public client of {@code realm}: the token response, whose
     * secrets {@link SeenSecrets} records (so that the log scan looks for them).
     */
    public JsonNode directGrant(String realm, String clientId, String user, String password) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(oidc(realm, "token")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("grant_type", "password", "client_id", clientId,
                        "username", user, "password", password, "scope", "openid")))).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("Keycloak's direct grant: " + r.statusCode() + " " + r.body());
        SeenSecrets.fromJson(r.body(), "Keycloak's token response");
        return Http.body(r);
    }

    public String logText() { return LogFile.text(log); }

    public String tail() { return LogFile.tail(log, 60); }

    /** Stops Keycloak and whatever its start script started (the whole process tree). */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (ProcessHandle h : tree) {
            while (h.isAlive() && System.nanoTime() < deadline) sleep(200);
            if (h.isAlive()) h.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
