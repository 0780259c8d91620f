package gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gatehouse.config.Settings;
import gatehouse.testing.Postgres;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the group commit's transactions (client_credentials tokens) are committed without waiting for the WAL
 * flush when {@code gatehouse.token.commit.durable=false}, and no other transaction ever is; by default they wait: read inside each
 * transaction from PostgreSQL itself ({@code current_setting('synchronous_commit')}), on a real cluster.
 */
class GroupCommitPostgresIT {
    static Postgres pg;

    @BeforeAll
    static void startPostgres() {
        pg = Postgres.startOrSkip();
        pg.createDatabase("gh_groups", "gh_groups", "groups-db-pw-1");
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    /** The tests' cluster runs with synchronous_commit=off; these connections start as a durable server's do (on). */
    private static Database open(String durable) {
        if (durable == null) return Database.open(Settings.of(Map.of("gatehouse.db.url", pg.jdbcUrl("gh_groups") + "?options=-c%20synchronous_commit%3Don",
                "gatehouse.db.user", "gh_groups", "gatehouse.db.password", "groups-db-pw-1")));
        return Database.open(Settings.of(Map.of("gatehouse.db.url", pg.jdbcUrl("gh_groups") + "?options=-c%20synchronous_commit%3Don",
                "gatehouse.db.user", "gh_groups",
                "gatehouse.db.password", "groups-db-pw-1", "gatehouse.token.commit.durable", durable)));
    }

    private static String inGroup(Database db) {
        AtomicReference<String> seen = new AtomicReference<>();
        db.insertGrouped(em -> seen.set((String) em.createNativeQuery("SELECT current_setting('synchronous_commit')").getSingleResult()));
        return seen.get();
    }

    private static String inPlainTransaction(Database db) {
        return db.tx(em -> (String) em.createNativeQuery("SELECT current_setting('synchronous_commit')").getSingleResult());
    }

    @Test
    void notDurableOnlyTheGroupsSkipTheFlushWait() {
        Database db = open("false");
        try {
            assertEquals("off", inGroup(db), "a group's transaction commits without waiting for the WAL flush");
            assertEquals("on", inPlainTransaction(db), "every other transaction waits for the flush, on the same pool");
            assertEquals("off", inGroup(db));
            assertEquals("on", inPlainTransaction(db), "SET LOCAL ends with its transaction: a pooled connection comes back as it was");
        } finally {
            db.close();
        }
    }

    @Test
    void durableAndTheDefaultMakeTheGroupsWaitToo() {
        for (String durable : new String[] {"true", null}) {
            Database db = open(durable);
            try {
                assertEquals("on", inGroup(db), "durable=" + durable);
                assertEquals("on", inPlainTransaction(db));
            } finally {
                db.close();
            }
        }
    }
}
