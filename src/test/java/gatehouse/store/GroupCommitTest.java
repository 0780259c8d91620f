package gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.keys.Secrets;
import gatehouse.testing.TempDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Group commit against a real (embedded Derby) database: every caller's rows are committed before it returns. */
class GroupCommitTest {
    @RegisterExtension
    static final TempDatabase temp = new TempDatabase("groupcommit");
    private static Database db;

    @BeforeAll
    static void open() {
        db = temp.db();
    }

    @Test
    void manyThreadsAtOnceEachFindTheirRowsCommittedWhenTheyReturn() throws Exception {
        int threads = 16;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    long now = System.currentTimeMillis();
                    Grant g = grant(Secrets.timeOrderedId(now), now);
                    Token tk = token(Secrets.random(32), g.id, now);
                    db.insertGrouped(em -> {
                        em.persist(g);
                        em.persist(tk);
                    });
                    // committed, and visible to any other connection, as soon as the call returns
                    Token seen = db.read(em -> em.find(Token.class, tk.tokenHash));
                    assertNotNull(seen, "a token row missing right after insertGrouped returned");
                    mine.add(tk.tokenHash);
                }
                return mine;
            }));
        }
        start.countDown();
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : done) all.addAll(f.get(120, TimeUnit.SECONDS));
        pool.shutdown();
        assertEquals(threads * each, all.size());
        long stored = db.read(em -> em.createQuery("SELECT COUNT(t) FROM Token t WHERE t.tokenHash IN :h", Long.class)
                .setParameter("h", all.subList(0, 500)).getSingleResult());
        assertEquals(500, stored);
    }

    @Test
    void aFailingWriteFailsOnlyItsOwnCallerAndLeavesNothingHalfWritten() throws Exception {
        long now = System.currentTimeMillis();
        Grant existing = grant(Secrets.timeOrderedId(now), now);
        db.tx(em -> {
            em.persist(existing);
            return null;
        });
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        List<String> goodHashes = new ArrayList<>();
        String badHash = Secrets.random(32);
        for (int t = 0; t < threads; t++) {
            boolean bad = t == 5;
            String hash = bad ? badHash : Secrets.random(32);
            if (!bad) goodHashes.add(hash);
            results.add(pool.submit(() -> {
                start.await();
                Token tk = token(hash, bad ? existing.id : Secrets.timeOrderedId(now), now);
                // the bad one inserts a grant whose primary key exists already: its transaction must fail
                Grant g = bad ? grant(existing.id, now) : grant(tk.grantId, now);
                try {
                    db.insertGrouped(em -> {
                        em.persist(tk);
                        em.persist(g);
                    });
                    return "ok";
                } catch (RuntimeException e) {
                    return "failed";
                }
            }));
        }
        start.countDown();
        int failed = 0;
        for (Future<String> f : results) if (f.get(60, TimeUnit.SECONDS).equals("failed")) failed++;
        pool.shutdown();
        assertEquals(1, failed, "exactly the duplicate write fails");
        assertNull(db.read(em -> em.find(Token.class, Secrets.sha256(badHash))), "the failed write's token row must not be stored");
        int lost = 0;
        for (String h : goodHashes) if (db.read(em -> em.find(Token.class, Secrets.sha256(h))) == null) lost++;
        assertEquals(0, lost, "good writes lost");
    }

    @Test
    void aWriteThatThrowsSurfacesItsOwnException() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.insertGrouped(em -> {
            throw new IllegalStateException("refused by the caller");
        }));
        assertTrue(e.getMessage().contains("refused by the caller"));
    }

    private static Grant grant(String id, long now) {
        Grant g = new Grant();
        g.id = id;
        g.clientId = "group-commit-test";
        g.userSysId = "u";
        g.scopes = "incident_read";
        g.grantType = "client_credentials";
        g.createdAt = now;
        return g;
    }

    private static Token token(String text, String grantId, long now) {
        Token t = new Token();
        t.tokenHash = Secrets.sha256(text);
        t.kind = Token.ACCESS;
        t.format = "opaque";
        t.grantId = grantId;
        t.clientId = "group-commit-test";
        t.scopes = "incident_read";
        t.issuedAt = now;
        t.expiresAt = now + 60_000;
        return t;
    }
}
