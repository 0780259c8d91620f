package gatehouse.user;

import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.store.Database;
import gatehouse.store.LoginThrottle;
import gatehouse.store.User;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Locale;

/**
 * Checks a user name and password for the login page, HTTP Basic and the password grant, with the same
 * throttling and lockout everywhere. Counters live in the database (CONTRACT "Several nodes").
 * <ul>
 * <li>{@code maxFailures} wrong passwords in a row for one user name lock it: an existing account is
 *     marked {@code locked_out} until an admin unlocks it; an unknown name answers exactly the same.</li>
 * <li>More than {@value #ADDRESS_LIMIT} failures from one address within {@value #ADDRESS_WINDOW_MS} ms
 *     are refused without checking the password until the window ends.</li>
 * </ul>
 */
public final class Authenticator {
    static final int ADDRESS_LIMIT = 50;
    static final long ADDRESS_WINDOW_MS = 5 * 60_000L;

    public enum Outcome { OK, INVALID, LOCKED, THROTTLED }

    public record Result(Outcome outcome, User user) {
        public boolean ok() { return outcome == Outcome.OK; }

        /** The message a person sees: never says whether the user exists. */
        public String message() {
            return switch (outcome) {
                case OK -> "";
                case INVALID -> "Invalid user name or password.";
                case LOCKED -> "This account is locked after too many failed log-in attempts. Ask an administrator to unlock it.";
                case THROTTLED -> "Too many failed log-in attempts from this address. Try again in a few minutes.";
            };
        }
    }

    private final Database db;
    private final PasswordHasher hasher;
    private final int maxFailures;

    public Authenticator(Database db, PasswordHasher hasher, int maxFailures) {
        this.db = db;
        this.hasher = hasher;
        this.maxFailures = maxFailures;
    }

    public Result authenticate(String userName, String password, String remoteAddress) {
        long now = System.currentTimeMillis();
        String name = userName == null ? "" : userName.trim();
        String nameKey = "name:" + name.toLowerCase(Locale.ROOT);
        String addressKey = "addr:" + (remoteAddress == null ? "unknown" : remoteAddress);
        if (name.isEmpty() || name.length() > 100 || password == null || password.length() > PasswordPolicy.MAX_LENGTH) {
            hasher.verifyDummy("");
            return new Result(Outcome.INVALID, null);
        }

        LoginThrottle byAddress = db.read(em -> em.find(LoginThrottle.class, addressKey));
        if (byAddress != null && byAddress.blockedUntil > now) return new Result(Outcome.THROTTLED, null);
        LoginThrottle byName = db.read(em -> em.find(LoginThrottle.class, nameKey));
        User user = db.read(em -> Users.byName(em, name));

        boolean locked = (user != null && user.lockedOut) || (byName != null && byName.failures >= maxFailures);
        boolean passwordOk = user != null ? hasher.verify(password, user.passwordHash) : dummy(password);
        if (locked) {
            if (isConsoleUser(user)) db.tx(em -> auditFailure(em, user, remoteAddress, "account is locked out"));
            return new Result(Outcome.LOCKED, null);
        }
        if (passwordOk && user.active) {
            db.tx(em -> {
                User u = em.find(User.class, user.sysId);
                u.failedAttempts = 0;
                if (hasher.needsRehash(u.passwordHash)) u.passwordHash = hasher.hash(password);
                LoginThrottle t = em.find(LoginThrottle.class, nameKey);
                if (t != null) em.remove(t);
                return null;
            });
            return new Result(Outcome.OK, user);
        }
        boolean nowLocked = db.tx(em -> {
            int failures = countFailure(em, nameKey, now, Long.MAX_VALUE, 0);
            countFailure(em, addressKey, now, ADDRESS_WINDOW_MS, ADDRESS_LIMIT);
            if (user != null) {
                User u = em.find(User.class, user.sysId, LockModeType.PESSIMISTIC_WRITE);
                if (u != null) {
                    u.failedAttempts++;
                    if (u.failedAttempts >= maxFailures) u.lockedOut = true;
                    if (isConsoleUser(u)) auditFailure(em, u, remoteAddress, "wrong password, " + u.failedAttempts
                            + " in a row" + (u.lockedOut ? "; account now locked out" : ""));
                    return u.lockedOut;
                }
            }
            return failures >= maxFailures;
        });
        return new Result(nowLocked ? Outcome.LOCKED : Outcome.INVALID, null);
    }

    /** Failed log-ins of admin and oauth_admin accounts go to the audit log (issue 8), in the same transaction. */
    private static boolean isConsoleUser(User u) {
        return u != null && (u.hasRole("admin") || u.hasRole("oauth_admin"));
    }

    private static Void auditFailure(EntityManager em, User u, String remoteAddress, String why) {
        Audit.record(em, new Actor(u.userName, remoteAddress), "login_failed", Users.TABLE, u.sysId, "user_name=" + u.userName + " " + why);
        return null;
    }

    private boolean dummy(String password) {
        hasher.verifyDummy(password);
        return false;
    }

    /** Adds one failure to {@code key}; with a window, the count restarts after it and blocks past {@code limit}. */
    private static int countFailure(EntityManager em, String key, long now, long window, int limit) {
        LoginThrottle t = em.find(LoginThrottle.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (t == null) {
            t = new LoginThrottle();
            t.key = key;
            em.persist(t);
        } else if (window != Long.MAX_VALUE && now - t.lastFailureAt > window) {
            t.failures = 0;
        }
        t.failures++;
        t.lastFailureAt = now;
        if (limit > 0 && t.failures > limit) t.blockedUntil = now + window;
        return t.failures;
    }
}
