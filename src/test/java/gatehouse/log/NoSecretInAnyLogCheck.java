package gatehouse.log;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import gatehouse.testing.LogSecretScan;
import gatehouse.testing.SeenSecrets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No token, secret or password in any log the test suite wrote. Not a test of its own: the pom's second failsafe
 * execution ({@code log-secret-scan}) runs it alone after every other integration test of the same {@code mvn verify},
 * over every log under {@code target/} (test servers' logs in {@code target/it}, the containers' log folders, Derby's,
 * the surefire and failsafe reports) written or changed since the run started ({@code gatehouse.test.run.started}, set by
 * the pom), for the demo secrets and every secret {@link SeenSecrets} recorded on the way. After a subset of the ITs
 * ({@code -Dit.test=…}) it runs all the same (the pom names its test) and reads what that subset wrote.
 */
class NoSecretInAnyLogCheck {

    @Test
    void noLogHoldsASecretTheTestsUsed() throws Exception {
        Path it = Path.of(System.getProperty("gatehouse.test.workdir", "target/it")).toAbsolutePath();
        Path target = it.getParent();
        Path seen = SeenSecrets.file();
        Map<String, String> secrets = new LinkedHashMap<>(LogSecretScan.knownSecrets());
        SeenSecrets.load(seen).forEach(secrets::putIfAbsent);
        // all of target/: the test servers' logs in target/it, and the containers' own log folders (Tomcat, Payara, Keycloak)
        List<Path> logs = LogSecretScan.logs(List.of(target), List.of(seen));
        // only what this mvn run wrote (its ITs, however few -Dit.test chose): a log left in target/ by an earlier run is not this run's
        String started = System.getProperty("gatehouse.test.run.started", "");
        if (!started.isEmpty()) logs = LogSecretScan.modifiedSince(logs, java.time.Instant.parse(started).minusSeconds(2));
        assertTrue(secrets.size() >= 5, "the demo secrets at least");
        var found = LogSecretScan.scan(logs, secrets);
        System.out.println("log secret scan: " + logs.size() + " logs, " + secrets.size() + " secrets, " + found.size() + " found");
        if (!found.isEmpty())
            fail(found.size() + " log line(s) hold a secret:\n" + found.stream().limit(50).map(Object::toString).collect(Collectors.joining("\n")));
    }
}
