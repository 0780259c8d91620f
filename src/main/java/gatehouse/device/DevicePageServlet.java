package gatehouse.device;

import gatehouse.Gatehouse;
import gatehouse.authorize.Pages;
import gatehouse.oidc.LoginMoments;
import gatehouse.web.ClientAddress;
import gatehouse.web.GatehouseServlet;
import gatehouse.web.LoginSessions;
import gatehouse.web.Requests;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code /device.do}, the verification URI of the device authorization grant (RFC 8628 §3.3): a person logs in, types
 * the user code the device shows (or arrives with it from {@code verification_uri_complete}), sees which application
 * asks for what, and approves or denies. Lookups are throttled by address ({@link DeviceAuthorizations#find}); every
 * POST carries the login session's CSRF token.
 */
@WebServlet(DeviceAuthorizationServlet.VERIFICATION_PATH)
public class DevicePageServlet extends GatehouseServlet {
    static final String USER_CODE = "user_code";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        Optional<LoginSessions.Current> session = g.sessions.current(req);
        String[] given = req.getParameterValues(USER_CODE);
        String code = given == null || given.length != 1 ? null : given[0];
        if (session.isEmpty()) {
            String back = DeviceAuthorizationServlet.VERIFICATION_PATH
                    + (code == null || DeviceAuthorizations.normalise(code) == null ? "" : "?" + USER_CODE + "=" + DeviceAuthorizations.normalise(code));
            Pages.redirect(res, 303, req.getContextPath() + Requests.loginLocation(back));
            return;
        }
        if (code == null) {
            entry(req, res, session.get(), 200, "", null);
            return;
        }
        lookup(g, req, res, session.get(), code);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        Optional<LoginSessions.Current> session = g.sessions.current(req);
        if (session.isEmpty()) {
            Pages.redirect(res, 303, req.getContextPath() + Requests.loginLocation(DeviceAuthorizationServlet.VERIFICATION_PATH));
            return;
        }
        String code;
        String decision;
        String csrf;
        try {
            code = Requests.single(req, USER_CODE);
            decision = Requests.single(req, "decision");
            csrf = Requests.single(req, "csrf_token");
        } catch (Requests.DuplicateParameterException e) {
            entry(req, res, session.get(), 400, "", "The form was sent with a repeated field. Please try again.");
            return;
        }
        if (!LoginSessions.csrfMatches(session.get(), csrf)) {
            entry(req, res, session.get(), 400, "", "The form expired or came from another site. Please enter the code again.");
            return;
        }
        if (decision == null) {
            lookup(g, req, res, session.get(), code);
            return;
        }
        if (!decision.equals("allow") && !decision.equals("deny")) {
            entry(req, res, session.get(), 400, "", "Please choose Allow or Deny.");
            return;
        }
        boolean allow = decision.equals("allow");
        long now = System.currentTimeMillis();
        LoginMoments.Moment moment = g.db.read(em -> LoginMoments.of(em, session.get().idHash()));
        boolean done = g.deviceAuthorizations.decide(code, session.get().user(), moment == null ? null : moment.authTime(),
                moment == null ? null : moment.sid(), allow, now);
        if (!done) {
            entry(req, res, session.get(), 400, "", "This code is no longer waiting for an answer (it expired or was answered). Start again on your device.");
            return;
        }
        Pages.message(req, res, 200, allow ? "Device connected" : "Access denied",
                allow ? "You may return to your device: it will continue by itself." : "The device was not given access. You may close this page.");
    }

    private void lookup(Gatehouse g, HttpServletRequest req, HttpServletResponse res, LoginSessions.Current session, String code)
            throws IOException, ServletException {
        DeviceAuthorizations.Lookup found = g.deviceAuthorizations.find(code, ClientAddress.of(req).address(), System.currentTimeMillis());
        if (found.throttledSeconds() > 0) {
            res.setHeader("Retry-After", Long.toString(found.throttledSeconds()));
            entry(req, res, session, 429, "", "Too many wrong codes from your network. Please wait a few minutes, then try again.");
            return;
        }
        if (!found.found()) {
            entry(req, res, session, 400, code == null || code.length() > 20 ? "" : code,
                    "That code is not valid, or it expired. Check the code your device shows.");
            return;
        }
        req.setAttribute("pending", found.pending());
        req.setAttribute("userName", session.user().userName);
        req.setAttribute("csrfToken", session.csrfToken());
        Pages.render(req, res, 200, "device_consent");
    }

    private static void entry(HttpServletRequest req, HttpServletResponse res, LoginSessions.Current session, int status, String code, String error)
            throws IOException, ServletException {
        req.setAttribute("userCode", code);
        req.setAttribute("error", error);
        req.setAttribute("userName", session.user().userName);
        req.setAttribute("csrfToken", session.csrfToken());
        Pages.render(req, res, status, "device");
    }
}
