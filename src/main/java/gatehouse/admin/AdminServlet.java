package gatehouse.admin;

import gatehouse.Gatehouse;
import gatehouse.record.RecordNotFoundException;
import gatehouse.web.LoginSessions;
import gatehouse.web.GatehouseServlet;
import gatehouse.web.Requests;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin console at {@code /admin/} (CONTRACT "Admin console"). Every request passes the same steps,
 * in this order, before any page sees it:
 * <ol>
 * <li>a login session ({@link LoginSessions#current}); none: the login page, then back here;</li>
 * <li>a console role ({@code admin} or {@code oauth_admin}); else a 403 page;</li>
 * <li>the section's role ({@link Section#allows}); else a 403 page;</li>
 * <li>a POST carries this session's CSRF token; else a 403 page and nothing changes.</li>
 * </ol>
 */
@WebServlet(urlPatterns = {"/admin", "/admin/*"})
public class AdminServlet extends GatehouseServlet {
    private final Map<Section, Pages> pages = new EnumMap<>(Section.class);

    @Override
    public void init() {
        pages.put(Section.HOME, new HomePages());
        pages.put(Section.APPLICATIONS, new ApplicationPages());
        pages.put(Section.SCOPES, new ScopePages());
        pages.put(Section.POLICIES, new PolicyPages());
        pages.put(Section.TOKENS, new TokenPages());
        pages.put(Section.KEYS, new KeyPages());
        pages.put(Section.USERS, new UserPages());
        pages.put(Section.OUTBOUND, new OutboundPages());
        pages.put(Section.AUDIT, new AuditPages());
        pages.put(Section.CORS_RULES, new CorsRulePages());
        pages.put(Section.REGISTRATION_TOKENS, new RegistrationTokenPages());
        pages.put(Section.SETTINGS, new SettingsPages());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        handle(req, res);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        handle(req, res);
    }

    private void handle(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        req.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-store");
        Gatehouse g = Gatehouse.from(getServletContext());
        String method = req.getMethod();

        Optional<LoginSessions.Current> current = g.sessions.current(req);
        if (current.isEmpty()) {
            toLogin(req, res);
            return;
        }
        LoginSessions.Current session = current.get();
        req.setAttribute("session", session);
        req.setAttribute("csrfToken", session.csrfToken());
        req.setAttribute("currentUser", session.user().userName);
        req.setAttribute("sections", Arrays.stream(Section.values()).filter(s -> pages.containsKey(s) && s.allows(session.user())).toList());
        if (!Section.mayEnter(session.user())) {
            refuse(req, res, 403, "Not allowed", "The admin console needs the admin or oauth_admin role.");
            return;
        }

        List<String> segments = segments(req.getPathInfo());
        if (segments.isEmpty() && req.getPathInfo() == null) {
            res.setStatus(302);                 // /admin: the home is /admin/, so that its relative links work
            res.setHeader("Location", req.getContextPath() + "/admin/");
            return;
        }
        Section section = segments.isEmpty() ? Section.HOME : Section.byPath(segments.get(0));
        Pages handler = section == null ? null : pages.get(section);
        if (handler == null) {
            refuse(req, res, 404, "Not found", "There is no such page in the console.");
            return;
        }
        req.setAttribute("section", section);
        if (!section.allows(session.user())) {
            refuse(req, res, 403, "Not allowed", section.getTitle() + " needs the admin role.");
            return;
        }
        if (method.equals("POST")) {
            String[] tokens = req.getParameterValues(Console.CSRF_PARAMETER);
            if (tokens == null || tokens.length != 1 || !LoginSessions.csrfMatches(session, tokens[0])) {
                refuse(req, res, 403, "Form expired",
                        "This form did not carry a valid security token, so nothing was changed. Go back, reload the page and try again.");
                return;
            }
        }
        Console c = new Console(g, req, res, session, section, segments.isEmpty() ? segments : segments.subList(1, segments.size()));
        try {
            handler.serve(c);
        } catch (ConsoleException e) {
            refuse(req, res, e.status, e.title, e.getMessage());
        } catch (RecordNotFoundException e) {
            refuse(req, res, 404, "Not found", "That record does not exist (any more).");
        }
    }

    private static List<String> segments(String pathInfo) {
        List<String> out = new ArrayList<>();
        if (pathInfo == null) return out;
        for (String s : pathInfo.split("/")) if (!s.isEmpty()) out.add(s);
        return out;
    }

    private static void toLogin(HttpServletRequest req, HttpServletResponse res) {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if ("GET".equals(req.getMethod()) && req.getQueryString() != null) path += "?" + req.getQueryString();
        res.setStatus(302);
        res.setHeader("Location", req.getContextPath() + Requests.loginLocation(path));
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse res, int status, String title, String message)
            throws IOException, ServletException {
        if (res.isCommitted()) return;
        res.resetBuffer();
        req.setAttribute("title", title);
        req.setAttribute("message", message);
        res.setStatus(status);
        req.getRequestDispatcher("/WEB-INF/jsp/admin/message.jsp").forward(req, res);
    }
}
