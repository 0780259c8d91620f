package gatehouse.authorize;

import gatehouse.Gatehouse;
import gatehouse.record.Actor;
import gatehouse.web.ClientAddress;
import gatehouse.web.LoginSessions;
import gatehouse.web.Requests;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /connected_apps.do}: the applications a person allowed (remembered consents and live grants), each
 * with a Revoke button (POST with the session's CSRF token) that forgets the consent and revokes the grants
 * and tokens of that person for that application.
 */
@WebServlet("/connected_apps.do")
public class ConnectedAppsServlet extends GatehouseServlet {
    static final String PATH = "/connected_apps.do";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        Optional<LoginSessions.Current> session = g.sessions.current(req);
        if (session.isEmpty()) {
            Pages.redirect(res, 302, LoginServlet.loginLocation(PATH));
            return;
        }
        req.setAttribute("apps", g.consents.connectedApps(session.get().user().sysId));
        req.setAttribute("csrfToken", session.get().csrfToken());
        req.setAttribute("userName", session.get().user().userName);
        req.setAttribute("revoked", "1".equals(req.getParameter("revoked")));
        Pages.render(req, res, 200, "connected_apps");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        Optional<LoginSessions.Current> session = g.sessions.current(req);
        if (session.isEmpty()) {
            Pages.redirect(res, 303, LoginServlet.loginLocation(PATH));
            return;
        }
        String clientId;
        try {
            clientId = Requests.single(req, "client_id");
        } catch (Requests.DuplicateParameterException e) {
            clientId = null;
        }
        if (!LoginServlet.csrfOk(session.get(), req) || clientId == null || clientId.length() > 200) {
            Pages.message(req, res, 400, "Not revoked", "The form was missing its security token or the application. Nothing was changed.");
            return;
        }
        g.consents.revoke(session.get().user().sysId, clientId, new Actor(session.get().user().userName, ClientAddress.of(req).address()));
        Pages.redirect(res, 303, PATH + "?revoked=1");
    }
}
