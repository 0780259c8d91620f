package gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log scan finds a planted secret (as written, URL-encoded, JSON-escaped) and names file, line and which secret. */
class LogSecretScanTest {
    @TempDir
    Path dir;

    @Test
    void aPlantedSecretIsFoundWithFileLineAndKind() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("it/logs"));
        String token = "eyJhbGciOiJSUzI1NiJ9.planted/token+value";
        Files.writeString(logs.resolve("server.log"), "a clean line\nINFO: issued " + token + " to someone\nclean again\n"
                + "GET /x?t=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "\n{\"t\":\"" + token.replace("/", "\\/") + "\"}\n");
        Files.writeString(dir.resolve("it/catalina.out"), "the demo password beth.anglin-demo-pw in a container log\n");
        Files.writeString(dir.resolve("it/settings-x.properties"), "gatehouse.admin.password=" + TestServer.ADMIN_PASSWORD + "\n");
        Path reports = Files.createDirectories(dir.resolve("failsafe-reports"));
        Files.writeString(reports.resolve("TEST-x.xml"), "<system-out>" + TestServer.ADMIN_PASSWORD + "</system-out>\n");

        List<Path> files = LogSecretScan.logs(List.of(dir.resolve("it"), reports, dir.resolve("missing")), List.of());
        assertFalse(files.contains(dir.resolve("it/settings-x.properties")), "a settings file is no log");
        Map<String, String> secrets = new java.util.LinkedHashMap<>(LogSecretScan.knownSecrets());
        secrets.put(token, "an access_token in a response");
        List<LogSecretScan.Finding> found = LogSecretScan.scan(files, secrets);
        assertEquals(5, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.toString().equals(logs.resolve("server.log") + ":2: an access_token in a response (eyJh…)")), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.line() == 4 && f.file().endsWith("server.log")), "URL-encoded");
        assertTrue(found.stream().anyMatch(f -> f.line() == 5 && f.file().endsWith("server.log")), "JSON-escaped");
        assertTrue(found.stream().anyMatch(f -> f.file().endsWith("catalina.out") && f.kind().equals("the demo password of beth.anglin")));
        assertTrue(found.stream().anyMatch(f -> f.file().endsWith("TEST-x.xml") && f.kind().equals("the test servers' admin password")));
        assertTrue(found.stream().noneMatch(f -> f.toString().contains(token)), "a finding never repeats the secret");
        assertTrue(LogSecretScan.scan(files, Map.of("not-in-any-of-them-1234", "x")).isEmpty());
    }

    @Test
    void theSeenSecretsAreReadFromResponsesRequestsAndRedirects() throws Exception {
        Path before = SeenSecrets.file();
        String unique = "tok-" + java.util.UUID.randomUUID();
        SeenSecrets.fromJson("{\"token_type\":\"Bearer\",\"access_token\":\"" + unique + "\",\"scope\":\"a-long-scope-value\"}", "test");
        SeenSecrets.fromLocation("https://app.example/cb?code=code-" + unique + "&state=state-not-a-secret-1");
        SeenSecrets.fromAuthorization(Http.basic("client", "pw-" + unique));
        SeenSecrets.record("short", "short");
        Map<String, String> seen = SeenSecrets.load(before);
        assertTrue(seen.containsKey(unique) && seen.containsKey("code-" + unique) && seen.containsKey("pw-" + unique), seen.size() + " recorded");
        assertFalse(seen.containsKey("a-long-scope-value"), "a scope is no secret");
        assertFalse(seen.containsKey("state-not-a-secret-1"));
        assertFalse(seen.containsKey("short"));
    }

    @Test
    void deviceDpopAndRegistrationSecretsAreRecordedToo() {
        String unique = java.util.UUID.randomUUID().toString();
        StringBuilder letters = new StringBuilder();
        java.util.Random random = new java.security.SecureRandom();
        for (int i = 0; i < 8; i++) letters.append((char) ('A' + random.nextInt(26)));
        String userCode = letters.substring(0, 4) + "-" + letters.substring(4);
        SeenSecrets.fromJson("{\"device_code\":\"dc-" + unique + "\",\"user_code\":\"" + userCode + "\",\"interval\":5}", "test");
        SeenSecrets.fromJson("{\"client_id\":\"abc\",\"registration_access_token\":\"rat-" + unique + "\"}", "test");
        SeenSecrets.fromAuthorization("DPoP dpop-bound-" + unique);
        SeenSecrets.fromForm("user_code=abcdefgh&state=12345678", "test");   // a user code's shape only: not any 8 characters
        Map<String, String> seen = SeenSecrets.load(SeenSecrets.file());
        assertTrue(seen.containsKey("dc-" + unique) && seen.containsKey(userCode) && seen.containsKey("rat-" + unique)
                && seen.containsKey("dpop-bound-" + unique), seen.size() + " recorded");
        assertFalse(seen.containsKey("abcdefgh"));
    }

    @Test
    void onlyLogsWrittenSinceTheRunStartedAreRead() throws Exception {
        Path old = Files.writeString(dir.resolve("old.log"), "x\n");
        Path fresh = Files.writeString(dir.resolve("fresh.log"), "y\n");
        java.time.Instant started = java.time.Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(started.minusSeconds(3600)));
        assertEquals(List.of(fresh), LogSecretScan.modifiedSince(List.of(old, fresh), started));
    }
}
