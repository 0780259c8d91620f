package gatehouse.admin;

import gatehouse.Gatehouse;
import gatehouse.record.Actor;
import gatehouse.web.ClientAddress;
import gatehouse.web.LoginSessions;
import gatehouse.web.Requests;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One console request, already authenticated, authorised and CSRF-checked by {@link AdminServlet}:
 * reads parameters, names the actor for the audit log, and renders a JSP of {@code WEB-INF/jsp/admin/}.
 */
final class Console {
    static final String CSRF_PARAMETER = "csrf_token";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    final Gatehouse g;
    final HttpServletRequest req;
    final HttpServletResponse res;
    final LoginSessions.Current session;
    final Section section;
    /** The path segments after the section, e.g. {@code [sys_id, delete]}. */
    final List<String> rest;

    Console(Gatehouse g, HttpServletRequest req, HttpServletResponse res, LoginSessions.Current session, Section section, List<String> rest) {
        this.g = g;
        this.req = req;
        this.res = res;
        this.session = session;
        this.section = section;
        this.rest = rest;
    }

    boolean isPost() { return "POST".equals(req.getMethod()); }

    boolean isGet() { return "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod()); }

    /** A parameter that may appear once; a repeated one is a 400. */
    String param(String name) {
        try {
            return Requests.single(req, name);
        } catch (Requests.DuplicateParameterException e) {
            throw ConsoleException.badRequest("The field " + name + " was sent twice.");
        }
    }

    /** The list page's notice after a redirect with {@code done=created|saved|deleted}: "{what} created." and so on. */
    void listNotice(String what) {
        String done = param("done");
        if ("created".equals(done) || "saved".equals(done) || "deleted".equals(done)) set("notice", what + " " + done + ".");
    }

    /** A parameter, trimmed, or "" when absent. */
    String text(String name) {
        String v = param(name);
        return v == null ? "" : v.trim();
    }

    /** Every value of a repeated parameter (checkboxes). */
    List<String> params(String name) {
        String[] v = req.getParameterValues(name);
        return v == null ? List.of() : new ArrayList<>(Arrays.asList(v));
    }

    boolean checked(String name) {
        String v = param(name);
        return v != null && !v.isEmpty() && !"false".equals(v);
    }

    Actor actor() {
        return new Actor(session.user().userName, ClientAddress.of(req).address());
    }

    /** 1-based page number from {@code page}; a bad value is page 1. */
    int page() {
        String p = param("page");
        if (p == null || !p.matches("\\d{1,6}")) return 1;
        return Math.max(1, Integer.parseInt(p));
    }

    void set(String name, Object value) { req.setAttribute(name, value); }

    void render(String view, int status) throws IOException, ServletException {
        res.setStatus(status);
        req.getRequestDispatcher("/WEB-INF/jsp/admin/" + view + ".jsp").forward(req, res);
    }

    void render(String view) throws IOException, ServletException {
        render(view, 200);
    }

    /** 303 See Other to a console path (after a successful POST: reloading does not repeat it). */
    void redirect(String path) {
        res.setStatus(303);
        res.setHeader("Location", req.getContextPath() + "/admin/" + path);
    }

    String segment(int i) { return rest.size() > i ? rest.get(i) : null; }

    static String time(long epochMillis) {
        return epochMillis <= 0 ? "" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    static String time(Long epochMillis) {
        return epochMillis == null ? "" : time(epochMillis.longValue());
    }
}
