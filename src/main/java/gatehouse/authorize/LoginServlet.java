package gatehouse.authorize;

import gatehouse.Gatehouse;
import gatehouse.user.Authenticator;
import gatehouse.web.ClientAddress;
import gatehouse.web.LoginSessions;
import gatehouse.web.Requests;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /login.do}: GET shows the form (fields {@code User name}, {@code Password}, button {@code Log in});
 * POST checks the password through {@link Authenticator} (throttling, lockout) and starts a new login session
 * (a new id every time: no session fixation), then returns to {@code return_to} (same-origin paths only).
 */
@WebServlet("/login.do")
public class LoginServlet extends GatehouseServlet {
    static final String RETURN_TO = "return_to";
    /** The user name to fill in (OpenID Connect {@code login_hint}, Core §3.1.2.1). */
    static final String LOGIN_HINT = "login_hint";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        String returnTo = ReturnTo.safe(firstOrNull(req, RETURN_TO));
        // a person already logged in sees the form too (to log in as someone else), with a note
        g.sessions.current(req).ifPresent(s -> req.setAttribute("loggedInAs", s.user().userName));
        String hint = firstOrNull(req, LOGIN_HINT);
        form(req, res, 200, returnTo, hint == null || hint.length() > 100 ? "" : hint, null);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException, ServletException {
        Gatehouse g = Gatehouse.from(getServletContext());
        String returnTo;
        String userName;
        String password;
        String token;
        try {
            returnTo = ReturnTo.safe(Requests.single(req, RETURN_TO));
            userName = Requests.single(req, "user_name");
            password = Requests.single(req, "user_password");
            token = Requests.single(req, LoginFormToken.FIELD);
        } catch (Requests.DuplicateParameterException e) {
            form(req, res, 400, ReturnTo.HOME, "", "The form was sent with a repeated field. Please try again.");
            return;
        }
        if (!LoginFormToken.matches(req, token)) {
            form(req, res, 400, returnTo, userName, "Your log-in form expired or came from another site. Please try again.");
            return;
        }
        Authenticator.Result result = g.authenticator.authenticate(userName, password, ClientAddress.of(req).address());
        if (!result.ok()) {
            boolean throttled = result.outcome() == Authenticator.Outcome.THROTTLED;
            if (throttled) res.setHeader("Retry-After", Long.toString(Math.max(1, result.retryAfterSeconds())));
            form(req, res, throttled ? 429 : 401, returnTo, userName, result.message());
            return;
        }
        g.sessions.start(req, res, result.user());
        Pages.redirect(res, 303, returnTo);
    }

    private static void form(HttpServletRequest req, HttpServletResponse res, int status, String returnTo, String userName,
                             String error) throws IOException, ServletException {
        req.setAttribute("returnTo", returnTo);
        req.setAttribute("userName", userName == null ? "" : userName);
        req.setAttribute("error", error);
        req.setAttribute("loginToken", LoginFormToken.issue(req, res));
        Pages.render(req, res, status, "login");
    }

    private static String firstOrNull(HttpServletRequest req, String name) {
        String[] v = req.getParameterValues(name);
        return v == null || v.length != 1 ? null : v[0];
    }

    /** Where to send a browser without a session: {@code /login.do?return_to=…}. */
    static String loginLocation(String returnTo) {
        return loginLocation(returnTo, null);
    }

    /** The same (bounded, {@link Requests#loginLocation}), with the user name filled in when {@code loginHint} is not null. */
    static String loginLocation(String returnTo, String loginHint) {
        return Requests.loginLocation(returnTo)
                + (loginHint == null || loginHint.length() > 100 ? "" : "&" + LOGIN_HINT + "=" + AuthorizationResponse.enc(loginHint));
    }

    static boolean csrfOk(LoginSessions.Current session, HttpServletRequest req) {
        try {
            return LoginSessions.csrfMatches(session, Requests.single(req, "csrf_token"));
        } catch (Requests.DuplicateParameterException e) {
            return false;
        }
    }
}
