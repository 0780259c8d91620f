package gatehouse.authorize;

import gatehouse.Gatehouse;
import gatehouse.oidc.LoginMoments;
import gatehouse.oidc.OpenIdRequest;
import gatehouse.web.LoginSessions;
import gatehouse.web.Requests;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * {@code /oauth_auth.do} (RFC 6749 §4.1.1): GET is the authorization request; POST is the answer of the consent
 * page it rendered. HTTP in, HTTP out: the logic is {@link AuthorizationEndpoint}. This is the one place that
 * turns {@link UnsafeRequestError} into a 400 page and {@link AuthorizationError} into a redirect.
 */
@WebServlet("/oauth_auth.do")
public class AuthorizationEndpointServlet extends GatehouseServlet {
    private static final Logger LOG = Logger.getLogger(AuthorizationEndpointServlet.class.getName());
    /** Its name in the metrics ({@code gatehouse_refusals_total}). */
    private static final String ENDPOINT = "authorize";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        try {
            authorize(g, req, res);
        } catch (UnsafeRequestError e) {
            refused(g, req, res, e);
        } catch (Requests.DuplicateParameterException e) {
            refused(g, req, res, new UnsafeRequestError("The " + e.parameter + " parameter is repeated."));
        }
    }

    /**
     * The request from the address, or the pushed one its {@code request_uri} names (RFC 9126 §4); then the log-in, or
     * the answer: a code, an error for the client, or the consent page. A pushed request is taken once: for the log-in
     * (this browser may bring it back) or for the answer.
     */
    private void authorize(Gatehouse g, HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        long now = System.currentTimeMillis();
        PushedAuthorizationRequests.Found pushed = req.getParameterValues("request_uri") == null ? null
                : g.pushedRequests.find(Requests.single(req, "request_uri"), Requests.single(req, "client_id"), PushedRequestCookie.read(req), now);
        AuthorizationRequest r = pushed == null ? new AuthorizationRequest(parameters(req)) : pushed.request();
        try {
            g.authorization.validate(r);
        } catch (AuthorizationError e) {
            LOG.fine(() -> "authorization request of " + r.clientId() + " refused: " + e.getMessage());
            answered(g, req, pushed, now);
            redirectError(g, res, r, e);
            return;
        }
        Optional<LoginSessions.Current> session = g.sessions.current(req);
        Optional<OpenIdRequest> openId;
        boolean login;
        try {
            openId = OpenIdRequest.parse(r);
            login = session.isEmpty();
            if (openId.isPresent()) {
                long authTime = session.map(s -> g.db.read(em -> LoginMoments.of(em, s.idHash()))).map(LoginMoments.Moment::authTime).orElse(0L);
                login = openId.get().needsLogin(session.map(LoginSessions.Current::user), authTime, g.idTokens, now);
            }
        } catch (AuthorizationError e) {
            LOG.fine(() -> "OpenID Connect request of " + r.clientId() + " refused: " + e.getMessage());
            answered(g, req, pushed, now);
            redirectError(g, res, r, e);
            return;
        }
        if (login) {
            String query;
            if (pushed != null) {
                g.pushedRequests.takeForLogin(pushed, PushedRequestCookie.issue(req, res), now);
                query = pushed.query();
            } else {
                query = openId.isPresent() ? OpenIdRequest.queryForLogin(req.getQueryString(), now) : req.getQueryString();
            }
            String back = "/oauth_auth.do" + (query == null ? "" : "?" + query);
            String loginUrl = r.application().loginUrl;
            String hint = openId.map(OpenIdRequest::loginHint).orElse(null);
            Pages.redirect(res, 302, loginUrl == null || loginUrl.isBlank()
                    ? LoginServlet.loginLocation(back, hint)
                    : AuthorizationResponse.withQuery(loginUrl, Map.of(LoginServlet.RETURN_TO, g.issuer() + Requests.boundedReturnTo(back))));
            return;
        }
        answered(g, req, pushed, now);
        boolean askAnyway = openId.map(OpenIdRequest::mustAskConsent).orElse(false);
        Optional<String> issued = g.authorization.authorizeWithoutConsent(r, session.get().user(), session.get().idHash(), askAnyway);
        if (issued.isPresent()) {
            Pages.redirect(res, 302, issued.get());
            return;
        }
        if (openId.map(OpenIdRequest::mayNotPrompt).orElse(false)) {
            redirectError(g, res, r, AuthorizationError.consentRequired("The person has not yet allowed these scopes."));
            return;
        }
        AuthorizationEndpoint.ConsentPage page = g.authorization.askConsent(r, session.get().idHash());
        req.setAttribute("consent", page);
        req.setAttribute("csrfToken", session.get().csrfToken());
        req.setAttribute("userName", session.get().user().userName);
        allowFormRedirectTo(res, r.redirectUri());
        Pages.render(req, res, 200, "consent");
    }

    /** RFC 9126 §4: a pushed request is answered once; a second visit (another tab, a replay) gets the error page. */
    private static void answered(Gatehouse g, HttpServletRequest req, PushedAuthorizationRequests.Found pushed, long now) {
        if (pushed != null) g.pushedRequests.consume(pushed, PushedRequestCookie.read(req), now);
    }

    /** The consent form: {@code pending}, {@code csrf_token}, {@code decision} = allow | deny. */
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        try {
            Optional<LoginSessions.Current> session = g.sessions.current(req);
            if (session.isEmpty())
                throw new UnsafeRequestError("You are not logged in any more. Start again from the application.");
            String pendingId = Requests.single(req, "pending");
            String decision = Requests.single(req, "decision");
            if (!LoginSessions.csrfMatches(session.get(), Requests.single(req, "csrf_token")))
                throw new UnsafeRequestError("The consent form was missing its security token. Nothing was changed.");
            if (!"allow".equals(decision) && !"deny".equals(decision))
                throw new UnsafeRequestError("Choose Allow or Deny.");
            String location = g.authorization.answer(pendingId, session.get().idHash(), session.get().user(), "allow".equals(decision));
            if ("deny".equals(decision)) g.metrics.refused(ENDPOINT, "access_denied");
            Pages.redirect(res, 303, location);
        } catch (UnsafeRequestError e) {
            refused(g, req, res, e);
        } catch (Requests.DuplicateParameterException e) {
            refused(g, req, res, new UnsafeRequestError("The " + e.parameter + " field is repeated. Nothing was changed."));
        }
    }

    /**
     * CSP form-action also governs where the consent form's 303 may lead: a native app's private-use scheme
     * (RFC 8252 §7.1, e.g. {@code com.example.app:/cb}) is added for this page only.
     */
    private static void allowFormRedirectTo(HttpServletResponse res, String redirectUri) {
        String csp = res.getHeader("Content-Security-Policy");
        int colon = redirectUri.indexOf(':');
        if (csp == null || colon <= 0) return;
        String scheme = redirectUri.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("http") || scheme.equals("https") || !scheme.matches("[a-z][a-z0-9+.-]*")) return;
        res.setHeader("Content-Security-Policy", csp.replace("form-action ", "form-action " + scheme + ": "));
    }

    /** A request that cannot be answered on its redirect URI: the error page, counted as {@code invalid_request}. */
    private static void refused(Gatehouse g, HttpServletRequest req, HttpServletResponse res, UnsafeRequestError e) throws IOException, ServletException {
        g.metrics.refused(ENDPOINT, "invalid_request");
        Pages.message(req, res, 400, "Authorization request refused", e.getMessage());
    }

    /** An error sent to the client on its redirect URI, counted by its code. */
    private static void redirectError(Gatehouse g, HttpServletResponse res, AuthorizationRequest r, AuthorizationError e) throws IOException {
        g.metrics.refused(ENDPOINT, e.error);
        Pages.redirect(res, 302, g.authorization.errorRedirect(r, e));
    }

    private static Map<String, List<String>> parameters(HttpServletRequest req) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) p.put(e.getKey(), Arrays.asList(e.getValue()));
        return p;
    }
}
