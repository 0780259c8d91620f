package gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sysparm_query, sysparm_limit, sysparm_offset, sysparm_fields, X-Total-Count and Link over HTTP. */
class TableQueryIT {
    private final Http http = Http.to(TestServer.shared());
    private final String admin = Http.adminBasic();

    private HttpResponse<String> list(String table, String query) {
        return http.get("/api/now/table/" + table + "?" + query.replace("^", "%5E"), "Authorization", admin);
    }

    private List<String> numbers(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        for (JsonNode n : Http.body(r).path("result")) out.add(n.path("short_description").asText());
        return out;
    }

    /** Five incidents "<m> a".."<m> e" with impact 1,1,2,3,3 and categories network/hardware. */
    private String seed() {
        String m = IncidentTableIT.marker();
        String[][] rows = {{"a", "1", "network"}, {"b", "1", "hardware"}, {"c", "2", "network"}, {"d", "3", "software"}, {"e", "3", ""}};
        for (String[] r : rows) {
            HttpResponse<String> c = http.json("POST", "/api/now/table/incident", Map.of("short_description", m + " " + r[0],
                    "impact", r[1], "category", r[2], "description", r[0].equals("c") ? "Contains 100%_done" : "plain"), "Authorization", admin);
            assertEquals(201, c.statusCode(), c.body());
        }
        return m;
    }

    @Test
    void operatorsAndOrdering() {
        String m = seed();
        String base = "sysparm_query=short_descriptionSTARTSWITH" + m;
        assertEquals(List.of(m + " a", m + " b", m + " c", m + " d", m + " e"), numbers(list("incident", base + "^ORDERBYshort_description")));
        assertEquals(List.of(m + " e", m + " d", m + " c", m + " b", m + " a"), numbers(list("incident", base + "^ORDERBYDESCshort_description")));
        assertEquals(List.of(m + " a", m + " b"), numbers(list("incident", base + "^impact=1^ORDERBYshort_description")));
        assertEquals(List.of(m + " c", m + " d", m + " e"), numbers(list("incident", base + "^impact!=1^ORDERBYshort_description")));
        // != also matches an empty field, = with no value matches only empty ones
        assertEquals(List.of(m + " b", m + " d", m + " e"), numbers(list("incident", base + "^category!=network^ORDERBYshort_description")));
        assertEquals(List.of(m + " e"), numbers(list("incident", base + "^category=")));
        // ^OR binds tighter than ^
        assertEquals(List.of(m + " a", m + " b", m + " d"), numbers(list("incident",
                base + "^impact=1^ORcategory=software^ORDERBYshort_description")));
        // LIKE is a case-insensitive "contains"; its wildcards are plain characters
        assertEquals(List.of(m + " c"), numbers(list("incident", base + "^descriptionLIKE" + Http.enc("100%_D"))));
        assertEquals(List.of(), numbers(list("incident", base + "^descriptionLIKE" + Http.enc("1_0"))));
        assertEquals(5, numbers(list("incident", "sysparm_query=short_descriptionLIKE" + m.toUpperCase())).size());
        // sort by a number, then descending by text
        assertEquals(List.of(m + " e", m + " d", m + " c", m + " b", m + " a"),
                numbers(list("incident", base + "^ORDERBYDESCimpact^ORDERBYDESCshort_description")));
        // priority is queryable (impact 1 + urgency 3 = priority 3)
        assertEquals(2, numbers(list("incident", base + "^priority=3")).size());
    }

    @Test
    void pagingHeadersAndFields() {
        String m = seed();
        String q = "sysparm_query=short_descriptionSTARTSWITH" + m + "^ORDERBYshort_description";
        HttpResponse<String> page = list("incident", q + "&sysparm_limit=2&sysparm_offset=2&sysparm_fields=number,short_description");
        assertEquals(List.of(m + " c", m + " d"), numbers(page));
        assertEquals("5", page.headers().firstValue("X-Total-Count").orElseThrow());
        String link = page.headers().firstValue("Link").orElseThrow();
        assertTrue(link.contains("sysparm_offset=4") && link.contains("rel=\"next\""), link);
        assertTrue(link.contains("rel=\"prev\"") && link.contains("rel=\"first\"") && link.contains("rel=\"last\""), link);
        assertTrue(link.contains("sysparm_query="), "links keep the query: " + link);
        JsonNode first = Http.body(page).path("result").get(0);
        assertEquals(2, first.size(), first.toString());
        assertTrue(first.has("number"));
        HttpResponse<String> last = list("incident", q + "&sysparm_limit=2&sysparm_offset=4");
        assertEquals(List.of(m + " e"), numbers(last));
        assertFalse(last.headers().firstValue("Link").orElse("").contains("rel=\"next\""));
        HttpResponse<String> beyond = list("incident", q + "&sysparm_offset=2147483647");
        assertEquals(List.of(), numbers(beyond));
        assertEquals("5", beyond.headers().firstValue("X-Total-Count").orElseThrow());
        HttpResponse<String> zero = list("incident", q + "&sysparm_limit=0");
        assertEquals(List.of(), numbers(zero));
        assertEquals("5", zero.headers().firstValue("X-Total-Count").orElseThrow());
        assertEquals(5, numbers(list("incident", q + "&sysparm_limit=2147483647")).size(), "clamped, not refused");
    }

