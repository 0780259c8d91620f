package gatehouse.authorize;

import gatehouse.Gatehouse;
import gatehouse.web.LoginSessions;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /logout.do}: GET asks to confirm (a link cannot log anyone out); POST with the session's CSRF token
 * deletes the login session on the server and clears the cookie.
 */
@WebServlet("/logout.do")
public class LogoutServlet extends GatehouseServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        Optional<LoginSessions.Current> session = g.sessions.current(req);
        if (session.isEmpty()) {
            Pages.message(req, res, 200, "Logged out", "You are logged out.");
            return;
        }
        req.setAttribute("userName", session.get().user().userName);
        req.setAttribute("csrfToken", session.get().csrfToken());
        Pages.render(req, res, 200, "logout");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        Optional<LoginSessions.Current> session = g.sessions.current(req);
        if (session.isPresent() && !LoginServlet.csrfOk(session.get(), req)) {
            Pages.message(req, res, 400, "Not logged out", "The form was missing its security token. Nothing was changed.");
            return;
        }
        g.sessions.end(req, res);
        Pages.redirect(res, 303, "/logout.do");
    }
}
