package gatehouse.user;

import gatehouse.testing.Postgres;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ConcurrentLoginIT} on PostgreSQL, whose row locks and deadlock detection differ from Derby's. */
class ConcurrentLoginPostgresIT extends ConcurrentLoginIT {
    static Postgres pg;

    @BeforeAll
    static void startOnPostgres() {
        pg = Postgres.startOrSkip();
        pg.createDatabase("gh_logins", "gh_logins", "logins-db-pw-1");
        Map<String, String> db = new LinkedHashMap<>();
        db.put("gatehouse.db.url", pg.jdbcUrl("gh_logins"));
        db.put("gatehouse.db.user", "gh_logins");
        db.put("gatehouse.db.password", "logins-db-pw-1");
        db.put("gatehouse.master.key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        startWith(db);
    }

    @AfterAll
    static void stopPostgres() {
        ConcurrentLoginIT.stop();
        if (pg != null) pg.close();
    }
}
