package gatehouse.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.store.ActivityCount;
import gatehouse.store.Database;
import gatehouse.testing.TempDatabase;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console home's hourly counts against a real (embedded Derby) database: nodes' counts add up, nothing is lost or doubled. */
class ActivityTest {
    @RegisterExtension
    static final TempDatabase temp = new TempDatabase("activity");

    private static long rows(Database db) {
        return db.read(em -> em.createQuery("SELECT COUNT(a) FROM ActivityCount a", Long.class).getSingleResult());
    }

    @Test
    void twoNodesCountsAddUpPerHourWithOneRowPerNodeHourAndKind() throws Exception {
        Database db = temp.db();
        Activity a = new Activity(db, "node-a"), b = new Activity(db, "node-b");
        long before = rows(db);
        for (int i = 0; i < 5; i++) a.add(Activity.TOKENS_ISSUED);
        a.add(Activity.REFUSALS);
        assertEquals(0, a.lastHours(24).get(23).get(Activity.TOKENS_ISSUED), "nothing is written before a flush");
        a.flush();
        for (int i = 0; i < 3; i++) b.add(Activity.TOKENS_ISSUED);
        b.flush();
        // many flushes, and counting threads racing them: every event is counted once
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) pool.submit(() -> {
            go.await();
            for (int i = 0; i < 250; i++) a.add(Activity.TOKENS_ISSUED);
            return null;
        });
        go.countDown();
        for (int i = 0; i < 20; i++) a.flush();
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        a.flush();
        a.flush();                                // nothing new: no write

        List<Activity.Hour> hours = a.lastHours(24);
        assertEquals(24, hours.size());
        Activity.Hour now = hours.get(23);
        assertEquals(Activity.hourOf(System.currentTimeMillis()), now.start(), "this hour last");
        assertEquals(5 + 3 + 1000, now.get(Activity.TOKENS_ISSUED));
        assertEquals(1, now.get(Activity.REFUSALS));
        assertEquals(0, now.get(Activity.LOCKOUTS));
        assertEquals(0, hours.get(0).get(Activity.TOKENS_ISSUED));
        assertEquals(before + 3, rows(db), "one row per node, hour and kind, however many flushes");
    }

    @Test
    void purgeDropsHoursOlderThanAWeekOnly() {
        Database db = temp.db();
        long now = System.currentTimeMillis();
        long old = Activity.hourOf(now) - (Activity.KEEP_HOURS + 1) * Activity.HOUR;
        long kept = Activity.hourOf(now) - (Activity.KEEP_HOURS - 1) * Activity.HOUR;
        db.tx(em -> {
            for (long h : new long[] {old, kept}) {
                ActivityCount c = new ActivityCount();
                c.hourStart = h;
                c.node = "node-p";
                c.kind = Activity.LOCKOUTS;
                c.events = 7;
                em.persist(c);
            }
            return null;
        });
        assertEquals(1, new Activity(db, "node-p").purge(now));
        long left = db.read(em -> em.createQuery("SELECT COUNT(a) FROM ActivityCount a WHERE a.node = 'node-p'", Long.class).getSingleResult());
        assertEquals(1, left);
    }
}
