package gatehouse.oidc;

import gatehouse.Gatehouse;
import gatehouse.authorize.Pages;
import gatehouse.web.LoginSessions;
import gatehouse.web.Requests;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /oauth_logout.do}, the {@code end_session_endpoint} (OpenID Connect RP-Initiated Logout 1.0 §2), GET and
 * POST. HTTP in, HTTP out: the logic is {@link RpLogout}. A POST carrying {@value #CONFIRM} is the answer of the
 * confirmation page this servlet rendered (with the session's CSRF token).
 */
@WebServlet("/oauth_logout.do")
public class LogoutEndpointServlet extends GatehouseServlet {
    static final String CONFIRM = "gh_confirm";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        handle(req, res, false);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        handle(req, res, true);
    }

    private void handle(HttpServletRequest req, HttpServletResponse res, boolean post) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        try {
            RpLogout.Request r = new RpLogout.Request(Requests.single(req, "id_token_hint"), Requests.single(req, "client_id"),
                    Requests.single(req, "post_logout_redirect_uri"), Requests.single(req, "state"));
            Optional<LoginSessions.Current> session = g.sessions.current(req);
            RpLogout.Decision d = g.rpLogout.decide(r, session);
            boolean confirmed = post && Requests.single(req, CONFIRM) != null;
            if (confirmed && session.isPresent() && !LoginSessions.csrfMatches(session.get(), Requests.single(req, "csrf_token"))) {
                Pages.message(req, res, 400, "Not logged out", "The form was missing its security token. Nothing was changed.");
                return;
            }
            if (d.confirm() && !confirmed) {
                req.setAttribute("userName", session.get().user().userName);
                req.setAttribute("csrfToken", session.get().csrfToken());
                req.setAttribute("appName", d.appName());
                req.setAttribute("clientId", d.clientId());
                req.setAttribute("postLogoutRedirectUri", d.redirect() == null ? null : r.postLogoutRedirectUri());
                req.setAttribute("state", r.state());
                Pages.render(req, res, 200, "oidc_logout");
                return;
            }
            g.sessions.end(req, res);
            if (d.redirect() != null) Pages.redirect(res, post ? 303 : 302, d.redirect());
            else Pages.message(req, res, 200, "Logged out", "You are logged out of Gatehouse.");
        } catch (RpLogout.Refused e) {
            Pages.message(req, res, 400, "Logout request refused", e.getMessage());
        } catch (Requests.DuplicateParameterException e) {
            Pages.message(req, res, 400, "Logout request refused", "The " + e.parameter + " parameter is repeated.");
        }
    }
}
