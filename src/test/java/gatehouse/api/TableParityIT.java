package gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ServiceNow parity of the Table and Aggregate APIs (issue 15): the versioned paths, PUT as PATCH, values as
 * strings, references, display values, ServiceNow's encoded-query operators, the Aggregate API, journal fields.
 */
class TableParityIT {
    private static final String BETH = IncidentTableIT.BETH;
    private static final String ABEL = IncidentTableIT.ABEL;
    private final Http http = Http.to(TestServer.shared());
    private final String admin = Http.adminBasic();

    private JsonNode result(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    private String userId(String userName) {
        return result(http.get("/api/now/table/sys_user?sysparm_query=user_name%3D" + userName, "Authorization", admin), 200)
                .get(0).path("sys_id").asText();
    }

    private HttpResponse<String> get(String path, String query) {
        return http.get(path + "?" + query.replace("^", "%5E").replace(" ", "%20").replace(">", "%3E").replace("<", "%3C"), "Authorization", BETH);
    }

    @Test
    void versionedPathsAndPutChangesOnlyTheFieldsSent() {
        String m = IncidentTableIT.marker();
        JsonNode created = result(http.json("POST", "/api/now/v2/table/incident", Map.of("short_description", m, "description", "kept",
                "impact", 1, "urgency", 1), "Authorization", BETH), 201);
        String id = created.path("sys_id").asText();
        assertEquals(m, result(http.get("/api/now/v1/table/incident/" + id, "Authorization", BETH), 200).path("short_description").asText());
        JsonNode put = result(http.json("PUT", "/api/now/v2/table/incident/" + id, Map.of("urgency", "3"), "Authorization", BETH), 200);
        assertEquals("kept", put.path("description").asText(), "PUT keeps what it does not send");
        assertEquals("1", put.path("impact").asText());
        assertEquals("3", put.path("urgency").asText());
        assertEquals("3", put.path("priority").asText());
        assertEquals(1, result(get("/api/now/v1/table/incident", "sysparm_query=short_description=" + m), 200).size());
        assertEquals(1, result(get("/api/now/v2/table/incident", "sysparm_query=short_description=" + m), 200).size());
        assertEquals(404, http.get("/api/now/v3/table/incident", "Authorization", BETH).statusCode());
        assertEquals(204, http.delete("/api/now/v1/table/incident/" + id, "Authorization", BETH).statusCode());
    }

    @Test
    void valuesAreStringsAndReferencesAreLinks() {
        String m = IncidentTableIT.marker();
        String abel = userId("abel.tuter");
        JsonNode inc = result(http.json("POST", "/api/now/table/incident", Map.of("short_description", m, "caller_id", abel),
                "Authorization", BETH), 201);
        for (Iterator<Map.Entry<String, JsonNode>> it = inc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            assertTrue(v.isTextual() || v.isObject() && v.has("link") && v.has("value"), f.getKey() + " = " + v);
        }
        assertEquals("", inc.path("category").textValue(), "empty is an empty string, not null");
        assertEquals("", inc.path("assigned_to").textValue());
        assertTrue(inc.path("sys_mod_count").textValue().matches("\\d+"), inc.toString());
        assertTrue(inc.path("sys_created_on").asText().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), inc.toString());
        assertEquals(http.base() + "/api/now/table/sys_user/" + abel, inc.path("caller_id").path("link").asText());
        String id = inc.path("sys_id").asText();
        JsonNode plain = result(get("/api/now/table/incident/" + id, "sysparm_exclude_reference_link=true"), 200);
        assertEquals(abel, plain.path("caller_id").textValue());
        // the link leads to the user, whose values are strings too; the password never appears
        JsonNode user = result(http.get(inc.path("caller_id").path("link").asText().substring(http.base().length()), "Authorization", admin), 200);
        assertEquals("abel.tuter", user.path("user_name").asText());
        assertEquals("true", user.path("active").textValue());
        assertEquals("Abel Tuter", user.path("name").asText());
        assertFalse(user.has("user_password"), user.toString());
        assertFalse(result(get("/api/now/table/sys_user/" + abel, "sysparm_fields=user_password,user_name"), 403).has("user_password"));
        // input takes JSON numbers and booleans as well as strings
        JsonNode patched = result(http.json("PATCH", "/api/now/table/incident/" + id, Map.of("impact", 2, "urgency", "2"), "Authorization", BETH), 200);
        assertEquals("3", patched.path("priority").textValue());
        // a record read with display values and links can be sent back whole
        JsonNode all = result(get("/api/now/table/incident/" + id, "sysparm_display_value=all"), 200);
        HttpResponse<String> backAll = http.json("PUT", "/api/now/table/incident/" + id, all, "Authorization", BETH);
        assertEquals(200, backAll.statusCode(), backAll.body());
        JsonNode again = result(http.get("/api/now/table/incident/" + id, "Authorization", BETH), 200);
        HttpResponse<String> back = http.json("PUT", "/api/now/table/incident/" + id, again, "Authorization", BETH);
        assertEquals(200, back.statusCode(), back.body());
    }

