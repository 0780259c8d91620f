package gatehouse.user;

import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Database;
import gatehouse.store.LoginThrottle;
import gatehouse.store.ReadCache;
import gatehouse.store.User;
import jakarta.persistence.EntityManager;
import java.text.Normalizer;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The user table ({@code sys_user}): the one place that validates and writes users. */
public final class Users {
    public static final String TABLE = "sys_user";
    public static final Set<String> FIELDS = Set.of("sys_id", "user_name", "user_password", "first_name", "last_name",
            "email", "active", "locked_out", "roles", "failed_attempts", "sys_created_on", "sys_updated_on",
            "sys_created_by", "sys_updated_by", "sys_mod_count");
    private static final Set<String> READ_ONLY = Set.of("sys_id", "failed_attempts", "sys_created_on", "sys_updated_on",
            "sys_created_by", "sys_updated_by", "sys_mod_count");
    /** Letters and digits of any script (with their combining marks), and . _ @ + - ; checked after {@link #canonicalName}. */
    private static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{N}._@+-]{1,100}");
    private static final Pattern ROLE = Pattern.compile("[a-z0-9_.-]{1,40}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,185}");

    private final Database db;
    private final PasswordHasher hasher;
    /** Users by sys_id for the API's bearer path; see {@link ReadCache} for how stale an entry may be. */
    private final ReadCache<String, User> cache;

    public Users(Database db, PasswordHasher hasher) {
        this(db, hasher, 5_000);
    }

    public Users(Database db, PasswordHasher hasher, long cacheTtlMillis) {
        this.db = db;
        this.hasher = hasher;
        this.cache = new ReadCache<>(cacheTtlMillis, 10_000);
    }

    public User find(String sysId) {
        return db.read(em -> em.find(User.class, sysId));
    }

    /**
     * A user by sys_id from a short-lived cache (never modify the result): a change made through this
     * class on this node is seen at once, one made elsewhere within {@code cacheTtlMillis}.
     */
    public User findCached(String sysId) {
        return cache.get(sysId, this::find);
    }

    public User findByName(String userName) {
        return db.read(em -> byName(em, userName));
    }

    public static User byName(EntityManager em, String userName) {
        if (userName == null) return null;
        List<User> found = em.createQuery("SELECT u FROM User u WHERE u.userName = :n", User.class)
                .setParameter("n", canonicalName(userName)).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * A user name as it is stored and looked up: Unicode normalisation form C, so that {@code é} typed as one code
     * point or as {@code e} plus a combining accent names the same user (UAX #15; RFC 8265 §3.3.2 step 4).
     */
    public static String canonicalName(String userName) {
        return userName == null ? null : Normalizer.normalize(userName, Normalizer.Form.NFC);
    }

    /** A user by sys_id or, failing that, by user name. */
    public User findByIdOrName(String ref) {
        User u = find(ref);
        return u != null ? u : findByName(ref);
    }

    public long count() {
        return db.read(em -> em.createQuery("SELECT COUNT(u) FROM User u", Long.class).getSingleResult());
    }

    public User create(RecordInput in, Actor actor) {
        User u = new User();
        u.sysId = Secrets.sysId();
        apply(u, in, true);
        long now = System.currentTimeMillis();
        u.createdOn = now;
        u.updatedOn = now;
        u.createdBy = actor.userName();
        u.updatedBy = actor.userName();
        return db.tx(em -> {
            if (byName(em, u.userName) != null) throw new InvalidRecordException("user_name", "is already taken");
            em.persist(u);
            Audit.record(em, actor, "create", TABLE, u.sysId, "user_name=" + u.userName + " fields=" + changed(in));
            return u;
        });
    }

    public User update(String sysId, RecordInput in, Actor actor) {
        try {
            return updateInTx(sysId, in, actor);
        } finally {
            cache.invalidate(sysId);
        }
    }

    private User updateInTx(String sysId, RecordInput in, Actor actor) {
        return db.tx(em -> {
            User u = em.find(User.class, sysId);
            if (u == null) throw new RecordNotFoundException(TABLE, sysId);
            String oldName = u.userName;
            apply(u, in, false);
            if (!u.userName.equals(oldName) && byName(em, u.userName) != null)
                throw new InvalidRecordException("user_name", "is already taken");
            if (in.has("locked_out") && !u.lockedOut) {
                u.failedAttempts = 0;
                clearLockout(em, u.userName);
            }
            u.updatedOn = System.currentTimeMillis();
            u.updatedBy = actor.userName();
            Audit.record(em, actor, "update", TABLE, u.sysId, "user_name=" + u.userName + " fields=" + changed(in));
            return u;
        });
    }

    /** Forgets a user name's failed log-ins and lockouts (an admin unlocked it), in the caller's transaction. */
    public static void clearLockout(EntityManager em, String userName) {
        LoginThrottle t = em.find(LoginThrottle.class, Authenticator.nameKey(userName));
        if (t != null) em.remove(t);
    }

    public void delete(String sysId, Actor actor) {
        try {
            deleteInTx(sysId, actor);
        } finally {
            cache.invalidate(sysId);
        }
    }

    private void deleteInTx(String sysId, Actor actor) {
        db.tx(em -> {
            User u = em.find(User.class, sysId);
            if (u == null) throw new RecordNotFoundException(TABLE, sysId);
            em.remove(u);
            em.createQuery("DELETE FROM LoginSession s WHERE s.userSysId = :u").setParameter("u", sysId).executeUpdate();
            em.createQuery("UPDATE Grant g SET g.revokedAt = :now WHERE g.userSysId = :u AND g.revokedAt IS NULL")
                    .setParameter("now", System.currentTimeMillis()).setParameter("u", sysId).executeUpdate();
            em.createQuery("UPDATE Token t SET t.revokedAt = :now WHERE t.userSysId = :u AND t.revokedAt IS NULL")
                    .setParameter("now", System.currentTimeMillis()).setParameter("u", sysId).executeUpdate();
            Audit.record(em, actor, "delete", TABLE, sysId, "user_name=" + u.userName);
            return null;
        });
    }

    /** Validates every field first, then writes them all; a wrong field leaves {@code u} untouched. */
    private void apply(User u, RecordInput in, boolean creating) {
        for (String f : READ_ONLY) if (in.has(f) && !f.equals("sys_id")) in.error(f, "is read-only");
        in.refuseUnknown(FIELDS);
        String userName = canonicalName(in.text("user_name", 100));
        if (userName != null && !USER_NAME.matcher(userName).matches())
            in.error("user_name", "may hold only letters, digits and . _ @ + -");
        if (creating && userName == null && !in.errors().containsKey("user_name")) in.error("user_name", "is required");
        if (in.has("user_name") && userName == null && !creating) in.error("user_name", "is required");
        String password = in.has("user_password") ? stringOrNull(in.raw("user_password")) : null;
        if (in.has("user_password")) {
            String problem = PasswordPolicy.problem(userName != null ? userName : u.userName, password);
            if (problem != null) in.error("user_password", problem);
        }
        String first = in.text("first_name", 100);
        String last = in.text("last_name", 100);
        String email = in.text("email", 254);
        if (email != null && !EMAIL.matcher(email).matches()) in.error("email", "is not an email address");
        Boolean active = in.bool("active");
        Boolean locked = in.bool("locked_out");
        List<String> roles = in.list("roles", 50, 40);
        if (roles != null) for (String r : roles)
            if (!ROLE.matcher(r).matches()) in.error("roles", "role '" + r + "' may hold only a-z, 0-9 and . _ -");
        in.throwIfInvalid();

        if (userName != null) u.userName = userName;
        if (in.has("user_password")) u.passwordHash = hasher.hash(password);
        if (in.has("first_name")) u.firstName = first;
        if (in.has("last_name")) u.lastName = last;
        if (in.has("email")) u.email = email;
        if (active != null) u.active = active;
        if (locked != null) u.lockedOut = locked;
        if (roles != null) u.roles = roles.isEmpty() ? null : String.join(",", roles);
    }

    private static String stringOrNull(Object o) {
        return o instanceof String s ? s : null;
    }

    private static String changed(RecordInput in) {
        return String.join(",", in.names().stream().sorted().toList());
    }

    public PasswordHasher hasher() { return hasher; }
}
