package gatehouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser-like HTTP client logged in through /login.do, for testing the console's pages. */
final class ConsoleSession {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
    final Http http;

    private ConsoleSession(Http http) {
        this.http = http;
    }

    static ConsoleSession login(ServerProcess server, String user, String password) {
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

    HttpResponse<String> get(String path) {
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

    static String find(String body, String regex) {
        Matcher m = Pattern.compile(regex).matcher(body);
        if (!m.find()) throw new AssertionError("no match for " + regex + " in:\n" + body);
        return m.group(1);
    }
}
