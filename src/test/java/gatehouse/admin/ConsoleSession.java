package gatehouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like HTTP client logged in through /login.do, for testing the console's pages. */
public final class ConsoleSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
    final Http http;

    private ConsoleSession(Http http) {
        this.http = http;
    }

    public static ConsoleSession login(ServerProcess server, String user, String password) {
        Http h = Http.browser(server);
        HttpResponse<String> form = h.get("/login.do?return_to=%2Fadmin%2F");
        assertEquals(200, form.statusCode(), form.body());
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(form.body());
        while (hidden.find()) fields.put(hidden.group(1), hidden.group(2).replace("&#039;", "'").replace("&amp;", "&"));
        fields.put("user_name", user);
        fields.put("user_password", password);
        HttpResponse<String> r = h.postForm("/login.do", fields);
        assertEquals(303, r.statusCode(), "login as " + user + ": " + r.body());
        return new ConsoleSession(h);
    }

    public HttpResponse<String> get(String path) {
        return http.get(path);
    }

    /** POSTs a form with this session's CSRF token (read from a console page). */
    HttpResponse<String> post(String path, Map<String, String> form) {
        Map<String, String> f = new LinkedHashMap<>(form);
        f.put("csrf_token", csrf());
        return http.postForm(path, f);
    }

    HttpResponse<String> postRaw(String path, String body) {
        return http.postRaw(path, "application/x-www-form-urlencoded", body);
    }

    String csrf() {
        HttpResponse<String> page = http.get("/admin/audit");
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) throw new AssertionError("no CSRF token on a console page: " + page.statusCode() + " " + page.body());
        return m.group(1);
    }

    /**
     * The application form's fields as most tests fill them (provider Tests, opaque tokens, 900 s / 1 day lifespans,
     * RS256, active) for a new application of {@code kind} named {@code name}; the caller puts or removes the rest.
     */
    static Map<String, String> applicationFields(String kind, String name) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("kind", kind);
        f.put("name", name);
        f.put("provider_name", "Tests");
        f.put("token_format", "opaque");
        f.put("access_token_lifespan", "900");
        f.put("refresh_token_lifespan", "86400");
        f.put("signing_alg", "RS256");
        f.put("active", "true");
        return f;
    }

    /**
     * POSTs the application form to {@code path} ({@code /admin/applications/new} or an application's page): {@code fields},
     * then {@code lists} as written ({@code &auth_scopes=…&grant_types=…}: the repeated fields), then this session's CSRF token.
     */
    HttpResponse<String> postApplication(String path, Map<String, String> fields, String lists) {
        return postRaw(path, Http.form(fields) + lists + "&csrf_token=" + csrf());
    }

    /** The sys_id of the application an "Application created" page links to. */
    static String createdApplication(HttpResponse<String> created) {
        return find(created.body(), "/admin/applications/([0-9a-f]{32})\"");
    }

    /** The application's record as the Table API answers it to the admin. */
    static JsonNode application(ServerProcess server, String sysId) {
        HttpResponse<String> r = Http.to(server).get("/api/now/table/oauth_entity/" + sysId, "Authorization", Http.adminBasic());
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    public static String find(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        if (!m.find()) throw new AssertionError("no match for " + regex + " in:\n" + body);
        return m.group(1);
    }
}
