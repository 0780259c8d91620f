package gatehouse.jobs;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The background jobs of one node (housekeeping, key rotation), on one daemon thread. Started by the
 * composition root, stopped at shutdown. Every job takes a database lease itself, so running it on every
 * node is safe (CONTRACT "Several nodes").
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-jobs");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    /** Runs {@code job} every {@code periodSeconds}, first after {@code initialDelaySeconds}; a failure is logged, never fatal. */
    public void every(String name, long initialDelaySeconds, long periodSeconds, Runnable job) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Gatehouse job " + name + " failed: " + e.getMessage(), e);
            }
        }, initialDelaySeconds, periodSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
