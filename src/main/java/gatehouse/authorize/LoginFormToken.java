package gatehouse.authorize;

import gatehouse.keys.Secrets;
import gatehouse.web.ClientAddress;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Login CSRF protection (RFC 6749 §10.12, OWASP "double submit cookie"): before there is a session, the login
 * form carries a random value that must equal the {@value #COOKIE} cookie ({@code HttpOnly}, {@code SameSite=Lax}).
 * A cross-site page can neither read nor set that cookie, so it cannot log a victim into the attacker's account.
 * Needs no server memory, so any node can check it.
 */
final class LoginFormToken {
    static final String COOKIE = "GH_LOGIN";
    static final String FIELD = "login_token";

    private LoginFormToken() { }

    /** The token for the form: the browser's current one when it is well-formed, else a new one (cookie set). */
    static String issue(HttpServletRequest req, HttpServletResponse res) {
        String current = cookie(req);
        if (current != null && current.matches("[A-Za-z0-9_-]{43}")) return current;
        String token = Secrets.random(32);
        Cookie c = new Cookie(COOKIE, token);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSecure(ClientAddress.of(req).secure());
        c.setMaxAge(-1);
        c.setAttribute("SameSite", "Lax");
        res.addCookie(c);
        return token;
    }

    /** Whether the submitted form value equals the cookie (constant time). */
    static boolean matches(HttpServletRequest req, String submitted) {
        String c = cookie(req);
        return c != null && submitted != null && Secrets.constantTimeEquals(c, submitted);
    }

    private static String cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return null;
        for (Cookie c : cookies) if (COOKIE.equals(c.getName())) return c.getValue();
        return null;
    }
}
