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
 * Checks a user name and password for the login page, HTTP Basic, the password grant and introspection by admins, with
 * the same lockout and throttling everywhere (CONTRACT "Security of log-in"). Counters live in the database
 * (CONTRACT "Several nodes"). An unknown user name is counted, locked and answered exactly like a real one.
 * <ul>
 * <li>Lockout: {@code maxFailures} wrong passwords in a row for one user name lock it for {@link Lockout#seconds}, each
 *     further lockout twice as long as the one before, at most {@link Lockout#maxSeconds} (as Keycloak's brute force
 *     detection); with {@link Lockout#permanent} the account is marked {@code locked_out} until an admin unlocks it, as
 *     ServiceNow does. A correct password after the lock has ended resets the count.</li>
 * <li>Throttling by address ({@link AddressThrottle}): slows guessing, answers wrong passwords {@link Outcome#THROTTLED};
 *     never refuses the correct password of an account that is not locked.</li>
 * </ul>
 */
public final class Authenticator {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Authenticator.class.getName());

    /** The lockout settings: {@code gatehouse.login.lockout.seconds}, {@code .max.seconds}, {@code .permanent}. */
    public record Lockout(long seconds, long maxSeconds, boolean permanent) {
        /** How long the {@code n}th lockout in a row lasts, in milliseconds. */
        long millis(int n) {
            long s = seconds << Math.min(Math.max(n - 1, 0), 30);
            return Math.min(s, Math.max(seconds, maxSeconds)) * 1000;
        }
    }

    public enum Outcome { OK, INVALID, LOCKED, THROTTLED }

    /** @param retryAfterSeconds for {@link Outcome#THROTTLED} and a temporary {@link Outcome#LOCKED}: when to try again */
    public record Result(Outcome outcome, User user, long retryAfterSeconds) {
        public boolean ok() { return outcome == Outcome.OK; }

        /** The message a person sees: never says whether the user exists. */
        public String message() {
            return switch (outcome) {
                case OK -> "";
                case INVALID -> "Invalid user name or password.";
                case LOCKED -> "This account is locked after too many failed log-in attempts. " + (retryAfterSeconds > 0
                        ? "Try again in " + inWords(retryAfterSeconds) + "." : "Ask an administrator to unlock it.");
                case THROTTLED -> "Too many failed log-in attempts from this address. Try again in " + inWords(retryAfterSeconds) + ".";
            };
        }

        static Result of(Outcome outcome, long millis) {
            return new Result(outcome, null, (millis + 999) / 1000);
        }
    }

    /** Told of each refused log-in and each lockout (the operators' metrics and console home); quick, never throws. */
    public interface Listener {
        /** @param reason {@code wrong_credentials}, {@code locked} or {@code throttled} */
        void failed(String reason);

        void lockedOut();
    }

    private volatile Listener listener = new Listener() {
        @Override public void failed(String reason) { }
        @Override public void lockedOut() { }
    };

    private final Database db;
    private final PasswordHasher hasher;
    private final int maxFailures;
    private final Lockout lockout;
    private final AddressThrottle throttle;

    public Authenticator(Database db, PasswordHasher hasher, int maxFailures, Lockout lockout, AddressThrottle throttle) {
        this.db = db;
        this.hasher = hasher;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.throttle = throttle;
    }

    public void listen(Listener l) {
        listener = l;
    }

    /** The throttle by address, shared with client authentication at the token endpoint. */
    public AddressThrottle throttle() { return throttle; }

    /** @param clientAddress the client's real address ({@link gatehouse.web.ClientAddress}) */
    public Result authenticate(String userName, String password, String clientAddress) {
        Result r = check(userName, password, clientAddress);
        switch (r.outcome()) {
            case OK -> { }
            case INVALID -> listener.failed("wrong_credentials");
            case LOCKED -> listener.failed("locked");
            case THROTTLED -> listener.failed("throttled");
        }
        return r;
    }

    private Result check(String userName, String password, String clientAddress) {
        long now = System.currentTimeMillis();
        String name = userName == null ? "" : Users.canonicalName(userName.trim());
        if (name.isEmpty() || name.length() > 100 || password == null || password.length() > PasswordPolicy.MAX_LENGTH) {
            hasher.verifyDummy("");
            return new Result(Outcome.INVALID, null, 0);
        }
        String nameKey = nameKey(name);

        if (throttle.throttledFor(clientAddress, nameKey, now) > 0) throttle.delay();
        LoginThrottle byName = db.read(em -> em.find(LoginThrottle.class, nameKey));
        User user = db.read(em -> Users.byName(em, name));
        long lockedUntil = byName == null ? 0 : byName.blockedUntil;
        boolean locked = (user != null && user.lockedOut) || lockedUntil > now;
        boolean passwordOk = user != null ? hasher.verify(password, user.passwordHash) : dummy(password);
        if (locked) {
            // nothing is counted while locked, whatever the password: the answer and its timing tell nothing
            if (isConsoleUser(user)) db.tx(em -> auditFailure(em, user, clientAddress, "account is locked out"));
            boolean temporary = !(user != null && user.lockedOut) && lockedUntil != Long.MAX_VALUE;
            return Result.of(Outcome.LOCKED, temporary ? lockedUntil - now : 0);
        }
        if (passwordOk && user.active) {
            // the rows in the order a failure locks them (name, pair, address, user), so that a success and a failure
            // of one user at the same moment wait for each other instead of deadlocking; the user row only when it changes
            boolean userChanges = user.failedAttempts != 0 || hasher.needsRehash(user.passwordHash);
            db.txRetryingConflicts(5, em -> {
                LoginThrottle t = em.find(LoginThrottle.class, nameKey, LockModeType.PESSIMISTIC_WRITE);
                if (t != null) em.remove(t);
                throttle.succeeded(em, clientAddress, nameKey);
                if (userChanges) {
                    User u = em.find(User.class, user.sysId, LockModeType.PESSIMISTIC_WRITE);
                    if (u != null) {
                        u.failedAttempts = 0;
                        if (hasher.needsRehash(u.passwordHash)) u.passwordHash = hasher.hash(password);
                    }
                }
                return null;
            });
            return new Result(Outcome.OK, user, 0);
        }
        // locks: the name's row, the pair's and address's (AddressThrottle.failed), then the user's; the counter rows are
        // made first, each on its own, so that concurrent failures lock them in turn; a conflict left runs it again
        throttle.prepareFailure(clientAddress, nameKey, nameKey);
        long[] after = db.txRetryingConflicts(5, em -> {
            LoginThrottle t = em.find(LoginThrottle.class, nameKey, LockModeType.PESSIMISTIC_WRITE);
            if (t == null) {
                t = new LoginThrottle();
                t.key = nameKey;
                em.persist(t);
            }
            t.failures++;
            t.lastFailureAt = now;
            long lockedFor = 0;
            if (t.failures >= maxFailures) {
                t.failures = 0;
                t.lockouts++;
                t.blockedUntil = lockout.permanent() ? Long.MAX_VALUE : now + lockout.millis(t.lockouts);
                lockedFor = lockout.permanent() ? -1 : t.blockedUntil - now;
            }
            long throttledFor = throttle.failed(em, clientAddress, nameKey, now);
            if (user != null) {
                User u = em.find(User.class, user.sysId, LockModeType.PESSIMISTIC_WRITE);
                if (u != null) {
                    u.failedAttempts++;
                    if (lockedFor != 0 && lockout.permanent()) u.lockedOut = true;
                    if (isConsoleUser(u)) auditFailure(em, u, clientAddress, "wrong password, " + u.failedAttempts + " in a row"
                            + (lockedFor == 0 ? "" : lockedFor < 0 ? "; account now locked out" : "; account now locked for "
                            + inWords((lockedFor + 999) / 1000)));
                }
            }
            return new long[] {lockedFor, throttledFor};
        });
        // never the user name typed (people type their password there) nor the password; the account's sys_id when it exists
        String who = user == null ? "an unknown user name" : "user " + user.sysId;
        if (after[0] != 0) LOG.warning("log-in failed for " + who + " from " + clientAddress + "; the name is now locked out");
        else LOG.info("log-in failed for " + who + " from " + clientAddress + (after[1] > 0 ? "; the address is now throttled" : ""));
        if (after[0] != 0) {
            listener.lockedOut();
            return Result.of(Outcome.LOCKED, Math.max(after[0], 0));
        }
        if (after[1] > 0) return Result.of(Outcome.THROTTLED, after[1]);
        return new Result(Outcome.INVALID, null, 0);
    }

    /** When the temporary lockout of {@code userName} ends (milliseconds since the epoch), or 0 when it is not locked so. */
    public long lockedUntil(String userName) {
        LoginThrottle t = db.read(em -> em.find(LoginThrottle.class, nameKey(userName)));
        return t == null || t.blockedUntil <= System.currentTimeMillis() ? 0 : t.blockedUntil;
    }

    /** The lockout counter's key for a user name (case-insensitive); {@link Users} clears it when an admin unlocks. */
    static String nameKey(String userName) {
        return "name:" + userName.trim().toLowerCase(Locale.ROOT);
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

    static String inWords(long seconds) {
        if (seconds < 60) return seconds + (seconds == 1 ? " second" : " seconds");
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
