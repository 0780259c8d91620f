package gatehouse.jobs;

import gatehouse.config.Settings;
import gatehouse.store.Database;
import gatehouse.testing.Postgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link HousekeepingTest}'s cases on a real PostgreSQL cluster (the tests' own, {@link Postgres}): the grant purge
 * is SQL of its own, written for both databases.
 */
class HousekeepingPostgresIT extends HousekeepingTest {
    private static Postgres pg;
    private static Database derby;

    @BeforeAll
    static void onPostgres() {
        pg = Postgres.startOrSkip();
        pg.createDatabase("gh_housekeeping", "gh_housekeeping", "housekeeping-db-pw-1");
        derby = db;
        db = Database.open(Settings.of(Map.of("gatehouse.data.dir", temp.dir().toString(),
                "gatehouse.db.url", pg.jdbcUrl("gh_housekeeping"), "gatehouse.db.user", "gh_housekeeping",
                "gatehouse.db.password", "housekeeping-db-pw-1")));
    }

    @AfterAll
    static void stop() {
        if (db != null && db != derby) db.close();
        db = derby;
        if (pg != null) pg.close();
    }
}
