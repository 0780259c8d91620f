package gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The incident table over HTTP Basic: every verb, both addresses, roles, numbering, and refusals of bad input. */
class IncidentTableIT {
    static final String BETH = Http.basic("beth.anglin", "beth.anglin-demo-pw");      // itil
    static final String ABEL = Http.basic("abel.tuter", "abel.tuter-demo-pw");        // no role
    private final Http http = Http.to(TestServer.shared());

    static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private JsonNode create(Map<String, Object> fields) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/incident", fields, "Authorization", BETH);
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    @Test
    void incidentLifecycleOnBothAddresses() {
        String m = marker();
        HttpResponse<String> created = http.json("POST", "/api/now/table/incident", Map.of("short_description", "Mail is down " + m,
                "description", "since 9:00", "impact", 1, "urgency", "2", "category", "network", "caller_id", "abel.tuter"),
                "Authorization", BETH);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode inc = Http.body(created).path("result");
        String id = inc.path("sys_id").asText();
        assertTrue(id.matches("[0-9a-f]{32}"), id);
        assertTrue(inc.path("number").asText().matches("INC\\d{7}"), inc.toString());
        // changed in this version: every value a string, as ServiceNow writes them; references as {"link","value"}
        assertEquals("2", inc.path("priority").textValue(), "impact 1 + urgency 2 is priority 2");
        assertEquals("1", inc.path("state").textValue());
        assertEquals("beth.anglin", inc.path("sys_created_by").asText());
        String abel = userSysId("abel.tuter");
        assertEquals(abel, inc.path("caller_id").path("value").asText(), inc.toString());
        assertEquals(http.base() + "/api/now/table/sys_user/" + abel, inc.path("caller_id").path("link").asText());
        assertEquals(userSysId("beth.anglin"), inc.path("opened_by").path("value").asText(), "opened by the caller");
        assertEquals("", inc.path("assigned_to").textValue(), "an empty reference is an empty string");
        assertTrue(inc.path("opened_at").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
        for (String f : List.of("sys_id", "number", "short_description", "description", "state", "impact", "urgency", "priority",
                "category", "caller_id", "assigned_to", "opened_at", "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by"))
            assertTrue(inc.has(f), f);
        assertEquals(http.base() + "/api/now/table/incident/" + id, created.headers().firstValue("Location").orElseThrow());

        // any active user reads, on both addresses
        HttpResponse<String> read = http.get("/api/now/table/incident/" + id, "Authorization", ABEL);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(inc.path("number").asText(), Http.body(read).path("result").path("number").asText());
        HttpResponse<String> short_ = http.get("/api/now/incident/" + id, "Authorization", ABEL);
        assertEquals(200, short_.statusCode(), short_.body());
        assertEquals(id, Http.body(short_).path("result").path("sys_id").asText());
        HttpResponse<String> listShort = http.get("/api/now/incident?sysparm_query=short_descriptionLIKE" + m, "Authorization", ABEL);
        assertEquals(1, Http.body(listShort).path("result").size(), listShort.body());

        // PATCH changes what was sent; the priority follows impact and urgency
        HttpResponse<String> patched = http.json("PATCH", "/api/now/incident/" + id, Map.of("urgency", 3, "state", 2, "assigned_to", "beth.anglin"),
                "Authorization", BETH);
        assertEquals(200, patched.statusCode(), patched.body());
        JsonNode p = Http.body(patched).path("result");
        assertEquals("3", p.path("priority").textValue());
        assertEquals("2", p.path("state").textValue());
        assertEquals("since 9:00", p.path("description").asText());
        assertEquals(userSysId("beth.anglin"), p.path("assigned_to").path("value").asText());

        // a record read with GET can be sent back whole with PUT
        HttpResponse<String> again = http.get("/api/now/table/incident/" + id, "Authorization", BETH);
        HttpResponse<String> roundTrip = http.json("PUT", "/api/now/table/incident/" + id, Http.body(again).path("result"), "Authorization", BETH);
        assertEquals(200, roundTrip.statusCode(), roundTrip.body());
        assertEquals("since 9:00", Http.body(roundTrip).path("result").path("description").asText());

        // changed in this version: PUT changes only the fields sent, as PATCH does (ServiceNow's semantics)
        HttpResponse<String> replaced = http.json("PUT", "/api/now/table/incident/" + id, Map.of("short_description", "Replaced " + m),
                "Authorization", BETH);
        assertEquals(200, replaced.statusCode(), replaced.body());
        JsonNode r = Http.body(replaced).path("result");
        assertEquals("Replaced " + m, r.path("short_description").asText());
        assertEquals("since 9:00", r.path("description").asText(), r.toString());
        assertEquals("1", r.path("impact").textValue());
        assertEquals("3", r.path("priority").textValue());
        assertEquals(inc.path("number").asText(), r.path("number").asText(), "the number never changes");

        // no itil role: reads only
        assertEquals(403, http.json("PATCH", "/api/now/table/incident/" + id, Map.of("state", 7), "Authorization", ABEL).statusCode());
        assertEquals(403, http.delete("/api/now/table/incident/" + id, "Authorization", ABEL).statusCode());
        assertEquals(403, http.json("POST", "/api/now/table/incident", Map.of("short_description", "x"), "Authorization", ABEL).statusCode());

        HttpResponse<String> deleted = http.delete("/api/now/incident/" + id, "Authorization", BETH);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(404, http.get("/api/now/table/incident/" + id, "Authorization", BETH).statusCode());
        assertEquals(404, http.delete("/api/now/table/incident/" + id, "Authorization", BETH).statusCode());
        assertEquals(404, http.json("PATCH", "/api/now/table/incident/" + id, Map.of("state", 2), "Authorization", BETH).statusCode());
    }

    @Test
    void concurrentCreatesGetDistinctNumbers() throws Exception {
        String m = marker();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                calls.add(() -> http.json("POST", "/api/now/table/incident", Map.of("short_description", m + " #" + n),
                        "Authorization", Http.adminBasic()));
            }
            Set<String> numbers = new HashSet<>();
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                HttpResponse<String> r = f.get();
                assertEquals(201, r.statusCode(), r.body());
                numbers.add(Http.body(r).path("result").path("number").asText());
            }
            assertEquals(20, numbers.size(), numbers.toString());
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<String> list = http.get("/api/now/table/incident?sysparm_query=short_descriptionSTARTSWITH" + m, "Authorization", BETH);
        assertEquals("20", list.headers().firstValue("X-Total-Count").orElseThrow());
    }

    @Test
    void badInputIsA4xxInTheErrorShapeAndWritesNothing() {
        String m = marker();
        JsonNode existing = create(Map.of("short_description", "Victim " + m, "impact", 2));
        String id = existing.path("sys_id").asText();
        Object[] bodies = {
                "{not json",
                "{\"short_description\": \"" + m + "\",}",
                "[{\"short_description\": \"" + m + "\"}]",
                "\"" + m + "\"",
                "",
                "null",
                Map.of("short_description", m, "impact", "high"),
                Map.of("short_description", m, "impact", 4),
                Map.of("short_description", m, "impact", 1.5),
                Map.of("short_description", m, "state", 5),
                Map.of("short_description", m, "urgency", List.of(1)),
                Map.of("short_description", Map.of("text", m)),
                Map.of("short_description", m, "priority", 1),
                Map.of("short_description", m, "number", "INC0000001"),
                Map.of("short_description", m, "sys_created_by", "someone.else"),
                Map.of("short_description", m, "unknown_field", "x"),
                Map.of("short_description", m, "caller_id", "no.such.user." + m),
                Map.of("short_description", m, "opened_at", "yesterday"),
                Map.of("short_description", m + "x".repeat(200)),
                Map.of("short_description", m + "\u0001x"),
                "{\"short_description\": \"" + m + "\", \"impact\": 99999999999999999999999}",
                "[".repeat(5000) + "]".repeat(5000),
        };
        for (Object body : bodies) {
            HttpResponse<String> r = http.json("POST", "/api/now/table/incident", body, "Authorization", BETH);
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
            assertErrorShape(r);
            HttpResponse<String> patch = http.json("PATCH", "/api/now/table/incident/" + id, body, "Authorization", BETH);
            assertTrue(patch.statusCode() == 400, body + " -> " + patch.statusCode() + " " + patch.body());
            assertErrorShape(patch);
            HttpResponse<String> put = http.json("PUT", "/api/now/table/incident/" + id, body, "Authorization", BETH);
            assertTrue(put.statusCode() == 400, body + " -> " + put.statusCode() + " " + put.body());
        }
        // create needs a short description; PUT and PATCH cannot empty it
        assertEquals(400, http.json("POST", "/api/now/table/incident", Map.of("description", m), "Authorization", BETH).statusCode());
        assertEquals(400, http.json("PUT", "/api/now/table/incident/" + id, Map.of("short_description", " "), "Authorization", BETH).statusCode());
        assertEquals(400, http.json("PATCH", "/api/now/table/incident/" + id, Map.of("short_description", ""), "Authorization", BETH).statusCode());
        // a body over 1 MiB
        String big = "{\"short_description\": \"" + m + "\", \"description\": \"" + "x".repeat(1_100_000) + "\"}";
        HttpResponse<String> tooBig = http.json("POST", "/api/now/table/incident", big, "Authorization", BETH);
        assertEquals(413, tooBig.statusCode(), tooBig.body());
        assertErrorShape(tooBig);
        // not JSON at all
        HttpResponse<String> text = http.postRaw("/api/now/table/incident", "text/plain", "short_description=" + m, "Authorization", BETH);
        assertEquals(415, text.statusCode(), text.body());
        assertErrorShape(text);
        HttpResponse<String> form = http.postForm("/api/now/table/incident", Map.of("short_description", m), "Authorization", BETH);
        assertEquals(415, form.statusCode(), form.body());
        // wrong methods
        HttpResponse<String> deleteAll = http.delete("/api/now/table/incident", "Authorization", BETH);
        assertEquals(405, deleteAll.statusCode(), deleteAll.body());
        assertErrorShape(deleteAll);
        HttpResponse<String> postOnRecord = http.json("POST", "/api/now/table/incident/" + id, Map.of("short_description", m), "Authorization", BETH);
        assertEquals(405, postOnRecord.statusCode(), postOnRecord.body());
        HttpResponse<String> putAll = http.json("PUT", "/api/now/table/incident", Map.of("short_description", m), "Authorization", BETH);
        assertEquals(405, putAll.statusCode(), putAll.body());
        // a sys_id in the body that is not the URL's
        assertEquals(400, http.json("PATCH", "/api/now/table/incident/" + id, Map.of("sys_id", "0".repeat(32), "state", 2),
                "Authorization", BETH).statusCode());

        // nothing was written: no incident holds the marker but the one created above, which is unchanged
        HttpResponse<String> list = http.get("/api/now/table/incident?sysparm_query=short_descriptionLIKE" + m + "%5EORdescriptionLIKE" + m,
                "Authorization", BETH);
        assertEquals(200, list.statusCode(), list.body());
        assertEquals("1", list.headers().firstValue("X-Total-Count").orElseThrow(), list.body());
        JsonNode now = Http.body(http.get("/api/now/table/incident/" + id, "Authorization", BETH)).path("result");
        assertEquals(existing.path("sys_mod_count").asText(), now.path("sys_mod_count").asText());
        assertEquals("Victim " + m, now.path("short_description").asText());
    }

    private String userSysId(String userName) {
        HttpResponse<String> r = http.get("/api/now/table/sys_user?sysparm_query=user_name%3D" + userName, "Authorization", Http.adminBasic());
        return Http.body(r).path("result").get(0).path("sys_id").asText();
    }

    @Test
    void unsupportedAcceptIsRefusedInTheErrorShape() {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create(http.base() + "/api/now/table/incident"))
                .header("Accept", "application/xml").GET(), "Authorization", BETH);
        assertEquals(406, r.statusCode(), r.body());
    }

    static void assertErrorShape(HttpResponse<String> r) {
        JsonNode b = Http.body(r);
        assertEquals("failure", b.path("status").asText(), r.body());
        assertTrue(b.path("error").has("message"), r.body());
        assertTrue(b.path("error").has("detail"), r.body());
        assertFalse(r.body().contains("Exception"), r.body());
        assertNotEquals(500, r.statusCode());
    }
}