    @Test
    void displayValuesAndInputDisplayValues() {
        String m = IncidentTableIT.marker();
        // a reference by display name where it is unambiguous; labels with sysparm_input_display_value=true
        JsonNode created = result(http.json("POST", "/api/now/table/incident?sysparm_input_display_value=true", Map.of("short_description", m,
                "urgency", "2 - Medium", "impact", "1 - High", "state", "In Progress", "caller_id", "Abel Tuter", "assigned_to", "beth.anglin"),
                "Authorization", BETH), 201);
        assertEquals("2", created.path("urgency").asText());
        assertEquals("1", created.path("impact").asText());
        assertEquals("2", created.path("state").asText());
        assertEquals(userId("abel.tuter"), created.path("caller_id").path("value").asText());
        assertEquals(userId("beth.anglin"), created.path("assigned_to").path("value").asText());
        String id = created.path("sys_id").asText();
        // without sysparm_input_display_value a label is not a value
        HttpResponse<String> label = http.json("PATCH", "/api/now/table/incident/" + id, Map.of("urgency", "3 - Low"), "Authorization", BETH);
        assertEquals(400, label.statusCode(), label.body());
        IncidentTableIT.assertErrorShape(label);

        JsonNode shown = result(get("/api/now/table/incident/" + id, "sysparm_display_value=true"), 200);
        assertEquals("In Progress", shown.path("state").asText());
        assertEquals("1 - High", shown.path("impact").asText());
        assertEquals("2 - Medium", shown.path("urgency").asText());
        assertEquals("2 - High", shown.path("priority").asText());
        assertEquals("Abel Tuter", shown.path("caller_id").path("display_value").asText(), shown.toString());
        assertTrue(shown.path("caller_id").path("link").asText().endsWith("/api/now/table/sys_user/" + userId("abel.tuter")));
        assertEquals("Beth Anglin", result(get("/api/now/table/incident/" + id, "sysparm_display_value=true&sysparm_exclude_reference_link=true"), 200)
                .path("assigned_to").textValue());
        JsonNode all = result(get("/api/now/table/incident", "sysparm_display_value=all&sysparm_query=short_description=" + m), 200).get(0);
        assertEquals("In Progress", all.path("state").path("display_value").asText());
        assertEquals("2", all.path("state").path("value").asText());
        assertEquals("Abel Tuter", all.path("caller_id").path("display_value").asText());
        assertEquals(userId("abel.tuter"), all.path("caller_id").path("value").asText());
        assertTrue(all.path("caller_id").has("link"));
        // a name that fits no one is refused, and so is one that fits two users
        String twin = "twin" + m;
        for (int i = 0; i < 2; i++)
            result(http.json("POST", "/api/now/table/sys_user", Map.of("user_name", twin + i, "first_name", "Twin", "last_name", m),
                    "Authorization", admin), 201);
        HttpResponse<String> ambiguous = http.json("PATCH", "/api/now/table/incident/" + id, Map.of("caller_id", "Twin " + m), "Authorization", BETH);
        assertEquals(400, ambiguous.statusCode(), ambiguous.body());
        assertTrue(ambiguous.body().contains("caller_id"), ambiguous.body());
        assertEquals(400, http.json("PATCH", "/api/now/table/incident/" + id, Map.of("caller_id", "Nobody " + m), "Authorization", BETH).statusCode());
    }

