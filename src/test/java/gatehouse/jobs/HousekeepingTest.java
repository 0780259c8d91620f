package gatehouse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.keys.MasterKey;
import gatehouse.keys.SigningKeys;
import gatehouse.store.AuthorizationCode;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import gatehouse.store.InitialAccessToken;
import gatehouse.store.Leases;
import gatehouse.store.LoginSession;
import gatehouse.store.PushedRequest;
import gatehouse.store.ReplayRecord;
import gatehouse.store.Token;
import gatehouse.testing.TempDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Housekeeping against a real (embedded Derby) database: expired rows go, in chunks; live rows stay. */
class HousekeepingTest {
    @RegisterExtension
    static final TempDatabase temp = new TempDatabase("housekeeping");
    static Database db;

    @BeforeAll
    static void open() {
        db = temp.db();
    }

    @Test
    void purgesExpiredRowsInChunksAndKeepsLiveOnes() {
        long now = System.currentTimeMillis();
        int many = Housekeeping.CHUNK + 20;
        db.tx(em -> {
            for (int i = 0; i < many; i++) em.persist(token("expired-" + i, "g-old", now - 1000));
            em.persist(token("live", "g-live", now + 600_000));
            em.persist(grant("g-old", now - Housekeeping.GRANT_RETENTION_MILLIS - 1000));
            em.persist(grant("g-live", now - Housekeeping.GRANT_RETENTION_MILLIS - 1000));
            em.persist(grant("g-young", now));
            em.persist(code("old-code", now - Housekeeping.CODE_RETENTION_MILLIS - 1000));
            em.persist(code("recent-code", now - 1000));
            em.persist(session("old-session", now - 1000, now));
            em.persist(session("idle-session", now + 600_000, now - 7_200_000));
            em.persist(session("live-session", now + 600_000, now));
            em.persist(replay("old-jti", now - 1));
            em.persist(replay("live-jti", now + 60_000));
            em.persist(pushed("old-par", now - 1));
            em.persist(pushed("live-par", now + 60_000));
            return null;
        });
        Map<String, Integer> deleted = runHousekeeping();
        assertEquals(many, deleted.get("tokens"), deleted.toString());

        db.read(em -> {
            assertNotNull(em.find(Token.class, "live"));
            assertNull(em.find(Token.class, "expired-0"));
            assertNull(em.find(Grant.class, "g-old"), "old grant without tokens");
            assertNotNull(em.find(Grant.class, "g-live"), "a grant with a live token stays");
            assertNotNull(em.find(Grant.class, "g-young"), "a young grant stays");
            assertNull(em.find(AuthorizationCode.class, "old-code"));
            assertNotNull(em.find(AuthorizationCode.class, "recent-code"), "kept a while past expiry, to catch late replays");
            assertNull(em.find(LoginSession.class, "old-session"));
            assertNull(em.find(LoginSession.class, "idle-session"));
            assertNotNull(em.find(LoginSession.class, "live-session"));
            assertNull(em.find(ReplayRecord.class, "old-jti"));
            assertNotNull(em.find(ReplayRecord.class, "live-jti"));
            assertNull(em.find(PushedRequest.class, "old-par"), "an expired pushed authorization request");
            assertNotNull(em.find(PushedRequest.class, "live-par"));
            return null;
        });
    }

    @Test
    void purgesEveryExpiredTokenInOneRunInShortTransactionsAndKeepsLiveOnes() {
        long now = System.currentTimeMillis();
        int chunk = 10;
        // more than the old cap of 200 chunks a run let go, and a run of equal expiry times longer than a chunk
        int expired = 200 * chunk + 345;
        int live = 300;
        db.tx(em -> {
            em.persist(grant("g-many", now - 1000));
            for (int i = 0; i < expired; i++) {
                long expiresAt = i < 3 * chunk ? now - 5_000 : now - 60_000 + i;
                em.persist(token(String.format("many-exp-%05d", i), "g-many", expiresAt));
                if (i < live) em.persist(token(String.format("many-live-%05d", i), "g-many", now + 600_000 + i));
            }
            return null;
        });
        Housekeeping housekeeping = housekeeping(chunk);
        Map<String, Integer> deleted = housekeeping.run();
        assertEquals(expired, deleted.get("tokens"), deleted.toString());
        assertTrue(housekeeping.lastRunChunks >= expired / chunk, "one transaction per chunk of at most " + chunk + ": " + housekeeping.lastRunChunks);
        db.read(em -> {
            assertEquals(0L, em.createQuery("SELECT COUNT(t) FROM Token t WHERE t.tokenHash LIKE 'many-exp-%'", Long.class).getSingleResult());
            assertEquals((long) live, em.createQuery("SELECT COUNT(t) FROM Token t WHERE t.tokenHash LIKE 'many-live-%'", Long.class).getSingleResult());
            return null;
        });
        assertEquals(0, housekeeping.run().get("tokens"), "nothing left for the next run");
    }

