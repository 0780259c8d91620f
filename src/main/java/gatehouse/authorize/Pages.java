package gatehouse.authorize;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Renders the JSPs of the login, consent, connected-apps and logout pages: never cached (they hold per-session tokens). */
public final class Pages {
    private Pages() { }

    public static void render(HttpServletRequest req, HttpServletResponse res, int status, String jsp) throws IOException, ServletException {
        res.setStatus(status);
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Pragma", "no-cache");
        res.setContentType("text/html;charset=UTF-8");
        req.getRequestDispatcher("/WEB-INF/jsp/" + jsp + ".jsp").forward(req, res);
    }

    /** A page with a heading and one message (e.g. the 400 page of a refused authorization request). */
    public static void message(HttpServletRequest req, HttpServletResponse res, int status, String title, String message)
            throws IOException, ServletException {
        req.setAttribute("title", title);
        req.setAttribute("message", message);
        render(req, res, status, "message");
    }

    /** 302/303 to {@code location}, with nothing cached. */
    public static void redirect(HttpServletResponse res, int status, String location) {
        res.setStatus(status);
        res.setHeader("Location", location);
        res.setHeader("Cache-Control", "no-store");
    }
}
