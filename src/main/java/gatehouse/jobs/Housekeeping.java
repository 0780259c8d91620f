package gatehouse.jobs;

import gatehouse.keys.SigningKeys;
import gatehouse.metrics.Activity;
import gatehouse.store.Database;
import gatehouse.store.Leases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Purges what has expired, so that the database does not grow without bound: authorization codes (kept
 * {@value #CODE_RETENTION_MILLIS} ms past expiry, so that a late replay still revokes its tokens), tokens
 * (a rotated refresh token stays until it expires, so that its reuse is still detected), grants left without
 * tokens, pending authorizations, login sessions (expired or idle), replay records, login throttle rows idle
 * for a day, initial access tokens for client registration a day past expiry (so that the console still shows a
 * recently expired one as such), signing keys past their purge date, and the console home's hourly counts older than
 * a week ({@link Activity#KEEP_HOURS}). Deletes go in chunks of {@value #CHUNK} rows, each in its
 * own short transaction, and touch only expired rows, so token issuance never waits on them. One node at a
 * time (lease {@code housekeeping}).
 */
public final class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
    static final int CHUNK = 500;
    static final int MAX_CHUNKS = 200;
    static final long CODE_RETENTION_MILLIS = 86_400_000L;
    static final long GRANT_RETENTION_MILLIS = gatehouse.token.Grants.RETENTION_MILLIS;
    static final long THROTTLE_RETENTION_MILLIS = 86_400_000L;
    static final long INITIAL_TOKEN_RETENTION_MILLIS = 86_400_000L;
    static final String LEASE = "housekeeping";

    private record Purge(String name, String entity, String id, String where, Function<Long, Map<String, Object>> params) { }

    private final Database db;
    private final Leases leases;
    private final String node;
    private final SigningKeys keys;
    private final List<Purge> purges;
    /** null: no hourly counts to purge */
    private final Activity activity;

    public Housekeeping(Database db, Leases leases, String node, SigningKeys keys, long sessionIdleMillis) {
        this(db, leases, node, keys, sessionIdleMillis, null);
    }

    public Housekeeping(Database db, Leases leases, String node, SigningKeys keys, long sessionIdleMillis, Activity activity) {
        this.activity = activity;
        this.db = db;
        this.leases = leases;
        this.node = node;
        this.keys = keys;
        this.purges = List.of(
                new Purge("codes", "AuthorizationCode", "codeHash", "x.expiresAt < :cut",
                        now -> Map.of("cut", now - CODE_RETENTION_MILLIS)),
                new Purge("tokens", "Token", "tokenHash", "x.expiresAt < :now", now -> Map.of("now", now)),
                new Purge("grants", "Grant", "id", "x.createdAt < :cut AND NOT EXISTS (SELECT t FROM Token t WHERE t.grantId = x.id)",
                        now -> Map.of("cut", now - GRANT_RETENTION_MILLIS)),
                new Purge("pending authorizations", "PendingAuthorization", "id", "x.expiresAt < :now", now -> Map.of("now", now)),
                new Purge("login sessions", "LoginSession", "idHash", "x.expiresAt < :now OR x.lastSeenAt < :idle",
                        now -> Map.of("now", now, "idle", now - sessionIdleMillis)),
                new Purge("replay records", "ReplayRecord", "id", "x.expiresAt < :now", now -> Map.of("now", now)),
                new Purge("device codes", "DeviceCode", "deviceHash", "x.expiresAt < :now", now -> Map.of("now", now)),
                new Purge("pushed authorization requests", "PushedRequest", "idHash", "x.expiresAt < :now", now -> Map.of("now", now)),
                new Purge("login throttles", "LoginThrottle", "key", "x.blockedUntil < :now AND x.lastFailureAt < :cut",
                        now -> Map.of("now", now, "cut", now - THROTTLE_RETENTION_MILLIS)),
                new Purge("initial access tokens", "InitialAccessToken", "sysId", "x.expiresAt < :cut",
                        now -> Map.of("cut", now - INITIAL_TOKEN_RETENTION_MILLIS)));
    }

    /** One run, when this node gets the lease: rows deleted per kind (empty when another node holds the lease). */
    public Map<String, Integer> run() {
        if (!leases.tryAcquire(LEASE, node, 10 * 60_000L)) return Map.of();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        try {
            long now = System.currentTimeMillis();
            for (Purge p : purges) deleted.put(p.name(), purge(p, now));
            deleted.put("signing keys", keys.purgeExpired());
            if (activity != null) deleted.put("hourly counts", activity.purge(now));
        } finally {
            leases.release(LEASE, node, true);
        }
        int total = deleted.values().stream().mapToInt(Integer::intValue).sum();
        if (total > 0) LOG.info("Gatehouse housekeeping deleted " + deleted);
        return deleted;
    }

    private int purge(Purge p, long now) {
        int total = 0;
        for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
            int n = db.tx(em -> {
                var select = em.createQuery("SELECT x." + p.id() + " FROM " + p.entity() + " x WHERE " + p.where(), String.class);
                p.params().apply(now).forEach(select::setParameter);
                List<String> ids = select.setMaxResults(CHUNK).getResultList();
                if (ids.isEmpty()) return 0;
                return em.createQuery("DELETE FROM " + p.entity() + " x WHERE x." + p.id() + " IN :ids")
                        .setParameter("ids", ids).executeUpdate();
            });
            total += n;
            if (n < CHUNK) break;
        }
        return total;
    }
}
