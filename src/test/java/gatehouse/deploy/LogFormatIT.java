package gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Deployment;
import gatehouse.testing.Http;
import gatehouse.testing.LogFile;
import gatehouse.testing.TomcatDistribution;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse.log.format=json} on the Apache Tomcat distribution, set as README "Logs" says (a system property of
 * Tomcat's JVM, as {@code CATALINA_OPTS} in {@code bin/setenv.sh} would give it): Gatehouse's lines are JSON objects on
 * Tomcat's standard output, with the request's id, and no longer in Tomcat's own {@code catalina.DATE.log}.
 */
class LogFormatIT {

    @Test
    void onTheTomcatDistributionGatehouseLinesAreJsonOnStandardOutput() throws Exception {
        try (Deployment d = Deployment.start(Deployment.Container.TOMCAT, "json-log", Map.of("gatehouse.log.format", "json"))) {
            HttpResponse<String> r = Http.at(d.baseUrl()).get("/api/now/table/incident",
                    "Authorization", Http.basic("beth.anglin", "wrong-" + UUID.randomUUID()));
            assertEquals(401, r.statusCode());
            String id = r.headers().firstValue("X-Request-Id").orElseThrow();
            String line = awaitLine(d, "\"request_id\":\"" + id + "\"");
            JsonNode n = Http.JSON.readTree(line);
            assertEquals("gatehouse.user.Authenticator", n.path("logger").asText());
            assertEquals("INFO", n.path("level").asText());
            assertTrue(n.path("message").asText().startsWith("log-in failed for user "), line);
            assertTrue(d.logText().contains("\"message\":\"Gatehouse started in "), "start-up lines are JSON too");
            assertFalse(d.logText().contains("[request_id="), "no text copy of Gatehouse's lines");

            Path logs = ((TomcatDistribution) d).logsFolder();
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    assertFalse(LogFile.text(f).contains(id), f + " has Gatehouse's line: it goes to standard output only");
                }
            }
        }
    }

    static String awaitLine(Deployment d, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            for (String l : d.logText().lines().toList()) if (l.contains(text)) return l;
            Thread.sleep(100);
        }
        throw new AssertionError("no log line with " + text + ":\n" + d.logText());
    }
}
