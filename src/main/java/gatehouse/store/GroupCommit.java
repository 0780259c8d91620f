package gatehouse.store;

import jakarta.persistence.EntityManager;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for small, independent inserts that many request threads make at once (a client_credentials
 * token and its grant, say): the writes queued while one transaction commits go to the database together in the
 * next one, so that the cost of a commit (the log flush, EclipseLink's unit of work, a pooled connection) is
 * paid once per group instead of once per request. A caller returns only when its own writes are committed, so
 * what a response says exists does exist, on every node. No thread of its own: while fewer than
 * {@code maxCommitters} groups are being committed, a waiting caller takes what is queued (its own writes among
 * them) and commits it as one group, then looks again; the others wait for a group to finish. A caller commits one
 * group at a time and stops as soon as its own writes are done, so no caller is kept committing others' writes.
 *
 * <p>If a group's transaction fails, each of its writes is retried in a transaction of its own, so one failing
 * write fails only its caller. Writes must therefore be safe to run twice on fresh objects' behalf: they may only
 * {@code persist} new entities (never read-modify-write).
 *
 * <p>On PostgreSQL the group's transaction may be committed without waiting for its WAL to reach the disk
 * ({@code SET LOCAL synchronous_commit TO OFF}, that transaction only) where {@code gatehouse.token.commit.durable=false}
 * (not the default): what a group holds is access tokens and their standing grants, whose loss in a crash of the database
 * server fails closed (those tokens answer {@code invalid_token}; their clients ask for new ones). The commit is still
 * visible to every node at once; only the wait for the disk's flush (0.12-5.5 ms on the benchmarks' shared disk, the
 * bound on tokens per second when it is slow) is left out. Every other write of Gatehouse waits for the flush.
 */
final class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** Writes per transaction at most: bounds the transaction's size and the wait of the last caller in it. */
    static final int MAX_GROUP = 256;

    private static final class Pending {
        final Consumer<EntityManager> writes;
        /** Its caller's wake-up: signalled when its group is done, or when it may commit the queue's next group. */
        final Condition wake;
        boolean done;                       // guarded by lock
        boolean waiting;                    // guarded by lock: its caller is in wake.await()
        RuntimeException failure;           // written before done is set, read after

        Pending(Consumer<EntityManager> writes, Condition wake) {
            this.writes = writes;
            this.wake = wake;
        }
    }

    private final Database db;
    private final int maxCommitters;
    /** PostgreSQL with gatehouse.token.commit.durable=false: each group's transaction with synchronous_commit off. */
    private final boolean noFlushWait;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int committing;                 // guarded by lock

    /**
     * Embedded Derby: one committer. Derby flushes its log under one lock and latches the same last index pages for
     * every insert, so a second committer only waits and spins (measured on 2 cores: 0.35 ms of CPU per token with
     * two, 0.22-0.29 ms with one, and a higher rate). A server database (PostgreSQL) commits on its own cores and
     * flushes concurrent commits together: one committer per local core, at most 4.
     */
    static GroupCommit forDatabase(Database db, boolean embeddedDerby, boolean postgres, boolean durable) {
        return new GroupCommit(db, embeddedDerby ? 1 : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                postgres && !durable);
    }

    /**
     * @param maxCommitters transactions committing groups at once
     * @param noFlushWait   PostgreSQL only: commit each group without waiting for its WAL flush
     */
    GroupCommit(Database db, int maxCommitters, boolean noFlushWait) {
        this.db = db;
        this.maxCommitters = maxCommitters;
        this.noFlushWait = noFlushWait;
    }

    void run(Consumer<EntityManager> writes) {
        boolean interrupted = false;
        lock.lock();
        try {
            Pending mine = new Pending(writes, lock.newCondition());
            queue.add(mine);
            while (!mine.done) {
                if (committing < maxCommitters && !queue.isEmpty()) {
                    // commit one group (its own writes among them, unless another committer has them), then look again
                    List<Pending> group = new ArrayList<>();
                    for (Pending p; group.size() < MAX_GROUP && (p = queue.poll()) != null; ) group.add(p);
                    committing++;
                    lock.unlock();
                    try {
                        commit(group);
                    } finally {
                        lock.lock();
                        committing--;
                        // wake only whom it concerns: the group's callers (they return), and one queued caller, which
                        // commits the next group (all of them woken, the others only found the queue taken and slept
                        // again: a futex wake-up and a context switch each, for every group)
                        for (Pending p : group) {
                            p.done = true;
                            if (p.waiting) p.wake.signal();
                        }
                        for (Pending p : queue) {
                            if (p.waiting) {
                                p.wake.signal();
                                break;
                            }
                        }
                    }
                } else {
                    mine.waiting = true;
                    try {
                        mine.wake.await();
                    } catch (InterruptedException e) {
                        interrupted = true;     // the writes are queued: wait for them all the same
                    } finally {
                        mine.waiting = false;
                    }
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
            if (mine.failure != null) throw mine.failure;
        } finally {
            lock.unlock();
        }
    }

    /** Commits a group in one transaction; when that fails, each of its writes alone (the lock not held). */
    private void commit(List<Pending> group) {
        db.observer().groupCommit(group.size());
        try {
            db.tx(em -> {
                relax(em);
                for (Pending p : group) p.writes.accept(em);
                return null;
            });
        } catch (RuntimeException groupFailed) {
            if (group.size() == 1) {
                group.get(0).failure = groupFailed;
                return;
            }
            LOG.log(Level.FINE, "group commit failed; retrying its " + group.size() + " writes one by one", groupFailed);
            for (Pending p : group) {
                try {
                    db.tx(em -> {
                        relax(em);
                        p.writes.accept(em);
                        return null;
                    });
                } catch (RuntimeException e) {
                    p.failure = e;
                }
            }
        }
    }

    private void relax(EntityManager em) {
        if (noFlushWait) em.createNativeQuery("SET LOCAL synchronous_commit TO OFF").executeUpdate();
    }
}
