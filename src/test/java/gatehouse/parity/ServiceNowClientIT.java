package gatehouse.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.LaunchTls;
import gatehouse.testing.LogFile;
import gatehouse.testing.Npm;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A ServiceNow REST client that nobody here wrote, used unchanged but for its instance address (issue 15's "done
 * when"): the npm package {@code servicenow-rest-api} 1.2.2, installed by {@code npm ci} from the committed
 * {@code src/test/node/servicenow-client/package-lock.json}, driven by {@code client-test.js} against Gatehouse over
 * the run command's https (the library always speaks https; Node trusts the self-signed certificate through
 * {@code NODE_EXTRA_CA_CERTS}). Skipped with a message where Node.js and npm are missing (fails under {@code CI=true}).
 */
class ServiceNowClientIT {
    private static Path project;
    private static ServerProcess server;
    private static Path certificate;

    @BeforeAll
    static void installTheLibraryAndStartHttps() throws Exception {
        project = Npm.install("servicenow-client");
        Path data = TestServer.newDataDir("npm-client");
        server = TestServer.startIn(data, Map.of(), List.of("--https-port", "0"));
        certificate = data.resolve(LaunchTls.FOLDER).resolve(LaunchTls.CERTIFICATE);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void libraryCreatesAnIncidentAndReadsItsAttachmentOverHttps() throws Exception {
        JsonNode report = run("attachments");
        JsonNode create = report.path("create");
        assertTrue(create.path("ok").asBoolean(), create.toString());
        String sysId = report.path("sys_id").asText();
        assertTrue(sysId.matches("[0-9a-f]{32}"), report.toString());
        assertTrue(report.path("number").asText().matches("INC\\d{7}"), report.toString());

        assertEquals(201, report.path("upload").path("status").asInt(), report.toString());
        String attachment = report.path("upload").path("body").path("result").path("sys_id").asText();
        JsonNode all = report.path("attachments");
        assertTrue(all.path("ok").asBoolean(), all.toString());
        assertEquals(1, all.path("value").size(), all.toString());
        assertEquals(attachment, all.path("value").get(0).path("sys_id").asText());
        JsonNode meta = report.path("attachment");
        assertTrue(meta.path("ok").asBoolean(), meta.toString());
        assertEquals("printer.log", meta.path("value").path("file_name").asText());
        assertEquals(sysId, meta.path("value").path("table_sys_id").asText());
        assertEquals("https://127.0.0.1:" + port() + "/api/now/attachment/" + attachment + "/file",
                meta.path("value").path("download_link").asText(), "links name the https address the client used");
        JsonNode file = report.path("file");
        assertTrue(file.path("ok").asBoolean(), file.toString());
        assertEquals(report.path("attachment_content").asText(), file.path("data").asText());
        assertTrue(file.path("headers").path("content-disposition").asText().startsWith("attachment;"), file.toString());

        // the incident the library made is a real one, with the file attached
        HttpResponse incident = get("/api/now/table/incident/" + sysId);
        assertEquals(200, incident.status(), incident.body());
        assertTrue(incident.body().contains("Reported through servicenow-rest-api"), incident.body());
    }

    /**
     * The library's other calls ask for {@code /api/now/v2/table/…} with {@code sysparm_display_value=true} and
     * update with a {@code PUT} of the changed fields only, given as labels ({@code sysparm_input_display_value}).
     */
    @Test
    void libraryQueriesWithDisplayValuesUpdatesWithPutAndDeletes() throws Exception {
        JsonNode report = run("table,attachments");
        assertTrue(report.path("create").path("ok").asBoolean(), report.toString());
        JsonNode query = report.path("query");
        assertTrue(query.path("ok").asBoolean(), query.toString());
        JsonNode row = query.path("value").get(0);
        assertEquals(report.path("number").asText(), row.path("number").asText(), query.toString());
        assertEquals("2 - Medium", row.path("urgency").asText(), query.toString());
        assertEquals("New", row.path("state").asText(), query.toString());
        JsonNode update = report.path("update");
        assertTrue(update.path("ok").asBoolean(), update.toString());
        assertEquals("1 - High", update.path("value").path("urgency").asText(), update.toString());
        assertEquals("In Progress", update.path("value").path("state").asText(), update.toString());
        assertEquals("Reported through servicenow-rest-api", update.path("value").path("description").asText(),
                "a PUT keeps the fields it does not send: " + update);
        assertEquals(204, report.path("delete").path("status").asInt(), report.toString());
        String attachment = report.path("upload").path("body").path("result").path("sys_id").asText();
        assertEquals(404, get("/api/now/attachment/" + attachment).status(), "the attachment went with its incident");
    }

    // --- helpers

    private static JsonNode run(String steps) throws IOException, InterruptedException {
        Path log = project.resolve("client-test-" + steps.replace(',', '-') + ".log");
        ProcessBuilder pb = Npm.clientTest(project, log);
        pb.environment().put("GATEHOUSE_INSTANCE", "127.0.0.1:" + port());
        pb.environment().put("GATEHOUSE_USER", "beth.anglin");
        pb.environment().put("GATEHOUSE_PASSWORD", "beth.anglin-demo-pw");
        pb.environment().put("NODE_EXTRA_CA_CERTS", certificate.toAbsolutePath().toString());
        pb.environment().put("STEPS", steps);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("client-test.js did not finish: " + LogFile.text(log));
        }
        return Npm.report(log);
    }

    private static int port() {
        return Integer.parseInt(server.httpsUrl().substring(server.httpsUrl().lastIndexOf(':') + 1));
    }

    record HttpResponse(int status, String body) { }

    private static HttpResponse get(String path) {
        var r = Http.to(server).get(path, "Authorization", Http.adminBasic());
        return new HttpResponse(r.statusCode(), r.body());
    }
}
