package gatehouse.authorize;

import gatehouse.keys.Secrets;
import gatehouse.web.ClientAddress;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The browser's {@value #COOKIE} cookie ({@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} on https): a random value
 * whose SHA-256 a pushed request taken to the log-in page keeps ({@link PushedAuthorizationRequests#takeForLogin}), so
 * that only this browser may bring the request_uri back. Needs no server memory, so any node can check it.
 */
final class PushedRequestCookie {
    static final String COOKIE = "GH_PAR";

    private PushedRequestCookie() { }

    /** The browser's well-formed value, or null. */
    static String read(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return null;
        for (Cookie c : cookies)
            if (COOKIE.equals(c.getName()) && c.getValue() != null && c.getValue().matches("[A-Za-z0-9_-]{43}")) return c.getValue();
        return null;
    }

    /** The browser's value, or a new one (cookie set); either lives as long as a request taken to log in may come back. */
    static String issue(HttpServletRequest req, HttpServletResponse res) {
        String value = read(req);
        if (value == null) value = Secrets.random(32);
        Cookie c = new Cookie(COOKIE, value);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSecure(ClientAddress.of(req).secure());
        c.setMaxAge((int) (PushedAuthorizationRequests.LOGIN_MILLIS / 1000));
        c.setAttribute("SameSite", "Lax");
        res.addCookie(c);
        return value;
    }
}
