package gatehouse.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gatehouse.config.Settings;
import gatehouse.store.Database;
import gatehouse.store.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Encoded queries run as Criteria on embedded Derby (the default database). */
class RecordListTest {
    private static final QueryFields FIELDS = QueryFields.builder()
            .string("user_name", "userName").string("email", "email").bool("active", "active")
            .integer("failed_attempts", "failedAttempts").dateTime("sys_created_on", "createdOn").build();
    private static Database db;

    @BeforeAll
    static void open() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "recordlist");
        db = Database.open(Settings.of(Map.of("gatehouse.data.dir", dir.toString())));
        db.tx(em -> {
            String[][] rows = {{"ann", "true", "0", "ann@example.com"}, {"bob", "false", "2", null}, {"cy_d", "true", "5", "c%d@example.com"}};
            long t = 1_700_000_000_000L;
            for (String[] r : rows) {
                User u = new User();
                u.sysId = "rl" + r[0];
                u.userName = "rl-" + r[0];
                u.active = Boolean.parseBoolean(r[1]);
                u.failedAttempts = Integer.parseInt(r[2]);
                u.email = r[3];
                u.createdOn = t;
                u.updatedOn = t;
                t += 1000;
                em.persist(u);
            }
            return null;
        });
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private List<String> names(String q) {
        EncodedQuery query = EncodedQuery.parse("user_nameSTARTSWITHrl-^" + q, FIELDS);
        return db.read(em -> RecordList.run(em, User.class, query, 0, 100, List.of("createdOn"), "sysId"))
                .rows().stream().map(u -> u.userName.substring(3)).toList();
    }

    @Test
    void booleansIntegersAndTimes() {
        assertEquals(List.of("ann", "cy_d"), names("active=true"));
        assertEquals(List.of("bob"), names("active=false"));
        assertEquals(List.of("bob"), names("active!=true"));
        assertEquals(List.of("bob", "cy_d"), names("failed_attempts!=0^ORDERBYfailed_attempts"));
        assertEquals(List.of("bob"), names("sys_created_on=2023-11-14 22:13:21"));
        assertEquals(List.of("ann", "bob", "cy_d"), names("sys_created_on=2023-11-14"));
    }

    @Test
    void textOperators() {
        assertEquals(List.of("cy_d"), names("user_nameLIKE_"));
        assertEquals(List.of("cy_d"), names("emailLIKE%"));
        assertEquals(List.of("ann", "cy_d"), names("emailLIKEEXAMPLE"));
        assertEquals(List.of("bob"), names("email="));
        assertEquals(List.of("bob", "cy_d"), names("email!=ann@example.com"));
        assertEquals(List.of("ann", "bob"), names("user_name=rl-ann^ORuser_name=rl-bob"));
        assertEquals(List.of(), names("user_name=rl-ann' OR '1'='1"));
    }

    @Test
    void pagingAndTotal() {
        EncodedQuery query = EncodedQuery.parse("user_nameSTARTSWITHrl-^ORDERBYDESCuser_name", FIELDS);
        RecordList.Page<User> page = db.read(em -> RecordList.run(em, User.class, query, 1, 1, List.of(), "sysId"));
        assertEquals(3, page.total());
        assertEquals("rl-bob", page.rows().get(0).userName);
    }
}
