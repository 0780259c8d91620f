package gatehouse.token;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Test applications, created through the Table API as an admin would. */
public final class Apps {
    static final String DEMO = "demo-confidential";
    static final String DEMO_SECRET = "demo-confidential-secret-change-me";

    public record App(String sysId, String clientId, String secret) {
        public String basic() { return Http.basic(clientId, secret); }
    }

    private Apps() { }

    /** A confidential application; {@code fields} add to or override the defaults (client_credentials as admin). */
    public static App create(Http http, Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Test app " + UUID.randomUUID());
        body.put("provider_name", "Tests");
        body.put("client_id", "app-" + UUID.randomUUID().toString().substring(0, 13));
        body.put("redirect_urls", "https://client.example.com/cb");
        body.put("grant_types", "authorization_code,refresh_token,client_credentials");
        body.put("auth_scopes", "useraccount,incident_read,incident_write");
        body.put("client_credentials_user", "admin");
        for (int i = 0; i < fields.length; i += 2) body.put((String) fields[i], fields[i + 1]);
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", Http.adminBasic());
        if (r.statusCode() != 201) throw new AssertionError("cannot create app: " + r.statusCode() + " " + r.body());
        JsonNode app = Http.body(r).path("result");
        return new App(app.path("sys_id").asText(), app.path("client_id").asText(), app.path("client_secret").asText(null));
    }

    static void update(Http http, App app, Object... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) body.put((String) fields[i], fields[i + 1]);
        HttpResponse<String> r = http.json("PATCH", "/api/now/table/oauth_entity/" + app.sysId(), body, "Authorization", Http.adminBasic());
        if (r.statusCode() != 200) throw new AssertionError("cannot update app: " + r.statusCode() + " " + r.body());
    }

    /** A client_credentials token request with Basic authentication. */
    public static HttpResponse<String> clientCredentials(Http http, App app, String... extra) {
        Map<String, String> form = Http.map("grant_type", "client_credentials");
        for (int i = 0; i < extra.length; i += 2) form.put(extra[i], extra[i + 1]);
        return http.postForm("/oauth_token.do", form, "Authorization", app.basic());
    }

    /** The status of an API call with this bearer token: 200 for an admin's live token, 401 for a dead one. */
    static int api(Http http, String accessToken) {
        return http.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", "Bearer " + accessToken).statusCode();
    }

    static App demo() {
        return new App(null, DEMO, DEMO_SECRET);
    }
}
