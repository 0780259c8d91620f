package gatehouse.web;

import gatehouse.keys.Secrets;
import gatehouse.store.Database;
import gatehouse.store.LoginSession;
import gatehouse.store.User;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * Login sessions (CONTRACT "Several nodes"): the browser holds a random 256-bit value in the cookie
 * {@value #COOKIE} ({@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} on https); the database holds its
 * SHA-256, the user, and the session's CSRF token. Any node can serve any request. Never {@code HttpSession}.
 */
public final class LoginSessions {
    public static final String COOKIE = "GH_SESSION";

    /** A live session: who is logged in, and the token every form POST of this session must carry. */
    public record Current(String idHash, User user, String csrfToken) { }

    private final Database db;
    private final long idleMillis;
    private final long maxMillis;

    public LoginSessions(Database db, long idleSeconds, long maxSeconds) {
        this.db = db;
        this.idleMillis = idleSeconds * 1000;
        this.maxMillis = maxSeconds * 1000;
    }

    /**
     * Logs {@code user} in: any session the browser had is ended and a new id is issued (no session fixation).
     */
    public Current start(HttpServletRequest req, HttpServletResponse res, User user) {
        end(req, res);
        String id = Secrets.random(32);
        long now = System.currentTimeMillis();
        LoginSession s = new LoginSession();
        s.idHash = Secrets.sha256(id);
        s.userSysId = user.sysId;
        s.csrfSecret = Secrets.random(32);
        s.createdAt = now;
        s.lastSeenAt = now;
        s.expiresAt = now + maxMillis;
        s.remoteAddress = ClientAddress.of(req).address();
        db.tx(em -> {
            em.persist(s);
            return null;
        });
        res.addCookie(cookie(req, id, -1));
        return new Current(s.idHash, user, s.csrfSecret);
    }

    /** Sessions neither expired nor idle for longer than the idle timeout (the operators' metrics). */
    public long countActive() {
        long now = System.currentTimeMillis();
        return db.read(em -> em.createQuery("SELECT COUNT(s) FROM LoginSession s WHERE s.expiresAt > :now AND s.lastSeenAt > :idle", Long.class)
                .setParameter("now", now).setParameter("idle", now - idleMillis).getSingleResult());
    }

    /** The session of this request, when its cookie names a live session of an active, unlocked user. */
    public Optional<Current> current(HttpServletRequest req) {
        String id = cookieValue(req);
        if (id == null || id.length() > 100) return Optional.empty();
        String hash = Secrets.sha256(id);
        long now = System.currentTimeMillis();
        return db.tx(em -> {
            LoginSession s = em.find(LoginSession.class, hash);
            if (s == null) return Optional.empty();
            if (s.expiresAt <= now || now - s.lastSeenAt > idleMillis) {
                em.remove(s);
                return Optional.empty();
            }
            User u = em.find(User.class, s.userSysId);
            if (u == null || !u.active || u.lockedOut) return Optional.empty();
            if (now - s.lastSeenAt > 60_000) s.lastSeenAt = now;  // at most one write a minute per session
            return Optional.of(new Current(s.idHash, u, s.csrfSecret));
        });
    }

    /** Ends the session on the server and clears the cookie. */
    public void end(HttpServletRequest req, HttpServletResponse res) {
        String id = cookieValue(req);
        if (id == null) return;
        String hash = Secrets.sha256(id);
        db.tx(em -> {
            LoginSession s = em.find(LoginSession.class, hash);
            if (s != null) em.remove(s);
            return null;
        });
        res.addCookie(cookie(req, "", 0));
    }

    /** Whether {@code submitted} is this session's CSRF token (constant-time). */
    public static boolean csrfMatches(Current session, String submitted) {
        return session != null && Secrets.constantTimeEquals(session.csrfToken(), submitted);
    }

    private static String cookieValue(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return null;
        for (Cookie c : cookies) if (COOKIE.equals(c.getName())) return c.getValue();
        return null;
    }

    private static Cookie cookie(HttpServletRequest req, String value, int maxAge) {
        Cookie c = new Cookie(COOKIE, value);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSecure(ClientAddress.of(req).secure());
        c.setMaxAge(maxAge);
        c.setAttribute("SameSite", "Lax");
        return c;
    }
}
