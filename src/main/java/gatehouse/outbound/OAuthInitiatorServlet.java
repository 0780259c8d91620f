package gatehouse.outbound;

import gatehouse.Gatehouse;
import gatehouse.store.Application;
import gatehouse.store.OAuthCredential;
import gatehouse.store.OAuthProfile;
import gatehouse.store.RestMessage;
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
 * Get OAuth Token ({@code /oauth_initiator.do}, CONTRACT "Outbound OAuth"). GET shows the profile and the
 * button; the POST (login session with admin or oauth_admin, CSRF token) sends the browser to the provider for
 * the authorization code grant, or fetches the token at once for the other grants (the password grant with the
 * user name and password typed here, kept by no one).
 */
@WebServlet("/oauth_initiator.do")
public class OAuthInitiatorServlet extends GatehouseServlet {
    static final String PAGE = "/WEB-INF/jsp/outbound/get_token.jsp";
    static final String RESULT = "/WEB-INF/jsp/outbound/token_result.jsp";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        noStore(res);
        Optional<LoginSessions.Current> session = admin(g, req, res);
        if (session.isEmpty()) return;
        OAuthProfile profile = profile(g, req, res);
        if (profile == null) return;
        show(g, req, res, session.get(), profile, null);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        noStore(res);
        Optional<LoginSessions.Current> session = admin(g, req, res);
        if (session.isEmpty()) return;
        if (!LoginSessions.csrfMatches(session.get(), param(req, "csrf_token"))) {
            result(req, res, 403, false, null, "invalid_request", "The form has expired or did not come from this site. Open Get OAuth Token again.");
            return;
        }
        OAuthProfile profile = profile(g, req, res);
        if (profile == null) return;
        String actor = session.get().user().userName;
        try {
            if (Providers.AUTHORIZATION_CODE.equals(profile.grantType)) {
                String to = g.outbound.authorizationCode.start(profile, session.get().idHash(), session.get().user().sysId);
                res.setStatus(303);
                res.setHeader("Location", to);
                return;
            }
            String user = param(req, "username");
            String password = param(req, "password");
            if (Providers.PASSWORD.equals(profile.grantType) && (user == null || user.isBlank() || password == null || password.isEmpty())) {
                show(g, req, res, session.get(), profile, "Enter the user name and password of the account at the provider.");
                return;
            }
            g.outbound.tokens.fetchNow(profile, user, password, actor);
            result(req, res, 200, true, profile.name, null, null);
        } catch (OutboundException.ProviderRefused e) {
            result(req, res, 502, false, profile.name, e.error, e.errorDescription);
        } catch (OutboundException e) {
            result(req, res, e instanceof OutboundException.Invalid ? 400 : 502, false, profile.name, "request_failed", e.getMessage());
        }
    }

    private void show(Gatehouse g, HttpServletRequest req, HttpServletResponse res, LoginSessions.Current session, OAuthProfile profile,
                      String message) throws ServletException, IOException {
        Application provider = g.outbound.providers.find(profile.oauthEntity);
        String holder = OutboundTokens.holder(profile, session.user().sysId);
        OAuthCredential cred = g.outbound.tokens.credential(profile.sysId, holder);
        req.setAttribute("profileId", profile.sysId);
        req.setAttribute("profileName", profile.name);
        req.setAttribute("grantType", profile.grantType);
        req.setAttribute("providerName", provider.name);
        req.setAttribute("tokenHeld", cred != null && cred.accessTokenEnc != null);
        req.setAttribute("needsPerson", cred != null && cred.needsPerson);
        req.setAttribute("lastError", cred == null ? null : cred.lastError);
        req.setAttribute("csrfToken", session.csrfToken());
        req.setAttribute("message", message);
        req.setAttribute("redirectUri", g.outbound.authorizationCode.redirectUri(provider));
        req.setAttribute("passwordGrant", Providers.PASSWORD.equals(profile.grantType));
        req.setAttribute("codeGrant", Providers.AUTHORIZATION_CODE.equals(profile.grantType));
        req.getRequestDispatcher(PAGE).forward(req, res);
    }

    static void result(HttpServletRequest req, HttpServletResponse res, int status, boolean success, String profileName, String error,
                       String description) throws ServletException, IOException {
        res.setStatus(status);
        req.setAttribute("success", success);
        req.setAttribute("profileName", profileName);
        req.setAttribute("error", error);
        req.setAttribute("errorDescription", description);
        req.getRequestDispatcher(RESULT).forward(req, res);
    }

    /** The profile named by {@code profile}, or the OAuth profile of the REST message named by {@code rest_message}. */
    private OAuthProfile profile(Gatehouse g, HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        try {
            String id = param(req, "profile");
            if (id == null) {
                String message = param(req, "rest_message");
                if (message != null) {
                    RestMessage m = g.outbound.messages.byIdOrName(message);
                    id = m.oauthProfile;
                }
            }
            if (id == null) {
                result(req, res, 400, false, null, "invalid_request", "Name the OAuth profile (profile=…) or the REST message (rest_message=…)");
                return null;
            }
            return g.outbound.profiles.find(id);
        } catch (gatehouse.record.RecordNotFoundException e) {
            result(req, res, 404, false, null, "invalid_request", "There is no such OAuth profile or REST message");
            return null;
        }
    }

    /** The login session of an admin or oauth_admin; otherwise the browser is sent to log in, or refused. */
    static Optional<LoginSessions.Current> admin(Gatehouse g, HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        Optional<LoginSessions.Current> s = g.sessions.current(req);
        if (s.isEmpty()) {
            String back = req.getRequestURI() + ("GET".equals(req.getMethod()) && req.getQueryString() != null ? "?" + req.getQueryString() : "");
            res.setStatus(303);
            res.setHeader("Location", req.getContextPath() + Requests.loginLocation(back));
            return Optional.empty();
        }
        if (!s.get().user().hasRole("admin") && !s.get().user().hasRole("oauth_admin")) {
            result(req, res, 403, false, null, "access_denied", "Get OAuth Token needs the admin or oauth_admin role.");
            return Optional.empty();
        }
        return s;
    }

    static String param(HttpServletRequest req, String name) {
        try {
            return Requests.single(req, name);
        } catch (Requests.DuplicateParameterException e) {
            return null;
        }
    }

    static void noStore(HttpServletResponse res) {
        res.setHeader("Cache-Control", "no-store");
    }
}
