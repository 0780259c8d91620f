package gatehouse.store;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Leases on {@code job_lease} rows, so that of several nodes exactly one runs a job or creates a shared thing
 * (CONTRACT "Several nodes"). Acquiring is one conditional UPDATE (or the INSERT of the row, whose primary
 * key lets only one node win), so it holds on Derby and PostgreSQL alike without table locks.
 */
public final class Leases {
    private static final Logger LOG = Logger.getLogger(Leases.class.getName());
    private final Database db;

    public Leases(Database db) {
        this.db = db;
    }

    /** True when {@code holder} now holds the lease {@code name} until {@code ttlMillis} from now. */
    public boolean tryAcquire(String name, String holder, long ttlMillis) {
        long now = System.currentTimeMillis();
        try {
            return db.tx(em -> {
                int n = em.createQuery("UPDATE JobLease l SET l.holder = :h, l.leaseUntil = :until "
                                + "WHERE l.name = :n AND (l.leaseUntil < :now OR l.holder = :h)")
                        .setParameter("h", holder).setParameter("until", now + ttlMillis)
                        .setParameter("n", name).setParameter("now", now).executeUpdate();
                if (n == 1) return true;
                if (em.find(JobLease.class, name) != null) return false;
                JobLease l = new JobLease();
                l.name = name;
                l.holder = holder;
                l.leaseUntil = now + ttlMillis;
                l.lastRunAt = 0;
                em.persist(l);
                em.flush();
                return true;
            });
        } catch (RuntimeException lostRace) {
            // another node inserted the row first (duplicate key), or the database is briefly unavailable
            LOG.log(Level.FINE, "lease " + name + " not acquired", lostRace);
            return false;
        }
    }

    /** Ends the lease early and records when the job last ran. */
    public void release(String name, String holder, boolean ran) {
        long now = System.currentTimeMillis();
        db.tx(em -> {
            var q = ran
                    ? em.createQuery("UPDATE JobLease l SET l.leaseUntil = 0, l.lastRunAt = :now WHERE l.name = :n AND l.holder = :h")
                            .setParameter("now", now)
                    : em.createQuery("UPDATE JobLease l SET l.leaseUntil = 0 WHERE l.name = :n AND l.holder = :h");
            return q.setParameter("n", name).setParameter("h", holder).executeUpdate();
        });
    }

    /** When the job last ran to completion on any node (0: never). */
    public long lastRun(String name) {
        JobLease l = db.read(em -> em.find(JobLease.class, name));
        return l == null ? 0 : l.lastRunAt;
    }
}
