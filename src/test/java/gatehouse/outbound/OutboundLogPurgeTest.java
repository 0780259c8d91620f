package gatehouse.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import gatehouse.store.Database;
import gatehouse.store.OutboundHttpLog;
import gatehouse.testing.TempDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The outbound HTTP log's retention against a real (embedded Derby) database: rows past it go, younger ones stay. */
class OutboundLogPurgeTest {
    static final long DAY = 86_400_000L;
    @RegisterExtension
    static final TempDatabase temp = new TempDatabase("outbound-log");
    private static Database db;

    @BeforeAll
    static void open() {
        db = temp.db();
    }

    /** A log row written {@code ageMillis} ago (what {@link OutboundLog#write} would have written then). */
    static OutboundHttpLog row(String sysId, long ageMillis) {
        OutboundHttpLog l = new OutboundHttpLog();
        l.sysId = sysId;
        l.loggedAt = System.currentTimeMillis() - ageMillis;
        l.kind = "execution";
        l.requestMethod = "GET";
        l.url = "https://api.example.com/" + sysId;
        l.statusCode = 200;
        l.elapsedMs = 5L;
        l.tokenAction = "none";
        return l;
    }

    @Test
    void theDefaultRetentionOf30DaysDeletesOlderRowsAndKeepsYoungerOnes() {
        long days = temp.settings().number("gatehouse.outbound.log.days", 1, 3650);
        assertEquals(30, days, "CONTRACT default");
        db.tx(em -> {
            em.persist(row("d-400", 400 * DAY));
            em.persist(row("d-31", 31 * DAY));
            em.persist(row("d-30-plus-a-minute", 30 * DAY + 60_000));
            em.persist(row("d-30-less-a-minute", 30 * DAY - 60_000));
            em.persist(row("d-29", 29 * DAY));
            em.persist(row("now", 0));
            return null;
        });
        assertEquals(3, new OutboundLog(db, days).purge());
        db.read(em -> {
            assertNull(em.find(OutboundHttpLog.class, "d-400"));
            assertNull(em.find(OutboundHttpLog.class, "d-31"));
            assertNull(em.find(OutboundHttpLog.class, "d-30-plus-a-minute"));
            assertNotNull(em.find(OutboundHttpLog.class, "d-30-less-a-minute"));
            assertNotNull(em.find(OutboundHttpLog.class, "d-29"));
            assertNotNull(em.find(OutboundHttpLog.class, "now"));
            return null;
        });
        assertEquals(0, new OutboundLog(db, days).purge(), "nothing left to purge");

        // a shorter retention reaches the rows the default kept
        assertEquals(2, new OutboundLog(db, 7).purge());
        db.read(em -> {
            assertNull(em.find(OutboundHttpLog.class, "d-29"));
            assertNotNull(em.find(OutboundHttpLog.class, "now"));
            return null;
        });
    }
}
