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
    void serviceNowOperators() {
        assertEquals(List.of("bob", "cy_d"), names("failed_attempts>0"));
        assertEquals(List.of("bob"), names("failed_attempts>=1^failed_attempts<5"));
        assertEquals(List.of("ann", "bob"), names("failed_attempts<=2"));
        assertEquals(List.of("ann", "cy_d"), names("failed_attemptsIN0,5"));
        assertEquals(List.of("bob"), names("failed_attemptsNOT IN0,5"));
        assertEquals(List.of("bob", "cy_d"), names("failed_attemptsBETWEEN1@5"));
        assertEquals(List.of("bob", "cy_d"), names("sys_created_on>2023-11-14 22:13:20"));
        assertEquals(List.of("ann", "bob"), names("sys_created_onBETWEEN2023-11-14 22:13:20@2023-11-14 22:13:21"));
        assertEquals(List.of("bob"), names("emailISEMPTY"));
        assertEquals(List.of("ann", "cy_d"), names("emailISNOTEMPTY"));
        assertEquals(List.of("ann", "bob", "cy_d"), names("emailANYTHING"));
        assertEquals(List.of("bob", "cy_d"), names("emailNOT LIKEann"));
        assertEquals(List.of("ann", "cy_d"), names("emailENDSWITH@EXAMPLE.COM"));
        assertEquals(List.of("bob"), names("user_nameNOT INrl-ann,rl-cy_d"));
        assertEquals(List.of("ann", "bob", "cy_d"), names("user_nameNSAMEASemail"));
        assertEquals(List.of(), names("user_nameSAMEASemail"));
    }

    @Test
    void newQueriesAddTheirRows() {
        // each ^NQ query keeps the STARTSWITH prefix only in the first one, so name it again
        assertEquals(List.of("ann", "cy_d"), names("user_name=rl-ann^NQuser_name=rl-cy_d"));
        assertEquals(List.of("ann", "bob"), names("active=true^failed_attempts=0^NQuser_nameSTARTSWITHrl-^active=false"));
    }

    @Test
    void dotWalkingReadsTheReferencedRecord() {
        db.tx(em -> {
            gatehouse.store.Incident i = new gatehouse.store.Incident();
            i.sysId = "rlinc1";
            i.number = "RL0000001";
            i.callerId = "rlbob";
            em.persist(i);
            return null;
        });
        QueryFields incidents = QueryFields.builder().string("number", "number")
                .reference("caller_id", "callerId", () -> FIELDS, () -> User.class).build();
        for (String q : List.of("caller_id.user_name=rl-bob", "caller_id.active=false", "caller_id.failed_attempts>1^caller_id.emailISEMPTY")) {
            EncodedQuery query = EncodedQuery.parse("numberSTARTSWITHRL^" + q, incidents);
            assertEquals(List.of("RL0000001"), db.read(em -> RecordList.run(em, gatehouse.store.Incident.class, query, 0, 10, List.of(), "sysId"))
                    .rows().stream().map(i -> i.number).toList(), q);
        }
        EncodedQuery none = EncodedQuery.parse("numberSTARTSWITHRL^caller_id.active=true", incidents);
        assertEquals(0, db.read(em -> RecordList.run(em, gatehouse.store.Incident.class, none, 0, 10, List.of(), "sysId")).total());
    }

    @Test
    void aggregatesPerGroup() {
        EncodedQuery query = EncodedQuery.parse("user_nameSTARTSWITHrl-", FIELDS);
        List<RecordList.Group> groups = db.read(em -> RecordList.aggregate(em, User.class, query, List.of(FIELDS.get("active")),
                List.of(new RecordList.Aggregate("SUM", FIELDS.get("failed_attempts")), new RecordList.Aggregate("MAX", FIELDS.get("failed_attempts")))));
        assertEquals(2, groups.size());
        RecordList.Group active = groups.stream().filter(g -> Boolean.TRUE.equals(g.keys().get(0))).findFirst().orElseThrow();
        assertEquals(2, active.count());
        assertEquals(5L, ((Number) active.values().get(0)).longValue());
        assertEquals(5, ((Number) active.values().get(1)).intValue());
        List<RecordList.Group> all = db.read(em -> RecordList.aggregate(em, User.class, query, List.of(), List.of()));
        assertEquals(1, all.size());
        assertEquals(3, all.get(0).count());
    }

    @Test
    void noCountSkipsTheTotal() {
        EncodedQuery query = EncodedQuery.parse("user_nameSTARTSWITHrl-", FIELDS);
        RecordList.Page<User> page = db.read(em -> RecordList.run(em, User.class, query, 0, 2, List.of("createdOn"), "sysId", false));
        assertEquals(-1, page.total());
        assertEquals(2, page.rows().size());
    }

    @Test
    void pagingAndTotal() {
        EncodedQuery query = EncodedQuery.parse("user_nameSTARTSWITHrl-^ORDERBYDESCuser_name", FIELDS);
        RecordList.Page<User> page = db.read(em -> RecordList.run(em, User.class, query, 1, 1, List.of(), "sysId"));
        assertEquals(3, page.total());
        assertEquals("rl-bob", page.rows().get(0).userName);
    }
}
