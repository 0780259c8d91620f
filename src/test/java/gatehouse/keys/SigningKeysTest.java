package gatehouse.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.record.Actor;
import gatehouse.store.Database;
import gatehouse.store.Leases;
import gatehouse.store.SigningKey;
import gatehouse.testing.TempDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing keys on a real (embedded Derby) database, with two "nodes" sharing it. */
class SigningKeysTest {
    @RegisterExtension
    static final TempDatabase temp = new TempDatabase("signing-keys");
    private static Database db;
    private static MasterKey master;

    @BeforeAll
    static void open() {
        db = temp.db();
        master = MasterKey.fromFile(temp.dir());
    }

    private static SigningKeys node(String name, long purgeMillis) {
        return new SigningKeys(db, master, new Leases(db), name, purgeMillis);
    }

    private static List<SigningKey> active() {
        return db.read(em -> em.createQuery("SELECT k FROM SigningKey k WHERE k.state = 'active'", SigningKey.class).getResultList());
    }

    @Test
    void twoNodesStartingTogetherCreateOneActiveKeyPerAlgorithmThenRotateAndPurge() throws Exception {
        SigningKeys a = node("node-a", 6000);
        SigningKeys b = node("node-b", 6000);
        CompletableFuture<Void> fa = CompletableFuture.runAsync(a::ensureActive);
        CompletableFuture<Void> fb = CompletableFuture.runAsync(b::ensureActive);
        fa.get();
        fb.get();
        assertEquals(2, active().size(), "one RS256 and one ES256 key, not one per node");
        assertEquals(a.active("RS256").kid(), b.active("RS256").kid());
        assertEquals("ES256", a.active("ES256").alg());

        String oldKid = a.active("RS256").kid();
        assertFalse(a.rotateIfDue(3_600_000), "not due yet");
        assertTrue(a.rotateIfDue(0), "due");
        assertEquals(2, active().size());
        assertNotEquals(oldKid, a.active("RS256").kid());
        assertNotNull(b.verificationKey(oldKid), "a rotated key still verifies");
        assertEquals(4, a.publishedKeys().size());

        Thread.sleep(6100);
        assertTrue(a.purgeExpired() >= 2);
        assertNull(a.verificationKey(oldKid), "a purged key verifies nothing");
        SigningKey purged = db.read(em -> em.find(SigningKey.class, oldKid));
        assertEquals(SigningKey.PURGED, purged.state);
        assertEquals("", purged.privateKeyEnc, "private part erased");
        assertEquals(2, a.jwks().get("keys") instanceof List<?> l ? l.size() : -1);
    }

    @Test
    void aKeySealedUnderAnotherMasterKeyStopsStartUpWithAClearMessage() throws Exception {
        Path other = Files.createTempDirectory(Path.of("target"), "other-master");
        SigningKeys wrong = new SigningKeys(db, MasterKey.fromFile(other), new Leases(db), "node-c", 1000);
        node("node-a", 86_400_000).rotate(Actor.SYSTEM);
        IllegalStateException e = assertThrows(IllegalStateException.class, wrong::ensureActive);
        assertTrue(e.getMessage().contains("gatehouse.master.key"), e.getMessage());
    }
}
