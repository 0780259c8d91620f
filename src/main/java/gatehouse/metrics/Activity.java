package gatehouse.metrics;

import gatehouse.store.ActivityCount;
import gatehouse.store.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;

/**
 * Cluster-wide counts per hour for the console home (tokens issued, refusals, failed log-ins, lockouts), without a
 * database write per event: each node counts in memory and {@link #flush}es every {@code gatehouse.activity.flush.seconds}
 * from the scheduler's thread, adding its counts to its own {@code gatehouse_activity} rows (hour, node, kind), one
 * write per row touched. A node that dies loses at most what it counted since its last flush; a flush that fails
 * (the database is down) keeps its counts for the next one. Housekeeping purges hours older than {@link #KEEP_HOURS}.
 */
public final class Activity {
    private static final Logger LOG = Logger.getLogger(Activity.class.getName());
    public static final String TOKENS_ISSUED = "tokens_issued";
    public static final String REFUSALS = "refusals";
    public static final String FAILED_LOGINS = "failed_logins";
    public static final String LOCKOUTS = "lockouts";
    public static final List<String> KINDS = List.of(TOKENS_ISSUED, REFUSALS, FAILED_LOGINS, LOCKOUTS);
    public static final long HOUR = 3_600_000L;
    /** Hours kept in the table (a week). */
    public static final int KEEP_HOURS = 168;

    private record Key(long hourStart, String kind) { }

    private final Database db;
    private final String node;
    /** Counted since the last flush; {@code merge} to add, {@code remove} to take (both atomic). */
    private final ConcurrentMap<Key, Long> pending = new ConcurrentHashMap<>();

    public Activity(Database db, String node) {
        this.db = db;
        this.node = node;
    }

    /** One event of {@code kind} (one of {@link #KINDS}) now. */
    public void add(String kind) {
        pending.merge(new Key(hourOf(System.currentTimeMillis()), kind), 1L, Long::sum);
    }

    public static long hourOf(long millis) {
        return Math.floorDiv(millis, HOUR) * HOUR;
    }

    /** Adds what was counted since the last flush to this node's rows, in one transaction; on failure keeps it for the next. */
    public synchronized void flush() {
        Map<Key, Long> taken = new LinkedHashMap<>();
        for (Key k : new ArrayList<>(pending.keySet())) {
            Long n = pending.remove(k);
            if (n != null && n > 0) taken.put(k, n);
        }
        if (taken.isEmpty()) return;
        try {
            db.tx(em -> {
                for (Map.Entry<Key, Long> e : taken.entrySet()) {
                    // an increment in the database, not read-modify-write: a flush from a page view and the scheduler's never lose one
                    int updated = em.createQuery("UPDATE ActivityCount a SET a.events = a.events + :n "
                                    + "WHERE a.hourStart = :h AND a.node = :node AND a.kind = :k")
                            .setParameter("n", e.getValue()).setParameter("h", e.getKey().hourStart()).setParameter("node", node)
                            .setParameter("k", e.getKey().kind()).executeUpdate();
                    if (updated == 0) {
                        ActivityCount row = new ActivityCount();
                        row.hourStart = e.getKey().hourStart();
                        row.node = node;
                        row.kind = e.getKey().kind();
                        row.events = e.getValue();
                        em.persist(row);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            taken.forEach((k, n) -> pending.merge(k, n, Long::sum));
            LOG.fine(() -> "activity counts not flushed, kept for the next flush: " + e);
        }
    }

    /** The cluster's counts of the last {@code hours} hours, oldest first, this one last (what every node has flushed). */
    public List<Hour> lastHours(int hours) {
        long now = hourOf(System.currentTimeMillis());
        long from = now - (hours - 1L) * HOUR;
        List<Object[]> rows = db.read(em -> em.createQuery(
                "SELECT a.hourStart, a.kind, SUM(a.events) FROM ActivityCount a WHERE a.hourStart >= :from GROUP BY a.hourStart, a.kind",
                Object[].class).setParameter("from", from).getResultList());
        Map<Long, Map<String, Long>> byHour = new LinkedHashMap<>();
        for (long h = from; h <= now; h += HOUR) byHour.put(h, new LinkedHashMap<>());
        for (Object[] r : rows) {
            Map<String, Long> m = byHour.get(((Number) r[0]).longValue());
            if (m != null) m.put((String) r[1], ((Number) r[2]).longValue());
        }
        List<Hour> out = new ArrayList<>();
        byHour.forEach((h, m) -> out.add(new Hour(h, m)));
        return out;
    }

    /** Deletes the hours older than {@link #KEEP_HOURS}; the rows deleted. */
    public int purge(long now) {
        long cut = hourOf(now) - KEEP_HOURS * HOUR;
        return db.tx(em -> em.createQuery("DELETE FROM ActivityCount a WHERE a.hourStart < :cut").setParameter("cut", cut).executeUpdate());
    }

    /** One hour's counts, by kind. */
    public record Hour(long start, Map<String, Long> counts) {
        public long get(String kind) {
            return counts.getOrDefault(kind, 0L);
        }
    }
}
