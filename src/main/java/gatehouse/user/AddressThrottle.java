package gatehouse.user;

import gatehouse.keys.Secrets;
import gatehouse.store.Database;
import gatehouse.store.LoginThrottle;
import gatehouse.web.ClientAddress;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Throttling of failed credential checks (passwords, client secrets) by client address, in the database so that
 * every node sees it (CONTRACT "Several nodes"). It slows guessing and tells clients to back off; it never refuses
 * correct credentials (that is the account lockout's job, in {@link Authenticator}).
 * <ul>
 * <li>Per address and subject (a user name or client_id): after {@code pairLimit} failures within {@value #WINDOW_MS}
 *     ms that pair is throttled for a window. This is the noisy client: a cron job with a stale password.</li>
 * <li>Per address: each pair's first {@code pairLimit} failures in a window count for its address too, so one noisy
 *     client behind a NAT cannot throttle the others; after {@code addressLimit} the address is throttled (guessing
 *     many names, password spraying). IPv6 addresses count per /64, the block one host usually holds.</li>
 * </ul>
 * While throttled, every check is delayed by {@value #DELAY_MS} ms and wrong credentials are answered {@code 429} with
 * {@code Retry-After}; correct ones still succeed.
 */
public final class AddressThrottle {
    public static final long WINDOW_MS = 5 * 60_000L;
    static final long DELAY_MS = 1000;

    private final Database db;
    private final int pairLimit;
    private final int addressLimit;

    private final long delayMillis;

    public AddressThrottle(Database db, int pairLimit, int addressLimit) {
        this(db, pairLimit, addressLimit, DELAY_MS);
    }

    AddressThrottle(Database db, int pairLimit, int addressLimit, long delayMillis) {
        this.db = db;
        this.pairLimit = pairLimit;
        this.addressLimit = addressLimit;
        this.delayMillis = delayMillis;
    }

    /** Milliseconds until {@code address} (or it with {@code subject}) is no longer throttled; 0 when it is not. */
    public long throttledFor(String address, String subject, long now) {
        String a = addressKey(address);
        String p = pairKey(address, subject);
        return db.read(em -> Math.max(remaining(em.find(LoginThrottle.class, a), now), remaining(em.find(LoginThrottle.class, p), now)));
    }

    /** Slows a check from a throttled client down (on this request's thread). */
    public void delay() {
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts one failure in a transaction of its own; returns milliseconds the client is now throttled for. */
    public long failed(String address, String subject) {
        long now = System.currentTimeMillis();
        prepareFailure(address, subject);
        return db.txRetryingConflicts(5, em -> failed(em, address, subject, now));
    }

    /**
     * Before a transaction that calls {@link #failed(EntityManager, String, String, long)}: makes the counter rows it
     * updates exist (each inserted on its own), so that concurrent failures lock them one after the other instead of
     * inserting the same key twice. {@code more}: other counter keys the caller's transaction locks.
     */
    public void prepareFailure(String address, String subject, String... more) {
        List<String> keys = new ArrayList<>(List.of(more));
        keys.add(pairKey(address, subject));
        keys.add(addressKey(address));
        for (String key : keys) db.ensureRow(LoginThrottle.class, key, () -> {
            LoginThrottle t = new LoginThrottle();
            t.key = key;
            return t;
        });
    }

    /**
     * Counts one failure, in the caller's transaction.
     *
     * @return milliseconds the client is now throttled for (0: not throttled)
     */
    public long failed(EntityManager em, String address, String subject, long now) {
        LoginThrottle pair = count(em, pairKey(address, subject), now, pairLimit);
        LoginThrottle byAddress = pair.failures <= pairLimit ? count(em, addressKey(address), now, addressLimit)
                : em.find(LoginThrottle.class, addressKey(address));
        return Math.max(remaining(pair, now), remaining(byAddress, now));
    }

    /** Forgets the pair's failures after a success (the address's stay: a success proves nothing about the others). */
    public void succeeded(EntityManager em, String address, String subject) {
        LoginThrottle t = em.find(LoginThrottle.class, pairKey(address, subject), LockModeType.PESSIMISTIC_WRITE);
        if (t != null) em.remove(t);
    }

    /**
     * One more failure for {@code key}: counted in windows of {@value #WINDOW_MS} ms (a new one starts with the first
     * failure after the last has ended, or after its throttling has ended); reaching {@code limit} throttles it until
     * a window after that failure.
     */
    private static LoginThrottle count(EntityManager em, String key, long now, int limit) {
        LoginThrottle t = em.find(LoginThrottle.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (t == null) {
            t = new LoginThrottle();
            t.key = key;
            t.windowStart = now;
            em.persist(t);
        } else if (t.blockedUntil != 0 ? t.blockedUntil <= now : now - t.windowStart > WINDOW_MS) {
            t.failures = 0;
            t.blockedUntil = 0;
            t.windowStart = now;
        }
        t.failures++;
        t.lastFailureAt = now;
        if (t.failures >= limit && t.blockedUntil == 0) t.blockedUntil = now + WINDOW_MS;
        return t;
    }

    private static long remaining(LoginThrottle t, long now) {
        return t == null ? 0 : Math.max(0, t.blockedUntil - now);
    }

    static String addressKey(String address) {
        return "addr:" + bucket(address);
    }

    static String pairKey(String address, String subject) {
        String key = "pair:" + bucket(address) + "|" + subject;
        return key.length() <= 200 ? key : "pair:" + bucket(address) + "|#" + Secrets.sha256(subject);
    }

    /** The address as counted: IPv4 as it is, IPv6 by its /64. */
    public static String bucket(String address) {
        InetAddress a = ClientAddress.literal(address);
        if (a == null) return address == null || address.isEmpty() ? "unknown" : address.substring(0, Math.min(address.length(), 64));
        byte[] b = a.getAddress();
        if (b.length == 4) return ClientAddress.canonical(a);
        for (int i = 8; i < 16; i++) b[i] = 0;
        try {
            return ClientAddress.canonical(InetAddress.getByAddress(b)) + "/64";
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