    @Test
    void purgesOldGrantsWithoutTokensPastThoseThatStillHaveSome() {
        long now = System.currentTimeMillis();
        int chunk = 10;
        long old = now - Housekeeping.GRANT_RETENTION_MILLIS - 60_000;
        db.tx(em -> {
            // windows full of grants that still have tokens (same created_at, more than a chunk), and empty ones between and after
            for (int i = 0; i < 3 * chunk; i++) {
                em.persist(grant(String.format("gw-kept-%03d", i), old));
                em.persist(token(String.format("gw-token-%03d", i), String.format("gw-kept-%03d", i), now + 600_000));
                em.persist(grant(String.format("gw-gone-%03d", i), i % 2 == 0 ? old : old + i));
            }
            em.persist(grant("gw-young", now - 1000));
            return null;
        });
        Map<String, Integer> deleted = housekeeping(chunk).run();
        assertEquals(3 * chunk, deleted.get("grants"), deleted.toString());
        db.read(em -> {
            assertEquals(0L, em.createQuery("SELECT COUNT(g) FROM Grant g WHERE g.id LIKE 'gw-gone-%'", Long.class).getSingleResult());
            assertEquals(3L * chunk, em.createQuery("SELECT COUNT(g) FROM Grant g WHERE g.id LIKE 'gw-kept-%'", Long.class).getSingleResult());
            assertNotNull(em.find(Grant.class, "gw-young"));
            return null;
        });
    }

    @Test
    void purgesInitialAccessTokensADayAfterTheyExpire() {
        long now = System.currentTimeMillis();
        db.tx(em -> {
            em.persist(initialToken("iat-long-expired", now - Housekeeping.INITIAL_TOKEN_RETENTION_MILLIS - 1000));
            em.persist(initialToken("iat-just-expired", now - 1000));
            em.persist(initialToken("iat-live", now + 600_000));
            return null;
        });
        Map<String, Integer> deleted = runHousekeeping();
        assertEquals(1, deleted.get("initial access tokens"), deleted.toString());
        db.read(em -> {
            assertNull(em.find(InitialAccessToken.class, "iat-long-expired"));
            assertNotNull(em.find(InitialAccessToken.class, "iat-just-expired"), "shown as expired in the console for a day");
            assertNotNull(em.find(InitialAccessToken.class, "iat-live"));
            return null;
        });
    }

    @Test
    void onlyOneHolderOfTheLeaseRuns() {
        Leases leases = new Leases(db);
        assertTrue(leases.tryAcquire("test-lease", "node-a", 60_000));
        assertFalse(leases.tryAcquire("test-lease", "node-b", 60_000));
        leases.release("test-lease", "node-a", true);
        assertTrue(leases.tryAcquire("test-lease", "node-b", 60_000));
        assertTrue(leases.lastRun("test-lease") > 0);
    }

    /** One run, as a node holding the lease does it (sessions idle for 30 minutes end). */
    private static Map<String, Integer> runHousekeeping() {
        Leases leases = new Leases(db);
        SigningKeys keys = new SigningKeys(db, MasterKey.fromFile(temp.dir()), leases, "test", 1000);
        return new Housekeeping(db, leases, "test", keys, 1_800_000).run();
    }

    private static Housekeeping housekeeping(int chunk) {
        Leases leases = new Leases(db);
        SigningKeys keys = new SigningKeys(db, MasterKey.fromFile(temp.dir()), leases, "test", 1000);
        return new Housekeeping(db, leases, "test", keys, 1_800_000, null, chunk);
    }

    private static Token token(String hash, String grant, long expiresAt) {
        Token t = new Token();
        t.tokenHash = hash;
        t.kind = Token.ACCESS;
        t.format = "opaque";
        t.grantId = grant;
        t.clientId = "c";
        t.issuedAt = expiresAt - 1000;
        t.expiresAt = expiresAt;
        return t;
    }

    private static Grant grant(String id, long createdAt) {
        Grant g = new Grant();
        g.id = id;
        g.clientId = "c";
        g.grantType = "client_credentials";
        g.createdAt = createdAt;
        return g;
    }

    private static AuthorizationCode code(String hash, long expiresAt) {
        AuthorizationCode c = new AuthorizationCode();
        c.codeHash = hash;
        c.clientId = "c";
        c.redirectUri = "https://x.example/cb";
        c.userSysId = "u";
        c.createdAt = expiresAt - 60_000;
        c.expiresAt = expiresAt;
        return c;
    }

    private static LoginSession session(String id, long expiresAt, long lastSeen) {
        LoginSession s = new LoginSession();
        s.idHash = id;
        s.userSysId = "u";
        s.csrfSecret = "x";
        s.createdAt = lastSeen;
        s.lastSeenAt = lastSeen;
        s.expiresAt = expiresAt;
        return s;
    }

    private static InitialAccessToken initialToken(String sysId, long expiresAt) {
        InitialAccessToken t = new InitialAccessToken();
        t.sysId = sysId;
        t.name = sysId;
        t.tokenHash = "hash-" + sysId;
        t.expiresAt = expiresAt;
        t.maxUses = 1;
        t.createdOn = expiresAt - 86_400_000L;
        t.updatedOn = t.createdOn;
        return t;
    }

    private static PushedRequest pushed(String idHash, long expiresAt) {
        PushedRequest p = new PushedRequest();
        p.idHash = idHash;
        p.clientId = "c1";
        p.parameters = "client_id=c1";
        p.createdAt = expiresAt - 60_000;
        p.expiresAt = expiresAt;
        return p;
    }

    private static ReplayRecord replay(String id, long expiresAt) {
        ReplayRecord r = new ReplayRecord();
        r.id = id;
        r.expiresAt = expiresAt;
        return r;
    }
}
