package gatehouse.oidc;

import gatehouse.keys.Secrets;
import gatehouse.store.LoginSession;
import jakarta.persistence.EntityManager;

/**
 * When a login session began ({@code auth_time}, OpenID Connect Core §2) and its {@code sid} (Front-Channel
 * Logout §3, used by RP-Initiated Logout): derived from the session's row, never its cookie, so a sid reveals
 * nothing that could log anyone in.
 */
public final class LoginMoments {
    /** {@code authTime} in epoch milliseconds. */
    public record Moment(long authTime, String sid) { }

    private LoginMoments() { }

    /** The moment of the login session {@code sessionHash}, or null when it has ended. */
    public static Moment of(EntityManager em, String sessionHash) {
        LoginSession s = em.find(LoginSession.class, sessionHash);
        return s == null ? null : new Moment(s.createdAt, sid(sessionHash));
    }

    /** A session's sid: 128 bits of the SHA-256 of its stored hash. */
    public static String sid(String sessionHash) {
        return Secrets.sha256("sid:" + sessionHash).substring(0, 22);
    }
}
