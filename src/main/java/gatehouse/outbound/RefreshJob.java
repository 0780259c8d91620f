package gatehouse.outbound;

import gatehouse.store.Leases;
import gatehouse.store.OAuthCredential;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The scheduled outbound job: refreshes tokens that will expire before the next run (plus the skew), marks
 * credentials whose refresh token expired or was refused as needing a person, and purges the outbound HTTP
 * log. Every node schedules it; a lease on its {@code job_lease} row ({@link Leases}) lets one node at a time run it.
 */
final class RefreshJob {
    private static final Logger LOG = Logger.getLogger(RefreshJob.class.getName());
    static final String LEASE = "outbound-refresh";

    private final Leases leases;
    private final OutboundTokens tokens;
    private final OutboundLog log;
    private final String node;
    private final long skewMillis;
    private final long intervalMillis;
    private ScheduledExecutorService scheduler;

    RefreshJob(Leases leases, OutboundTokens tokens, OutboundLog log, String node, long skewSeconds, long intervalSeconds) {
        this.leases = leases;
        this.tokens = tokens;
        this.log = log;
        this.node = node;
        this.skewMillis = skewSeconds * 1000;
        this.intervalMillis = intervalSeconds * 1000;
    }

    synchronized void start() {
        if (scheduler != null || intervalMillis <= 0) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gatehouse-outbound-refresh");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::runOnce, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (scheduler != null) scheduler.shutdownNow();
        scheduler = null;
    }

    void runOnce() {
        try {
            if (!leases.tryAcquire(LEASE, node, Math.max(intervalMillis * 2, 60_000))) return;
            try {
                List<OAuthCredential> due = tokens.dueForRefresh(skewMillis + intervalMillis);
                for (OAuthCredential c : due) tokens.refreshAhead(c);
                int purged = log.purge();
                if (purged > 0) LOG.info("purged " + purged + " outbound HTTP log rows");
            } finally {
                leases.release(LEASE, node, true);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the outbound refresh job failed: " + e.getMessage(), e);
        }
    }

}
