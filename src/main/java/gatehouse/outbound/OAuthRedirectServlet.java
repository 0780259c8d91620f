package gatehouse.outbound;

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
 * {@code /oauth_redirect.do}: where a provider returns the admin's browser (RFC 6749 §4.1.2). Checks the
 * state against this login session (single use), exchanges the code with the PKCE verifier, stores the tokens,
 * and says what happened — with the provider's own {@code error} and {@code error_description} when it refused.
 */
@WebServlet("/oauth_redirect.do")
public class OAuthRedirectServlet extends GatehouseServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        OAuthInitiatorServlet.noStore(res);
        Optional<LoginSessions.Current> session = g.sessions.current(req);
        if (session.isEmpty()) {
            OAuthInitiatorServlet.result(req, res, 401, false, null, "login_required",
                    "Your login session ended before the provider answered. Log in and use Get OAuth Token again.");
            return;
        }
        AuthorizationCodeFlow.Completion done = g.outbound.authorizationCode.complete(
                OAuthInitiatorServlet.param(req, "state"), OAuthInitiatorServlet.param(req, "code"),
                OAuthInitiatorServlet.param(req, "error"), OAuthInitiatorServlet.param(req, "error_description"),
                session.get().idHash(), session.get().user().userName);
        int status = done.success() ? 200 : "invalid_state".equals(done.error()) || "invalid_request".equals(done.error()) ? 400 : 200;
        OAuthInitiatorServlet.result(req, res, status, done.success(), done.profileName(), done.error(), done.errorDescription());
    }
}
