package gatehouse.authorize;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Users and applications created through the Table API, with unique names (tests share one server). */
final class Fixtures {
    private Fixtures() { }

    record TestUser(String name, String password, String sysId) { }

    record TestApp(String clientId, String clientSecret, String sysId) { }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static TestUser user(ServerProcess server) {
        String name = unique("person");
        String password = "pw-" + UUID.randomUUID();
        HttpResponse<String> r = Http.to(server).json("POST", "/api/now/table/sys_user",
                Map.of("user_name", name, "user_password", password, "roles", "itil"), "Authorization", Http.adminBasic());
        if (r.statusCode() != 201) throw new AssertionError("user not created: " + r.body());
        return new TestUser(name, password, Http.body(r).path("result").path("sys_id").asText());
    }

    /** A confidential application with the given redirect URLs and scopes useraccount, incident_read. */
    static TestApp app(ServerProcess server, List<String> redirects, Object... extra) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", unique("App"));
        fields.put("provider_name", "Tests");
        fields.put("redirect_urls", redirects);
        fields.put("auth_scopes", List.of("useraccount", "incident_read"));
        fields.put("default_scopes", List.of("incident_read"));
        for (int i = 0; i < extra.length; i += 2) fields.put((String) extra[i], extra[i + 1]);
        HttpResponse<String> r = Http.to(server).json("POST", "/api/now/table/oauth_entity", fields, "Authorization", Http.adminBasic());
        if (r.statusCode() != 201) throw new AssertionError("application not created: " + r.body());
        JsonNode a = Http.body(r).path("result");
        return new TestApp(a.path("client_id").asText(), a.path("client_secret").asText(null), a.path("sys_id").asText());
    }

    static void update(ServerProcess server, TestApp app, Map<String, Object> fields) {
        HttpResponse<String> r = Http.to(server).json("PATCH", "/api/now/table/oauth_entity/" + app.sysId(), fields,
                "Authorization", Http.adminBasic());
        if (r.statusCode() != 200) throw new AssertionError("application not updated: " + r.body());
    }

    static String location(HttpResponse<String> r) {
        return r.headers().firstValue("Location").orElse(null);
    }
}
