package gatehouse.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import gatehouse.token.Apps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Attachment API against the real WAR: both uploads, list, metadata, content as a safe download, delete; the
 * record's own access rules and the application's API access policy; the size limit; attachments deleted with their
 * record; bad input refused with a 4xx in ServiceNow's error shape, leaving nothing stored.
 */
class AttachmentApiIT {
    static final int MAX_BYTES = 1_000_000;
    static final String BETH = Http.basic("beth.anglin", "beth.anglin-demo-pw");      // itil
    static final String ABEL = Http.basic("abel.tuter", "abel.tuter-demo-pw");        // no role
    static ServerProcess server;
    static Http http;
    static HttpClient client = HttpClient.newHttpClient();
    final String admin = Http.adminBasic();

    @BeforeAll
    static void start() {
        server = TestServer.start("attachments", Map.of("gatehouse.attachment.max.bytes", String.valueOf(MAX_BYTES)));
        http = Http.to(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void rawUploadMetadataContentListAndDelete() throws Exception {
        String incident = newIncident();
        byte[] bytes = "Mail server log\r\n--not a boundary\r\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = upload("incident", incident, "mail.log", "text/plain; charset=utf-8", bytes, BETH);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode a = Http.body(r).path("result");
        String id = a.path("sys_id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertEquals("mail.log", a.path("file_name").asText());
        assertEquals("text/plain", a.path("content_type").asText());
        assertEquals(String.valueOf(bytes.length), a.path("size_bytes").asText());
        assertEquals("incident", a.path("table_name").asText());
        assertEquals(incident, a.path("table_sys_id").asText());
        assertEquals(sha256(bytes), a.path("hash").asText());
        assertEquals("beth.anglin", a.path("sys_created_by").asText());
        assertTrue(a.path("sys_created_on").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), a.toString());
        assertEquals(server.baseUrl() + "/api/now/attachment/" + id + "/file", a.path("download_link").asText());
        assertEquals(server.baseUrl() + "/api/now/attachment/" + id, r.headers().firstValue("Location").orElseThrow());

        // any active user may read incidents, so their attachments too
        HttpResponse<String> meta = http.get("/api/now/attachment/" + id, "Authorization", ABEL);
        assertEquals(200, meta.statusCode(), meta.body());
        assertEquals(a, Http.body(meta).path("result"));
        HttpResponse<byte[]> content = download(a.path("download_link").asText(), ABEL);
        assertEquals(200, content.statusCode());
        assertArrayEquals(bytes, content.body());
        assertEquals("text/plain", content.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"mail.log\"; filename*=UTF-8''mail.log", content.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("nosniff", content.headers().firstValue("X-Content-Type-Options").orElseThrow());

        JsonNode byRecord = Http.body(http.get("/api/now/attachment?table_sys_id=" + incident, "Authorization", ABEL)).path("result");
        assertEquals(1, byRecord.size(), byRecord.toString());
        assertEquals(id, byRecord.get(0).path("sys_id").asText());
        HttpResponse<String> byQuery = http.get("/api/now/attachment?sysparm_query=" + Http.enc("table_sys_id=" + incident + "^file_nameLIKElog")
                + "&sysparm_fields=sys_id,file_name", "Authorization", ABEL);
        assertEquals(200, byQuery.statusCode(), byQuery.body());
        assertEquals("1", byQuery.headers().firstValue("X-Total-Count").orElseThrow());
        assertEquals(Map.of("sys_id", id, "file_name", "mail.log"),
                Http.JSON.convertValue(Http.body(byQuery).path("result").get(0), Map.class));
        assertEquals(200, http.get("/api/now/v1/attachment/" + id, "Authorization", ABEL).statusCode(), "the versioned path too");
        // curl --data-binary's default type: the body is still the file, not form parameters
        byte[] formLike = "a=b&c=d".getBytes(StandardCharsets.US_ASCII);
        JsonNode form = Http.body(upload("incident", incident, "form.txt", "application/x-www-form-urlencoded", formLike, BETH)).path("result");
        assertEquals("7", form.path("size_bytes").asText(), form.toString());
        assertArrayEquals(formLike, download(form.path("download_link").asText(), BETH).body());
        assertEquals(204, http.delete("/api/now/attachment/" + form.path("sys_id").asText(), "Authorization", BETH).statusCode());

        assertError(403, http.delete("/api/now/attachment/" + id, "Authorization", ABEL));   // writing incidents needs itil
        assertEquals(204, http.delete("/api/now/attachment/" + id, "Authorization", BETH).statusCode());
        assertError(404, http.get("/api/now/attachment/" + id, "Authorization", BETH));
        assertError(404, http.get("/api/now/attachment/" + id + "/file", "Authorization", BETH));
        assertEquals(0, Http.body(http.get("/api/now/attachment?table_sys_id=" + incident, "Authorization", BETH)).path("result").size());
    }

    @Test
    void multipartUploadKeepsEveryByteOfAFileLargerThanAChunk() throws Exception {
        String incident = newIncident();
        byte[] file = new byte[600_000];
        new Random(15).nextBytes(file);
        String boundary = "----gatehouse" + UUID.randomUUID();
        // the boundary's beginning, cut short, inside the file
        byte[] near = ("\r\n--" + boundary.substring(0, boundary.length() - 1)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(near, 0, file, 300_000, near.length);
        byte[] body = multipart(boundary, Map.of("table_name", "incident", "table_sys_id", incident), "uploadFile", "C:\\Users\\beth\\scan.png", "image/png", file);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/now/attachment/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                "Authorization", BETH);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode a = Http.body(r).path("result");
        assertEquals("scan.png", a.path("file_name").asText(), "the path a browser sends is dropped");
        assertEquals("image/png", a.path("content_type").asText());
        assertEquals("600000", a.path("size_bytes").asText());
        assertEquals(sha256(file), a.path("hash").asText());
        HttpResponse<byte[]> content = download(a.path("download_link").asText(), BETH);
        assertEquals("image/png", content.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(file, content.body());
    }

    @Test
    void activeContentIsOnlyEverADownload() throws Exception {
        String incident = newIncident();
        for (String type : List.of("text/html", "image/svg+xml", "application/xhtml+xml", "text/javascript", "application/x-shockwave-flash")) {
            HttpResponse<String> r = upload("incident", incident, "r\u00e9sum\u00e9 \"final\";.html", type,
                    "<script>alert(document.cookie)</script>".getBytes(StandardCharsets.UTF_8), BETH);
            assertEquals(201, r.statusCode(), r.body());
            JsonNode a = Http.body(r).path("result");
            assertEquals(type, a.path("content_type").asText(), "the metadata keeps what was sent");
            HttpResponse<byte[]> content = download(a.path("download_link").asText(), BETH);
            assertEquals("application/octet-stream", content.headers().firstValue("Content-Type").orElseThrow(), type);
            assertEquals("attachment; filename=\"r_sum_ _final__.html\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%3B.html",
                    content.headers().firstValue("Content-Disposition").orElseThrow());
            assertEquals("nosniff", content.headers().firstValue("X-Content-Type-Options").orElseThrow());
            assertTrue(content.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("sandbox"));
        }
    }

    @Test
    void tooLargeIs413AndStoresNothing() throws Exception {
        String incident = newIncident();
        // declared too large: refused before reading
        HttpResponse<String> declared = upload("incident", incident, "big.bin", "application/octet-stream", new byte[MAX_BYTES + 1], BETH);
        assertError(413, declared);
        // streamed without a length: refused once the limit is passed
        HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/api/now/attachment/file?table_name=incident&table_sys_id=" + incident + "&file_name=big.bin"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[MAX_BYTES + 1]))),
                "Authorization", BETH);
        assertError(413, streamed);
        assertEquals(201, upload("incident", incident, "exact.bin", "application/octet-stream", new byte[MAX_BYTES], BETH).statusCode());
        JsonNode list = Http.body(http.get("/api/now/attachment?table_sys_id=" + incident, "Authorization", BETH)).path("result");
        assertEquals(1, list.size(), list.toString());
        assertEquals("exact.bin", list.get(0).path("file_name").asText());
    }

    @Test
    void aTokenLimitedToIncidentsCannotReachAUsersAttachments() throws Exception {
        String incident = newIncident();
        String user = Http.body(http.get("/api/now/table/sys_user?sysparm_query=user_name=abel.tuter", "Authorization", admin))
                .path("result").get(0).path("sys_id").asText();
        HttpResponse<String> onUser = upload("sys_user", user, "badge.txt", "text/plain", "badge".getBytes(StandardCharsets.UTF_8), admin);
        assertEquals(201, onUser.statusCode(), onUser.body());
        String userAttachment = Http.body(onUser).path("result").path("sys_id").asText();
        String incidentAttachment = Http.body(upload("incident", incident, "note.txt", "text/plain", "note".getBytes(StandardCharsets.UTF_8), admin))
                .path("result").path("sys_id").asText();

        String limited = "Bearer " + token(app("enforce_token_restriction", true, "api_access_policies", List.of("table/incident")), "useraccount");
        assertEquals(200, http.get("/api/now/attachment/" + incidentAttachment, "Authorization", limited).statusCode());
        assertEquals(201, upload("incident", incident, "by-token.txt", "text/plain", new byte[] {1}, limited).statusCode());
        assertInsufficientScope(http.get("/api/now/attachment/" + userAttachment, "Authorization", limited));
        assertInsufficientScope(http.get("/api/now/attachment/" + userAttachment + "/file", "Authorization", limited));
        assertInsufficientScope(http.delete("/api/now/attachment/" + userAttachment, "Authorization", limited));
        assertInsufficientScope(upload("sys_user", user, "x.txt", "text/plain", new byte[] {1}, limited));
        JsonNode seen = Http.body(http.get("/api/now/attachment?sysparm_limit=10000", "Authorization", limited)).path("result");
        assertTrue(seen.size() > 0);
        seen.forEach(a -> assertEquals("incident", a.path("table_name").asText(), a.toString()));
        assertEquals(0, Http.body(http.get("/api/now/attachment?table_sys_id=" + user, "Authorization", limited)).path("result").size());

        // scopes: incident_read reads incident attachments, writes none, and never reaches sys_user's
        String reader = "Bearer " + token(app(), "incident_read");
        assertEquals(200, http.get("/api/now/attachment/" + incidentAttachment, "Authorization", reader).statusCode());
        assertInsufficientScope(upload("incident", incident, "x.txt", "text/plain", new byte[] {1}, reader));
        assertInsufficientScope(http.delete("/api/now/attachment/" + incidentAttachment, "Authorization", reader));
        assertError(403, http.get("/api/now/attachment/" + userAttachment, "Authorization", reader));
        // roles: sys_user is admin only, whatever the token
        assertError(403, http.get("/api/now/attachment/" + userAttachment, "Authorization", BETH));
        assertEquals(0, Http.body(http.get("/api/now/attachment?table_name=sys_user", "Authorization", BETH)).path("result").size());
        assertEquals(200, http.get("/api/now/attachment/" + userAttachment, "Authorization", admin).statusCode());
    }

    @Test
    void attachmentsAreDeletedWithTheirRecord() {
        String incident = newIncident();
        String kept = newIncident();
        String a1 = Http.body(upload("incident", incident, "one.txt", "text/plain", new byte[] {1}, BETH)).path("result").path("sys_id").asText();
        String a2 = Http.body(upload("incident", incident, "two.txt", "text/plain", new byte[300_000], BETH)).path("result").path("sys_id").asText();
        String other = Http.body(upload("incident", kept, "other.txt", "text/plain", new byte[] {2}, BETH)).path("result").path("sys_id").asText();
        assertEquals(204, http.delete("/api/now/table/incident/" + incident, "Authorization", BETH).statusCode());
        assertError(404, http.get("/api/now/attachment/" + a1, "Authorization", admin));
        assertError(404, http.get("/api/now/attachment/" + a2 + "/file", "Authorization", admin));
        assertEquals(0, Http.body(http.get("/api/now/attachment?table_sys_id=" + incident, "Authorization", admin)).path("result").size(),
                "gone from the database, not only unreachable");
        assertEquals(200, http.get("/api/now/attachment/" + other, "Authorization", admin).statusCode(), "another record's stay");

        // any record: a user deleted with the Table API
        HttpResponse<String> u = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", "att." + UUID.randomUUID().toString().substring(0, 8),
                "user_password", "attachment-user-pw-1"), "Authorization", admin);
        String userId = Http.body(u).path("result").path("sys_id").asText();
        String onUser = Http.body(upload("sys_user", userId, "cv.pdf", "application/pdf", new byte[] {3}, admin)).path("result").path("sys_id").asText();
        assertEquals(204, http.delete("/api/now/table/sys_user/" + userId, "Authorization", admin).statusCode());
        assertError(404, http.get("/api/now/attachment/" + onUser, "Authorization", admin));
        assertEquals(0, Http.body(http.get("/api/now/attachment?table_sys_id=" + userId, "Authorization", admin)).path("result").size());
    }

    @Test
    void badInputIs4xxInServiceNowsShapeAndStoresNothing() {
        String incident = newIncident();
        byte[] one = {1};
        assertError(401, http.get("/api/now/attachment"));
        assertError(400, upload(null, incident, "a.txt", "text/plain", one, BETH));
        assertError(400, upload("no_such_table", incident, "a.txt", "text/plain", one, BETH));
        assertError(400, upload("incident", "not-a-sys-id", "a.txt", "text/plain", one, BETH));
        assertError(404, upload("incident", "0123456789abcdef0123456789abcdef", "a.txt", "text/plain", one, BETH));
        assertError(400, upload("incident", incident, null, "text/plain", one, BETH));
        assertError(400, upload("incident", incident, "../../etc/passwd", "text/plain", one, BETH));
        assertError(400, upload("incident", incident, "a\r\nSet-Cookie: x=y", "text/plain", one, BETH));
        assertError(400, upload("incident", incident, "x".repeat(101), "text/plain", one, BETH));
        assertError(403, upload("incident", incident, "a.txt", "text/plain", one, ABEL));

        String boundary = "b" + UUID.randomUUID();
        byte[] good = multipart(boundary, Map.of("table_name", "incident", "table_sys_id", incident), "file", "a.txt", "text/plain", new byte[1000]);
        assertError(400, multipartPost("multipart/form-data", good));                              // no boundary
        assertError(400, multipartPost("application/json", good));
        assertError(400, multipartPost("multipart/form-data; boundary=" + boundary, java.util.Arrays.copyOf(good, good.length - 10)));  // cut short
        assertError(400, multipartPost("multipart/form-data; boundary=" + boundary, new byte[0]));
        assertError(400, multipartPost("multipart/form-data; boundary=" + boundary,
                multipart(boundary, Map.of("table_name", "incident", "table_sys_id", incident), null, null, null, null)));  // no file
        assertError(400, multipartPost("multipart/form-data; boundary=" + boundary,
                multipart(boundary, Map.of("table_sys_id", incident), "file", "a.txt", "text/plain", one)));               // no table
        assertError(400, multipartPost("multipart/form-data; boundary=" + boundary,
                ("--" + boundary + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)));
        assertError(400, multipartPost("multipart/form-data; boundary=" + boundary,
                multipart(boundary, Map.of("table_name", "incident", "table_sys_id", incident, "note", "x".repeat(5000)), "file", "a.txt", "text/plain", one)));
        assertEquals(0, Http.body(http.get("/api/now/attachment?table_sys_id=" + incident, "Authorization", BETH)).path("result").size(),
                "nothing half-written");
        assertEquals(201, multipartPost("multipart/form-data; boundary=" + boundary, good).statusCode(), "the same body, whole, is fine");

        assertError(404, http.get("/api/now/attachment/0123456789abcdef0123456789abcdef", "Authorization", BETH));
        assertError(404, http.get("/api/now/attachment/%3Cscript%3E", "Authorization", BETH));
        assertError(404, http.delete("/api/now/attachment/0123456789abcdef0123456789abcdef", "Authorization", BETH));
        assertError(400, http.get("/api/now/attachment?sysparm_query=no_such_field=1", "Authorization", BETH));
        assertError(400, http.get("/api/now/attachment?sysparm_limit=-1", "Authorization", BETH));
        assertError(405, http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/now/attachment/file"))
                .method("PUT", HttpRequest.BodyPublishers.ofString("x")), "Authorization", BETH));
    }