    /** Four incidents: a (impact 1, Abel), b (impact 2, Abel, assigned to Beth), c (impact 3, Beth), d (impact 3, no caller). */
    private String seed() {
        String m = IncidentTableIT.marker();
        Object[][] rows = {{"a", 1, "abel.tuter", null}, {"b", 2, "abel.tuter", "beth.anglin"}, {"c", 3, "beth.anglin", null}, {"d", 3, null, null}};
        for (Object[] r : rows) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("short_description", m + " " + r[0]);
            f.put("impact", r[1]);
            if (r[2] != null) f.put("caller_id", r[2]);
            if (r[3] != null) f.put("assigned_to", r[3]);
            result(http.json("POST", "/api/now/table/incident", f, "Authorization", BETH), 201);
        }
        return m;
    }

    private List<String> letters(String m, String query) {
        JsonNode rows = result(get("/api/now/table/incident", "sysparm_query=short_descriptionSTARTSWITH" + m + "^" + query), 200);
        List<String> out = new ArrayList<>();
        for (JsonNode r : rows) out.add(r.path("short_description").asText().substring(m.length() + 1));
        return out;
    }

    @Test
    void encodedQueriesAsServiceNowWritesThem() {
        String m = seed();
        String o = "^ORDERBYshort_description";
        assertEquals(List.of("a", "b"), letters(m, "caller_id.user_name=abel.tuter" + o));
        assertEquals(List.of("b"), letters(m, "assigned_to.active=true" + o));
        assertEquals(List.of("c", "d"), letters(m, "caller_id.user_name!=abel.tuter" + o));
        assertEquals(List.of("b", "c", "d"), letters(m, "impact>1" + o));
        assertEquals(List.of("a", "b"), letters(m, "impact<=2" + o));
        assertEquals(List.of("a", "c", "d"), letters(m, "impactIN1,3" + o));
        assertEquals(List.of("b"), letters(m, "impactNOT IN1,3" + o));
        assertEquals(List.of("b", "c", "d"), letters(m, "impactBETWEEN2@3" + o));
        assertEquals(List.of("d"), letters(m, "caller_idISEMPTY" + o));
        assertEquals(List.of("a", "b", "c"), letters(m, "caller_idISNOTEMPTY" + o));
        assertEquals(List.of("b", "d"), letters(m, "short_descriptionENDSWITHb^ORshort_descriptionENDSWITHd" + o));
        assertEquals(List.of("a", "c", "d"), letters(m, "short_descriptionNOT LIKE b" + o));
        assertEquals(List.of("a", "b", "c", "d"), letters(m, "short_descriptionANYTHING" + o));
        assertEquals(List.of("c", "d"), letters(m, "impactSAMEASurgency" + o));
        assertEquals(List.of("a", "b"), letters(m, "impactNSAMEASurgency" + o));
        assertEquals(List.of("a", "d"), letters(m, "impact=1^NQshort_descriptionSTARTSWITH" + m + "^caller_idISEMPTY" + o));
        assertEquals(List.of("c", "d", "b", "a"), letters(m, "ORDERBYDESCimpact^ORDERBYshort_description"));
        assertTrue(letters(m, "sys_created_on>2000-01-01 00:00:00" + o).size() == 4);
        assertEquals(List.of(), letters(m, "sys_created_on<2000-01-01" + o));
        HttpResponse<String> bad = get("/api/now/table/incident", "sysparm_query=caller_id.password_hash=x");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(Http.body(bad).path("error").path("detail").asText().contains("password_hash"), bad.body());
    }

    @Test
    void countAndPaginationHeadersCanBeLeftOutAndUnknownParametersAreIgnored() {
        String m = seed();
        String q = "sysparm_limit=2&sysparm_query=short_descriptionSTARTSWITH" + m;
        HttpResponse<String> normal = get("/api/now/table/incident", q);
        assertEquals("4", normal.headers().firstValue("X-Total-Count").orElseThrow());
        assertTrue(normal.headers().firstValue("Link").isPresent());
        HttpResponse<String> noCount = get("/api/now/table/incident", q + "&sysparm_no_count=true");
        assertEquals(2, result(noCount, 200).size());
        assertFalse(noCount.headers().firstValue("X-Total-Count").isPresent(), noCount.headers().toString());
        HttpResponse<String> noLink = get("/api/now/table/incident", q + "&sysparm_suppress_pagination_header=true");
        assertFalse(noLink.headers().firstValue("Link").isPresent());
        assertEquals("4", noLink.headers().firstValue("X-Total-Count").orElseThrow());
        HttpResponse<String> unknown = get("/api/now/table/incident", q + "&sysparm_view=desktop&sysparm_query_no_domain=true&sysparm_whatever=1");
        assertEquals(2, result(unknown, 200).size());
    }

    @Test
    void aggregateApiCountsGroupsAndAverages() {
        String m = seed();
        String q = "sysparm_query=short_descriptionSTARTSWITH" + m;
        JsonNode count = result(get("/api/now/stats/incident", q + "&sysparm_count=true"), 200);
        assertEquals("4", count.path("stats").path("count").textValue(), count.toString());
        JsonNode numbers = result(get("/api/now/stats/incident", q + "&sysparm_avg_fields=impact&sysparm_min_fields=impact&sysparm_max_fields=impact,priority"
                + "&sysparm_sum_fields=impact"), 200).path("stats");
        assertEquals("2.25", numbers.path("avg").path("impact").textValue(), numbers.toString());
        assertEquals("1", numbers.path("min").path("impact").textValue());
        assertEquals("3", numbers.path("max").path("impact").textValue());
        assertEquals("9", numbers.path("sum").path("impact").textValue());
        assertTrue(numbers.path("max").has("priority"));
        JsonNode groups = result(get("/api/now/v1/stats/incident", q + "&sysparm_count=true&sysparm_group_by=impact&sysparm_display_value=true"), 200);
        assertEquals(3, groups.size(), groups.toString());
        Map<String, String> byImpact = new LinkedHashMap<>();
        for (JsonNode g : groups) {
            JsonNode by = g.path("groupby_fields").get(0);
            assertEquals("impact", by.path("field").asText());
            byImpact.put(by.path("value").asText() + " " + by.path("display_value").asText(), g.path("stats").path("count").asText());
        }
        assertEquals(Map.of("1 1 - High", "1", "2 2 - Medium", "1", "3 3 - Low", "2"), byImpact);
        JsonNode byCaller = result(get("/api/now/stats/incident", q + "&sysparm_count=true&sysparm_group_by=caller_id.user_name"), 400);
        assertTrue(byCaller.isMissingNode());
        for (String bad : List.of("sysparm_avg_fields=short_description", "sysparm_sum_fields=password_hash", "sysparm_group_by=nope",
                "sysparm_query=stateLIKE1", "sysparm_count=maybe")) {
            HttpResponse<String> r = get("/api/now/stats/incident", bad);
            assertEquals(400, r.statusCode(), bad + " -> " + r.body());
            IncidentTableIT.assertErrorShape(r);
        }
        assertEquals(400, get("/api/now/stats/no_such_table", "sysparm_count=true").statusCode());
        // the table's own access rules: any user reads incident statistics, only admins sys_user's
        assertEquals(200, http.get("/api/now/stats/incident?sysparm_count=true", "Authorization", ABEL).statusCode());
        assertEquals(403, http.get("/api/now/stats/sys_user?sysparm_count=true", "Authorization", ABEL).statusCode());
        assertEquals(200, http.get("/api/now/stats/sys_user?sysparm_count=true&sysparm_group_by=active", "Authorization", admin).statusCode());
    }

    @Test
    void journalFieldsAreKeptAsEntries() {
        String m = IncidentTableIT.marker();
        JsonNode inc = result(http.json("POST", "/api/now/table/incident", Map.of("short_description", m, "work_notes", "first note " + m),
                "Authorization", BETH), 201);
        String id = inc.path("sys_id").asText();
        assertEquals("", inc.path("work_notes").textValue(), "a journal field's value is empty, as in ServiceNow");
        result(http.json("PUT", "/api/now/table/incident/" + id, Map.of("comments", "a comment " + m), "Authorization", BETH), 200);
        result(http.json("PATCH", "/api/now/table/incident/" + id, Map.of("work_notes", "second note " + m), "Authorization", BETH), 200);
        JsonNode shown = result(get("/api/now/table/incident/" + id, "sysparm_display_value=true"), 200);
        String notes = shown.path("work_notes").asText();
        assertTrue(notes.contains("beth.anglin (Work notes)\nsecond note " + m), notes);
        assertTrue(notes.indexOf("second note") < notes.indexOf("first note"), "newest first: " + notes);
        assertFalse(notes.contains("a comment"), notes);
        assertTrue(shown.path("comments").asText().contains("(Additional comments)\na comment " + m), shown.toString());

        JsonNode entries = result(get("/api/now/table/sys_journal_field", "sysparm_query=element_id=" + id + "^ORDERBYsys_created_on"), 200);
        assertEquals(3, entries.size(), entries.toString());
        assertEquals("incident", entries.get(0).path("name").asText());
        assertEquals("work_notes", entries.get(0).path("element").asText());
        assertEquals("first note " + m, entries.get(0).path("value").asText());
        assertEquals("beth.anglin", entries.get(0).path("sys_created_by").asText());
        assertEquals(1, result(get("/api/now/table/sys_journal_field", "sysparm_query=element_id=" + id + "^element=comments"), 200).size());
        // read-only over the Table API, for everyone
        assertEquals(405, http.json("POST", "/api/now/table/sys_journal_field", Map.of("value", "x"), "Authorization", admin).statusCode());
        String entry = entries.get(0).path("sys_id").asText();
        assertEquals(405, http.json("PATCH", "/api/now/table/sys_journal_field/" + entry, Map.of("value", "x"), "Authorization", admin).statusCode());
        assertEquals(405, http.delete("/api/now/table/sys_journal_field/" + entry, "Authorization", admin).statusCode());
        assertEquals(200, http.get("/api/now/table/sys_journal_field/" + entry, "Authorization", ABEL).statusCode());
        // deleted with its record
        assertEquals(204, http.delete("/api/now/table/incident/" + id, "Authorization", BETH).statusCode());
        assertEquals(0, result(get("/api/now/table/sys_journal_field", "sysparm_query=element_id=" + id), 200).size());
    }
}