    @Test
    void badParametersAre400AndTheTableStillWorks() {
        String[] bad = {
                "sysparm_limit=-1", "sysparm_limit=2147483648", "sysparm_limit=99999999999999999999", "sysparm_limit=ten",
                "sysparm_limit=1e3", "sysparm_limit=1&sysparm_limit=2", "sysparm_offset=-5", "sysparm_offset=x",
                "sysparm_query=" + Http.enc("number=1' OR '1'='1'; DROP TABLE incident; --") + "^" + Http.enc("1=1"),
                "sysparm_query=" + Http.enc("password_hash=x"),
                "sysparm_query=" + Http.enc("number) OR 1=1 --=x"),
                "sysparm_query=" + Http.enc("state>one"),
                "sysparm_query=" + Http.enc("stateIN1,two"),
                "sysparm_query=" + Http.enc("caller_id.password_hash=x"),
                "sysparm_query=" + Http.enc("caller_id.manager.user_name=x"),
                "sysparm_display_value=maybe",
                "sysparm_exclude_reference_link=yes",
                "sysparm_no_count=2",
                "sysparm_query=" + Http.enc("state=abc"),
                "sysparm_query=" + Http.enc("stateLIKE1"),
                "sysparm_query=" + Http.enc("ORDERBYsys_id; DROP TABLE incident"),
                "sysparm_query=" + Http.enc("^ORstate=1"),
                "sysparm_query=" + Http.enc("state=1^NQ"),
                "sysparm_query=" + "number%3D" + "x".repeat(5000),
                "sysparm_query=" + "state%3D1%5E".repeat(150),
        };
        for (String q : bad) {
            HttpResponse<String> r = list("incident", q);
            assertEquals(400, r.statusCode(), q + " -> " + r.body());
            IncidentTableIT.assertErrorShape(r);
        }
        // quotes and SQL in a value are only a value
        HttpResponse<String> sql = list("incident", "sysparm_query=" + Http.enc("short_description=x' OR '1'='1"));
        assertEquals(200, sql.statusCode(), sql.body());
        assertEquals("0", sql.headers().firstValue("X-Total-Count").orElseThrow());
        HttpResponse<String> sqlLike = list("incident", "sysparm_query=" + Http.enc("short_descriptionLIKE'; DROP TABLE incident; --"));
        assertEquals(200, sqlLike.statusCode(), sqlLike.body());
        HttpResponse<String> all = list("incident", "sysparm_limit=1");
        assertEquals(200, all.statusCode());
        assertTrue(Long.parseLong(all.headers().firstValue("X-Total-Count").orElseThrow()) >= 3, "the table is still there");
    }

    @Test
    void usersAndApplicationsAreQueryable() {
        HttpResponse<String> users = list("sys_user", "sysparm_query=" + Http.enc("user_name=beth.anglin^ORuser_name=abel.tuter^ORDERBYDESCuser_name"));
        assertEquals(200, users.statusCode(), users.body());
        JsonNode rows = Http.body(users).path("result");
        assertEquals(2, rows.size(), users.body());
        assertEquals("beth.anglin", rows.get(0).path("user_name").asText());
        HttpResponse<String> itil = list("sys_user", "sysparm_query=" + Http.enc("rolesLIKEitil^active=true") + "&sysparm_fields=user_name");
        assertEquals(200, itil.statusCode(), itil.body());
        assertTrue(itil.body().contains("integration.bot"), itil.body());
        assertEquals(400, list("sys_user", "sysparm_query=password_hash%3Dx").statusCode());
        assertEquals(400, list("sys_user", "sysparm_query=user_password%3Dx").statusCode());

        HttpResponse<String> apps = list("oauth_entity", "sysparm_query=" + Http.enc("client_idSTARTSWITHdemo-^public_client=true"));
        assertEquals(200, apps.statusCode(), apps.body());
        assertEquals(1, Http.body(apps).path("result").size(), apps.body());
        assertEquals("demo-public", Http.body(apps).path("result").get(0).path("client_id").asText());
        assertEquals(400, list("oauth_entity", "sysparm_query=client_secret_hash%3Dx").statusCode());
        assertEquals(400, list("oauth_entity", "sysparm_query=client_secret%3Dx").statusCode());
    }

    /** Issue 14: the Link header repeated the whole query string four times; 2 KB of junk made it a 500. */
    @Test
    void linkHeaderCarriesOnlySysparmParametersAndIsLeftOutWhenItWouldNotFit() {
        String m = seed();
        String junk = "x".repeat(2048);
        HttpResponse<String> r = list("incident", "sysparm_query=short_descriptionSTARTSWITH" + m + "&sysparm_limit=2&junk=" + junk
                + "&other=" + junk + "&sysparm_fields=number");
        assertEquals(200, r.statusCode(), r.body());
        String link = r.headers().firstValue("Link").orElseThrow();
        assertFalse(link.contains("junk") || link.contains("other") || link.contains("xxxx"), link);
        assertTrue(link.contains("rel=\"next\"") && link.contains("sysparm_offset=2&sysparm_limit=2"), link);
        assertTrue(link.contains("sysparm_query=short_descriptionSTARTSWITH" + m) && link.contains("sysparm_fields=number"), link);
        assertTrue(link.startsWith("<" + http.base() + "/api/now/table/incident?"), link);
        // a sysparm_query too long to repeat four times in a header: still a 200, without Link
        String longQuery = "short_descriptionSTARTSWITH" + m + ("^ORshort_description=" + "y".repeat(90)).repeat(30);
        HttpResponse<String> big = list("incident", "sysparm_query=" + longQuery + "&sysparm_limit=2");
        assertEquals(200, big.statusCode(), big.body());
        assertEquals(2, Http.body(big).path("result").size(), big.body());
        assertTrue(big.headers().firstValue("Link").isEmpty(), "no Link header over 2 KB");
        for (var h : big.headers().map().entrySet())
            for (String v : h.getValue()) assertTrue(v.length() < 1024, "no header grows with the input: " + h.getKey());
    }
}