    // --- helpers

    private String newIncident() {
        HttpResponse<String> r = http.json("POST", "/api/now/table/incident", Map.of("short_description", "attachments " + UUID.randomUUID()),
                "Authorization", BETH);
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result").path("sys_id").asText();
    }

    private HttpResponse<String> upload(String table, String sysId, String fileName, String type, byte[] bytes, String authorization) {
        StringBuilder q = new StringBuilder("/api/now/attachment/file?");
        if (table != null) q.append("table_name=").append(Http.enc(table)).append('&');
        if (sysId != null) q.append("table_sys_id=").append(Http.enc(sysId)).append('&');
        if (fileName != null) q.append("file_name=").append(Http.enc(fileName));
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + q)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), "Authorization", authorization);
    }

    private HttpResponse<String> multipartPost(String contentType, byte[] body) {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/now/attachment/upload"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)), "Authorization", BETH);
    }

    static byte[] multipart(String boundary, Map<String, String> fields, String fileField, String fileName, String type, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet())
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        if (fileField != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private HttpResponse<byte[]> download(String url, String authorization) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void assertError(int status, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = Http.body(r);
        assertEquals("failure", body.path("status").asText(), r.body());
        assertFalse(body.path("error").path("message").asText().isEmpty(), r.body());
    }

    private static void assertInsufficientScope(HttpResponse<String> r) {
        assertError(403, r);
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"insufficient_scope\""), r.headers().map().toString());
    }

    /** A client_credentials application acting as admin ({@link Apps}); {@code fields} override the defaults. */
    private static Apps.App app(Object... fields) {
        return Apps.create(http, fields);
    }

    private static String token(Apps.App app, String scope) {
        HttpResponse<String> r = Apps.clientCredentials(http, app, "scope", scope);
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("access_token").asText();
    }
}
