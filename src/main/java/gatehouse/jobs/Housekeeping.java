package gatehouse.jobs;

import gatehouse.keys.SigningKeys;
import gatehouse.metrics.Activity;
import gatehouse.store.Database;
import gatehouse.store.Leases;
import java.util.Collections;
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
 * a week ({@link Activity#KEEP_HOURS}).
 *
 * <p>Deletes go in chunks of {@value #CHUNK} rows, each in its own short transaction, and touch only expired rows, so
 * token issuance never waits on them. A run goes on until nothing expired is left (there is no cap per run: a node
 * issuing more tokens per interval than a cap would let go could never catch up), renewing its lease every
 * {@value #RENEW_MILLIS} ms. Where the rows expire by an indexed column (tokens, codes, …) each chunk takes the next
 * {@value #CHUNK} by that index ({@code ORDER BY expires_at}, from where the previous chunk ended), so a chunk reads
 * about as many index entries as it deletes instead of walking again over those already deleted; grants are walked
 * the same way by {@code (created_at, id)} (migration 022), in windows of {@value #CHUNK} whether or not they still
 * have tokens, so old grants that do are read once per run, not once per chunk. One node at a time (lease
 * {@code housekeeping}).
 */
public final class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
    static final int CHUNK = 500;
    static final long CODE_RETENTION_MILLIS = 86_400_000L;
    static final long GRANT_RETENTION_MILLIS = gatehouse.token.Grants.RETENTION_MILLIS;
    static final long THROTTLE_RETENTION_MILLIS = 86_400_000L;
    static final long INITIAL_TOKEN_RETENTION_MILLIS = 86_400_000L;
    static final String LEASE = "housekeeping";
    static final long LEASE_MILLIS = 10 * 60_000L;
    static final long RENEW_MILLIS = 60_000L;

    /**
     * One kind of row to purge: {@code where} selects the expired ones; {@code order}, when not null, is the indexed
     * column (a long) they expire by, walked in order from chunk to chunk.
     */
    private record Purge(String name, String entity, String id, String where, String order, Function<Long, Map<String, Object>> params) { }

    private final Database db;
    private final Leases leases;
    private final String node;
    private final SigningKeys keys;
    private final List<Purge> purges;
    /** null: no hourly counts to purge */
    private final Activity activity;
    private final int chunk;
    /** Transactions the last run took (for tests: a run is many short transactions, never one big one). */
    volatile int lastRunChunks;

    public Housekeeping(Database db, Leases leases, String node, SigningKeys keys, long sessionIdleMillis) {
        this(db, leases, node, keys, sessionIdleMillis, null);
    }

    public Housekeeping(Database db, Leases leases, String node, SigningKeys keys, long sessionIdleMillis, Activity activity) {
        this(db, leases, node, keys, sessionIdleMillis, activity, CHUNK);
    }

    /** @param chunk rows per transaction ({@value #CHUNK}; tests take fewer) */
    Housekeeping(Database db, Leases leases, String node, SigningKeys keys, long sessionIdleMillis, Activity activity, int chunk) {
        this.activity = activity;
        this.db = db;
        this.leases = leases;
        this.node = node;
        this.keys = keys;
        this.chunk = chunk;
        this.purges = List.of(
                new Purge("codes", "AuthorizationCode", "codeHash", "x.expiresAt < :cut", "expiresAt",
                        now -> Map.of("cut", now - CODE_RETENTION_MILLIS)),
                new Purge("tokens", "Token", "tokenHash", "x.expiresAt < :now", "expiresAt", now -> Map.of("now", now)),
                new Purge("pending authorizations", "PendingAuthorization", "id", "x.expiresAt < :now", "expiresAt", now -> Map.of("now", now)),
                new Purge("login sessions", "LoginSession", "idHash", "x.expiresAt < :now OR x.lastSeenAt < :idle", null,
                        now -> Map.of("now", now, "idle", now - sessionIdleMillis)),
                new Purge("replay records", "ReplayRecord", "id", "x.expiresAt < :now", "expiresAt", now -> Map.of("now", now)),
                new Purge("device codes", "DeviceCode", "deviceHash", "x.expiresAt < :now", "expiresAt", now -> Map.of("now", now)),
                new Purge("pushed authorization requests", "PushedRequest", "idHash", "x.expiresAt < :now", "expiresAt", now -> Map.of("now", now)),
                new Purge("login throttles", "LoginThrottle", "key", "x.blockedUntil < :now AND x.lastFailureAt < :cut", null,
                        now -> Map.of("now", now, "cut", now - THROTTLE_RETENTION_MILLIS)),
                new Purge("initial access tokens", "InitialAccessToken", "sysId", "x.expiresAt < :cut", null,
                        now -> Map.of("cut", now - INITIAL_TOKEN_RETENTION_MILLIS)));
    }

    /** One run, when this node gets the lease: rows deleted per kind (empty when another node holds the lease). */
    public Map<String, Integer> run() {
        if (!leases.tryAcquire(LEASE, node, LEASE_MILLIS)) return Map.of();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        Map<String, Long> slow = new LinkedHashMap<>();       // kinds that took 50 ms or more, and how long
        long started = System.currentTimeMillis();
        Lease lease = new Lease(started);
        try {
            long now = started;
            for (Purge p : purges) {
                long t0 = System.currentTimeMillis();
                deleted.put(p.name(), p.order() != null ? purgeInOrder(p, now, lease) : purge(p, now, lease));
                long t1 = System.currentTimeMillis();
                if (t1 - t0 >= 50) slow.put(p.name(), t1 - t0);
                // grants right after tokens: those whose last tokens just went
                if (p.name().equals("tokens")) {
                    deleted.put("grants", purgeGrants(now - GRANT_RETENTION_MILLIS, lease));
                    if (System.currentTimeMillis() - t1 >= 50) slow.put("grants", System.currentTimeMillis() - t1);
                }
            }
            deleted.put("signing keys", keys.purgeExpired());
            if (activity != null) deleted.put("hourly counts", activity.purge(now));
        } finally {
            leases.release(LEASE, node, true);
        }
        lastRunChunks = lease.chunks;
        int total = deleted.values().stream().mapToInt(Integer::intValue).sum();
        if (total > 0) LOG.info("Gatehouse housekeeping deleted " + deleted + " in " + (System.currentTimeMillis() - started)
                + " ms" + (slow.isEmpty() ? "" : " " + slow) + ", " + lease.chunks + " chunks of at most " + chunk + " rows");
        return deleted;
    }

    /** The run's lease, renewed as it goes on; false when it could not be (another node took it: stop). */
    private final class Lease {
        private long renewed;
        int chunks;

        Lease(long acquired) {
            renewed = acquired;
        }

        boolean keep() {
            chunks++;
            if (Thread.currentThread().isInterrupted()) return false;      // the node is stopping
            long now = System.currentTimeMillis();
            if (now - renewed < RENEW_MILLIS) return true;
            renewed = now;
            return leases.tryAcquire(LEASE, node, LEASE_MILLIS);
        }
    }

    /** Rows without an order: each chunk selects anew (small tables: sessions, throttles, initial access tokens). */
    private int purge(Purge p, long now, Lease lease) {
        int total = 0;
        while (lease.keep()) {
            int n = db.tx(em -> {
                var select = em.createQuery("SELECT x." + p.id() + " FROM " + p.entity() + " x WHERE " + p.where(), String.class);
                p.params().apply(now).forEach(select::setParameter);
                List<String> ids = select.setMaxResults(chunk).getResultList();
                if (ids.isEmpty()) return 0;
                return em.createQuery("DELETE FROM " + p.entity() + " x WHERE x." + p.id() + " IN :ids")
                        .setParameter("ids", ids).executeUpdate();
            });
            total += n;
            if (n < chunk) break;
        }
        return total;
    }

    /**
     * Rows that expire by an indexed column: the next chunk in that column's order, from the value the previous chunk
     * ended at (ties: the rows of the previous chunk at that value are gone, so {@code >=} finds only the rest).
     */
    private int purgeInOrder(Purge p, long now, Lease lease) {
        int total = 0;
        long from = Long.MIN_VALUE;
        while (lease.keep()) {
            long after = from;
            long[] last = {from};
            int n = db.tx(em -> {
                var select = em.createQuery("SELECT x." + p.id() + ", x." + p.order() + " FROM " + p.entity() + " x WHERE " + p.where()
                        + " AND x." + p.order() + " >= :from ORDER BY x." + p.order(), Object[].class);
                p.params().apply(now).forEach(select::setParameter);
                List<Object[]> rows = select.setParameter("from", after).setMaxResults(chunk).getResultList();
                if (rows.isEmpty()) return 0;
                last[0] = ((Number) rows.get(rows.size() - 1)[1]).longValue();
                List<String> ids = rows.stream().map(r -> (String) r[0]).toList();
                return em.createQuery("DELETE FROM " + p.entity() + " x WHERE x." + p.id() + " IN :ids")
                        .setParameter("ids", ids).executeUpdate();
            });
            total += n;
            from = last[0];
            if (n < chunk) break;
        }
        return total;
    }

    /**
     * Grants begun before {@code cut} that have no token left, walked by {@code (created_at, id)} in windows of one chunk:
     * a window's grants that still have tokens are passed over, not read again by the next chunk.
     */
    private int purgeGrants(long cut, Lease lease) {
        int total = 0;
        long[] fromCreated = {Long.MIN_VALUE};
        String[] fromId = {""};
        while (lease.keep()) {
            int[] seen = {0};
            total += db.tx(em -> {
                List<Object[]> window = em.createQuery("SELECT x.id, x.createdAt FROM Grant x WHERE x.createdAt < :cut AND x.createdAt >= :c "
                                + "AND (x.createdAt > :c OR x.id > :i) ORDER BY x.createdAt, x.id", Object[].class)
                        .setParameter("cut", cut).setParameter("c", fromCreated[0]).setParameter("i", fromId[0])
                        .setMaxResults(chunk).getResultList();
                seen[0] = window.size();
                if (window.isEmpty()) return 0;
                Object[] last = window.get(window.size() - 1);
                fromCreated[0] = ((Number) last[1]).longValue();
                fromId[0] = (String) last[0];
                List<String> ids = window.stream().map(r -> (String) r[0]).toList();
                // SQL, not JPQL: EclipseLink wrote this DELETE's subquery as "FROM oauth_token t2, oauth_token t1" (a cross
                // join with the whole token table): 165 ms a window on PostgreSQL with 1.5 million tokens, 2.4 ms as written here
                var delete = em.createNativeQuery("DELETE FROM oauth_grant WHERE id IN (" + String.join(",", Collections.nCopies(ids.size(), "?"))
                        + ") AND NOT EXISTS (SELECT 1 FROM oauth_token t WHERE t.grant_id = oauth_grant.id)");
                for (int k = 0; k < ids.size(); k++) delete.setParameter(k + 1, ids.get(k));
                return delete.executeUpdate();
            });
            if (seen[0] < chunk) break;
        }
        return total;
    }
}
