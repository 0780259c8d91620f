package gatehouse.store;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for small, independent inserts that many request threads make at once (a client_credentials
 * token and its grant, say): the writes queued while one transaction commits go to the database together in the
 * next one, so that the cost of a commit (the log flush, EclipseLink's unit of work, a pooled connection) is
 * paid once per group instead of once per request. A caller returns only when its own writes are committed, so
 * what a response says exists does exist, on every node. No thread of its own: a caller that gets one of the
 * committer permits commits whatever is queued, its own writes among them; the others wait for theirs.
 *
 * <p>If a group's transaction fails, each of its writes is retried in a transaction of its own, so one failing
 * write fails only its caller. Writes must therefore be safe to run twice on fresh objects' behalf: they may only
 * {@code persist} new entities (never read-modify-write).
 */
final class GroupCommit {
    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    /** Writes per transaction at most: bounds the transaction's size and the wait of the last caller in it. */
    static final int MAX_GROUP = 256;

    private static final class Pending {
        final Consumer<EntityManager> writes;
        final CountDownLatch done = new CountDownLatch(1);
        volatile RuntimeException failure;

        Pending(Consumer<EntityManager> writes) {
            this.writes = writes;
        }

        boolean isDone() {
            return done.getCount() == 0;
        }
    }

    private final Database db;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    /** Transactions committing groups at once: one per core, so that the inserts of two groups run side by side. */
    private final Semaphore committers;

    GroupCommit(Database db) {
        this(db, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    GroupCommit(Database db, int committers) {
        this.db = db;
        this.committers = new Semaphore(committers);
    }

    void run(Consumer<EntityManager> writes) {
        Pending mine = new Pending(writes);
        queue.add(mine);
        boolean interrupted = false;
        while (!mine.isDone()) {
            if (committers.tryAcquire()) {
                commitWhileQueued();
            } else {
                // every committer looks at the queue again after it lets go, so this wakes up when its group is
                // committed; the timeout only bounds the wait should it be left in the queue all the same
                try {
                    mine.done.await(5, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (mine.failure != null) throw mine.failure;
    }

    /**
     * Holding a permit: commits groups until the queue is empty (at most one write per request thread is ever
     * queued, so this ends), lets go, and looks again: writes queued by a caller that found every permit taken
     * meanwhile are committed rather than left waiting.
     */
    private void commitWhileQueued() {
        do {
            try {
                while (commitQueued()) { }
            } finally {
                committers.release();
            }
        } while (!queue.isEmpty() && committers.tryAcquire());
    }

    /** Commits up to {@link #MAX_GROUP} queued writes in one transaction (a permit held); false when none were queued. */
    private boolean commitQueued() {
        List<Pending> group = new ArrayList<>();
        for (Pending p; group.size() < MAX_GROUP && (p = queue.poll()) != null; ) group.add(p);
        if (group.isEmpty()) return false;
        try {
            db.tx(em -> {
                for (Pending p : group) p.writes.accept(em);
                return null;
            });
            for (Pending p : group) p.done.countDown();
        } catch (RuntimeException groupFailed) {
            if (group.size() > 1) LOG.log(Level.FINE, "group commit failed; retrying its " + group.size() + " writes one by one", groupFailed);
            for (Pending p : group) {
                try {
                    if (group.size() > 1) db.tx(em -> {
                        p.writes.accept(em);
                        return null;
                    });
                    else p.failure = groupFailed;
                } catch (RuntimeException e) {
                    p.failure = e;
                }
                p.done.countDown();
            }
        }
        return true;
    }
}
