package gatehouse.device;

import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import gatehouse.store.AuthScope;
import gatehouse.store.Database;
import gatehouse.store.DeviceCode;
import gatehouse.store.User;
import gatehouse.token.ScopeRequest;
import gatehouse.user.AddressThrottle;
import jakarta.persistence.PersistenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The device authorization grant's two halves besides polling (RFC 8628): the device authorization request (§3.1–3.2),
 * which stores a device code and a user code (both only as SHA-256), and the user's side at the verification URI
 * (§3.3): finding a pending request by its user code, throttled by address as failed log-ins are ({@link AddressThrottle}),
 * and approving or denying it.
 */
public final class DeviceAuthorizations {
    /** RFC 8628 §6.1: consonants only (no vowels: no words; no look-alike letters), upper case. */
    public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    static final int USER_CODE_LENGTH = 8;
    /** The subject that wrong user codes count against in the address throttle. */
    static final String THROTTLE_SUBJECT = "device user code";

    /** RFC 8628 §3.2: what the device is told. */
    public record Started(String deviceCode, String userCode, long expiresIn, int interval, String scope) { }

    /** A pending request as the verification page shows it. */
    public record Pending(String userCode, String appName, String logoUrl, List<Scope> scopes) { }

    public record Scope(String name, String description) { }

    /** The outcome of looking a user code up: the request, or why there is none (throttled: try again after seconds). */
    public record Lookup(Pending pending, long throttledSeconds) {
        public boolean found() { return pending != null; }
    }

    private final Database db;
    private final AddressThrottle throttle;
    private final Function<String, Application> applications;
    private final long lifespanMillis;
    private final int interval;

    /** @param applications finds an application by client_id (the registry's short cache) */
    public DeviceAuthorizations(Database db, AddressThrottle throttle, Function<String, Application> applications, long lifespanSeconds,
                                int interval) {
        this.db = db;
        this.throttle = throttle;
        this.applications = applications;
        this.lifespanMillis = lifespanSeconds * 1000;
        this.interval = interval;
    }

    /** RFC 8628 §3.1: stores a new request of {@code app} (already authenticated, allowed the grant) for {@code scopes}. */
    public Started start(Application app, Set<String> scopes, long now) {
        return start(app, scopes, java.util.List.of(), now);
    }

    /** As above, for the resources the request named (RFC 8707; already checked), which the token request may narrow. */
    public Started start(Application app, Set<String> scopes, java.util.List<String> resources, long now) {
        for (int attempt = 0; ; attempt++) {
            String deviceCode = Secrets.random(32);
            String userCode = newUserCode();
            DeviceCode d = new DeviceCode();
            d.deviceHash = Secrets.sha256(deviceCode);
            d.userHash = userHash(normalise(userCode));
            d.clientId = app.clientId;
            d.scopes = ScopeRequest.join(scopes);
            d.resources = gatehouse.token.ResourceIndicators.join(resources);
            d.status = DeviceCode.PENDING;
            d.createdAt = now;
            d.expiresAt = now + lifespanMillis;
            d.pollInterval = interval;
            try {
                db.tx(em -> {
                    em.persist(d);
                    return null;
                });
                return new Started(deviceCode, userCode, lifespanMillis / 1000, interval, d.scopes);
            } catch (PersistenceException collision) {      // the unique user_hash: a live request has this user code
                if (attempt >= 3) throw collision;
            }
        }
    }

    /**
     * RFC 8628 §3.3, §5.1: the pending, unexpired request with this user code. A code that finds none counts as a
     * failure of the address; while the address is throttled, each lookup waits and a wrong one is answered as throttled.
     */
    public Lookup find(String userCode, String address, long now) {
        long throttled = throttle.throttledFor(address, THROTTLE_SUBJECT, now);
        if (throttled > 0) throttle.delay();
        Pending p = pending(userCode, now);
        if (p != null) return new Lookup(p, 0);
        long after = throttle.failed(address, THROTTLE_SUBJECT);
        return new Lookup(null, after > 0 ? Math.max(1, (after + 999) / 1000) : 0);
    }

    private Pending pending(String userCode, long now) {
        String normal = normalise(userCode);
        if (normal == null) return null;
        return db.read(em -> {
            DeviceCode d = byUserCode(em, normal);
            if (d == null || !DeviceCode.PENDING.equals(d.status) || d.expiresAt <= now) return null;
            Application app = applications.apply(d.clientId);
            if (app == null || !app.active) return null;
            List<Scope> scopes = new ArrayList<>();
            for (String s : ScopeRequest.stored(d.scopes)) {
                List<AuthScope> found = em.createQuery("SELECT s FROM AuthScope s WHERE s.name = :n", AuthScope.class).setParameter("n", s).getResultList();
                scopes.add(new Scope(s, found.isEmpty() || found.get(0).description == null ? s : found.get(0).description));
            }
            return new Pending(format(normal), app.name, app.logoUrl, scopes);
        });
    }

    /**
     * The user's answer (RFC 8628 §3.3): one conditional update of a pending, unexpired request, so that of two answers
     * the first wins. Returns false when there is no such request any more.
     */
    public boolean decide(String userCode, User user, Long authTime, String sid, boolean approve, long now) {
        String normal = normalise(userCode);
        if (normal == null) return false;
        return db.tx(em -> em.createQuery("UPDATE DeviceCode d SET d.status = :s, d.userSysId = :u, d.authTime = :t, d.sid = :sid, d.decidedAt = :now "
                        + "WHERE d.userHash = :h AND d.status = :pending AND d.expiresAt > :now")
                .setParameter("s", approve ? DeviceCode.APPROVED : DeviceCode.DENIED).setParameter("u", user.sysId)
                .setParameter("t", authTime).setParameter("sid", sid).setParameter("now", now)
                .setParameter("h", userHash(normal)).setParameter("pending", DeviceCode.PENDING).executeUpdate() == 1);
    }

    private static DeviceCode byUserCode(jakarta.persistence.EntityManager em, String normal) {
        List<DeviceCode> found = em.createQuery("SELECT d FROM DeviceCode d WHERE d.userHash = :h", DeviceCode.class)
                .setParameter("h", userHash(normal)).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    static String newUserCode() {
        StringBuilder b = new StringBuilder(USER_CODE_LENGTH + 1);
        for (int i = 0; i < USER_CODE_LENGTH; i++) b.append(ALPHABET.charAt(Secrets.secureRandom().nextInt(ALPHABET.length())));
        return format(b.toString());
    }

    /** XXXX-XXXX */
    static String format(String normal) {
        return normal.substring(0, 4) + "-" + normal.substring(4);
    }

    /**
     * RFC 8628 §6.1: what the user typed, upper-cased, with dashes and spaces dropped; null unless it is then eight
     * letters of {@link #ALPHABET}.
     */
    static String normalise(String typed) {
        if (typed == null || typed.length() > 40) return null;
        StringBuilder b = new StringBuilder();
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || c == ' ') continue;
            if (ALPHABET.indexOf(c) < 0) return null;
            b.append(c);
        }
        return b.length() == USER_CODE_LENGTH ? b.toString() : null;
    }

    private static String userHash(String normal) {
        return Secrets.sha256("user code:" + normal);
    }
}
