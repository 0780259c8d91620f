package gatehouse.keys;

import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.store.Database;
import gatehouse.store.Leases;
import gatehouse.store.SigningKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The token signing keys (table {@code signing_key}): one active RS256 key (RSA 2048) and one active ES256
 * key (P-256) at all times; rotated keys stay published in the JWKS until {@code purge_at}, then are marked
 * {@code purged} and their private part erased. Private parts are sealed under the {@link MasterKey}.
 *
 * <p>Creation and rotation run under the {@code signing-keys} lease, so two nodes never create or rotate at
 * once. Caches (CONTRACT "Several nodes"): the active signing key is re-read at most every
 * {@value #CACHE_MILLIS} ms (after a rotation on another node this node may sign with the previous key, still
 * published, for up to that long); verification keys are re-read every {@value #CACHE_MILLIS} ms and at once
 * (at most every {@value #MISS_RELOAD_MILLIS} ms) when a token names an unknown {@code kid}.
 */
public final class SigningKeys {
    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());
    public static final String RS256 = "RS256";
    public static final String ES256 = "ES256";
    public static final List<String> ALGORITHMS = List.of(RS256, ES256);
    static final String LEASE = "signing-keys";
    static final long CACHE_MILLIS = 60_000;
    static final long MISS_RELOAD_MILLIS = 2_000;

    /** A key that signs: its kid, algorithm and private key. */
    public record ActiveKey(String kid, String alg, PrivateKey privateKey, long createdAt) { }

    private record Published(Map<String, PublicKey> byKid, List<SigningKey> rows, long loadedAt) { }

    private final Database db;
    private final MasterKey master;
    private final Leases leases;
    private final String node;
    private final long purgeMillis;
    private final Supplier<Provider> generator;
    private final Map<String, ActiveKey> active = new ConcurrentHashMap<>();
    private volatile long activeLoadedAt;
    private volatile Published published = new Published(Map.of(), List.of(), 0);

    public SigningKeys(Database db, MasterKey master, Leases leases, String node, long purgeMillis) {
        this(db, master, leases, node, purgeMillis, () -> null);
    }

    /** @param generator the provider that generates new key pairs when it is ready (null: the JDK's) */
    public SigningKeys(Database db, MasterKey master, Leases leases, String node, long purgeMillis, Supplier<Provider> generator) {
        this.db = db;
        this.master = master;
        this.leases = leases;
        this.node = node;
        this.purgeMillis = purgeMillis;
        this.generator = generator;
    }

    /** At start-up: makes sure an active key of each algorithm exists, and that the master key opens them. */
    public void ensureActive() {
        for (int attempt = 0; attempt < 120; attempt++) {
            if (missingAlgorithms().isEmpty()) {
                reloadActive();
                return;
            }
            if (leases.tryAcquire(LEASE, node, 60_000)) {
                try {
                    db.tx(em -> {
                        for (String alg : missingAlgorithms()) {
                            SigningKey k = generate(alg, System.currentTimeMillis());
                            em.persist(k);
                            LOG.info("Gatehouse created the " + alg + " signing key " + k.kid);
                        }
                        return null;
                    });
                } finally {
                    leases.release(LEASE, node, false);
                }
            } else {
                sleep(500);
            }
        }
        throw new IllegalStateException("no active signing key could be created (the signing-keys lease stayed taken)");
    }

    private List<String> missingAlgorithms() {
        List<String> have = db.read(em -> em.createQuery("SELECT k.alg FROM SigningKey k WHERE k.state = :s", String.class)
                .setParameter("s", SigningKey.ACTIVE).getResultList());
        List<String> missing = new ArrayList<>(ALGORITHMS);
        missing.removeAll(have);
        return missing;
    }

    /** The key that signs new tokens with {@code alg}. */
    public ActiveKey active(String alg) {
        if (System.currentTimeMillis() - activeLoadedAt > CACHE_MILLIS || !active.containsKey(alg)) reloadActive();
        ActiveKey k = active.get(alg);
        if (k == null) throw new IllegalStateException("no active " + alg + " signing key");
        return k;
    }

    private synchronized void reloadActive() {
        List<SigningKey> rows = db.read(em -> em.createQuery("SELECT k FROM SigningKey k WHERE k.state = :s", SigningKey.class)
                .setParameter("s", SigningKey.ACTIVE).getResultList());
        for (SigningKey k : rows) {
            ActiveKey current = active.get(k.alg);
            if (current != null && current.kid().equals(k.kid)) continue;
            if (current != null && current.createdAt() > k.createdAt) continue;
            try {
                byte[] pkcs8 = master.open(k.privateKeyEnc, context(k.kid, k.alg));
                PrivateKey key = KeyFactory.getInstance(keyType(k.alg)).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                active.put(k.alg, new ActiveKey(k.kid, k.alg, key, k.createdAt));
            } catch (MasterKey.WrongKeyException e) {
                throw new IllegalStateException("the signing key " + k.kid + " cannot be decrypted with the master key from "
                        + master.source() + " (" + e.getMessage() + "); every node needs the same gatehouse.master.key");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the signing key " + k.kid + " is damaged: " + e.getMessage(), e);
            }
        }
        activeLoadedAt = System.currentTimeMillis();
    }

    /** The public key with this kid while it is published (active or not yet purged), else null. */
    public PublicKey verificationKey(String kid) {
        Published p = published;
        long now = System.currentTimeMillis();
        if (now - p.loadedAt() > CACHE_MILLIS || (!p.byKid().containsKey(kid) && now - p.loadedAt() > MISS_RELOAD_MILLIS))
            p = reloadPublished();
        return p.byKid().get(kid);
    }

    /** Every key in the JWKS: active and inactive, not yet purged; newest first. */
    public List<SigningKey> publishedKeys() {
        Published p = published;
        if (System.currentTimeMillis() - p.loadedAt() > MISS_RELOAD_MILLIS) p = reloadPublished();
        return p.rows();
    }

    private synchronized Published reloadPublished() {
        List<SigningKey> rows = db.read(em -> em.createQuery(
                        "SELECT k FROM SigningKey k WHERE k.state = :a OR k.state = :i ORDER BY k.createdAt DESC", SigningKey.class)
                .setParameter("a", SigningKey.ACTIVE).setParameter("i", SigningKey.INACTIVE).getResultList());
        long now = System.currentTimeMillis();
        Map<String, PublicKey> byKid = new LinkedHashMap<>();
        List<SigningKey> live = new ArrayList<>();
        for (SigningKey k : rows) {
            if (k.purgeAt != null && k.purgeAt <= now) continue;
            byKid.put(k.kid, publicKey(k));
            live.add(k);
        }
        Published p = new Published(Map.copyOf(byKid), List.copyOf(live), now);
        published = p;
        return p;
    }

    /**
     * Retires every active key and creates a new one per algorithm (admin action or schedule). The retired keys
     * stay published until {@code purge_at}. Returns the new kids, or an empty list when another node holds the lease.
     */
    public List<String> rotate(Actor actor) {
        for (int attempt = 0; attempt < 20; attempt++) {
            if (leases.tryAcquire(LEASE, node, 60_000)) {
                try {
                    List<String> kids = db.tx(em -> {
                        long now = System.currentTimeMillis();
                        List<String> created = new ArrayList<>();
                        for (SigningKey old : em.createQuery("SELECT k FROM SigningKey k WHERE k.state = :s", SigningKey.class)
                                .setParameter("s", SigningKey.ACTIVE).getResultList()) {
                            old.state = SigningKey.INACTIVE;
                            old.rotatedAt = now;
                            old.purgeAt = now + purgeMillis;
                        }
                        for (String alg : ALGORITHMS) {
                            SigningKey k = generate(alg, now);
                            em.persist(k);
                            created.add(k.kid);
                        }
                        Audit.record(em, actor, "rotate", "signing_key", String.join(",", created), "signing keys rotated; new kids " + created);
                        return created;
                    });
                    LOG.info("Gatehouse rotated its signing keys; new kids " + kids);
                    active.clear();
                    reloadActive();
                    reloadPublished();
                    return kids;
                } finally {
                    leases.release(LEASE, node, true);
                }
            }
            sleep(250);
        }
        return List.of();
    }

    /** Rotates when the active RS256 key is older than {@code maxAgeMillis} (the schedule). */
    public boolean rotateIfDue(long maxAgeMillis) {
        Long oldest = db.read(em -> em.createQuery("SELECT MIN(k.createdAt) FROM SigningKey k WHERE k.state = :s", Long.class)
                .setParameter("s", SigningKey.ACTIVE).getSingleResult());
        if (oldest == null || System.currentTimeMillis() - oldest < maxAgeMillis) return false;
        if (!leases.tryAcquire(LEASE + "-schedule", node, 60_000)) return false;
        try {
            Long again = db.read(em -> em.createQuery("SELECT MIN(k.createdAt) FROM SigningKey k WHERE k.state = :s", Long.class)
                    .setParameter("s", SigningKey.ACTIVE).getSingleResult());
            if (again == null || System.currentTimeMillis() - again < maxAgeMillis) return false;
            return !rotate(Actor.SYSTEM).isEmpty();
        } finally {
            leases.release(LEASE + "-schedule", node, true);
        }
    }

    /** Marks inactive keys past {@code purge_at} as purged and erases their private part; returns how many. */
    public int purgeExpired() {
        long now = System.currentTimeMillis();
        int n = db.tx(em -> em.createQuery("UPDATE SigningKey k SET k.state = :p, k.privateKeyEnc = :none "
                        + "WHERE k.state = :i AND k.purgeAt IS NOT NULL AND k.purgeAt <= :now")
                .setParameter("p", SigningKey.PURGED).setParameter("none", "").setParameter("i", SigningKey.INACTIVE)
                .setParameter("now", now).executeUpdate());
        if (n > 0) {
            LOG.info("Gatehouse purged " + n + " inactive signing key(s)");
            reloadPublished();
        }
        return n;
    }

    /** All keys, for the console: newest first. */
    public List<SigningKey> all() {
        return db.read(em -> em.createQuery("SELECT k FROM SigningKey k ORDER BY k.createdAt DESC", SigningKey.class).getResultList());
    }

    /** RFC 7517 §5: the JWK Set of the published public keys ({@code use: sig}, with {@code kid} and {@code alg}). */
    public Map<String, Object> jwks() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (SigningKey k : publishedKeys()) keys.add(jwk(k));
        return Map.of("keys", keys);
    }

    static Map<String, Object> jwk(SigningKey k) {
        PublicKey pub = publicKey(k);
        Map<String, Object> m = new LinkedHashMap<>();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        if (pub instanceof RSAPublicKey rsa) {
            m.put("kty", "RSA");
            m.put("kid", k.kid);
            m.put("use", "sig");
            m.put("alg", k.alg);
            m.put("n", b64.encodeToString(unsigned(rsa.getModulus(), 0)));
            m.put("e", b64.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
        } else if (pub instanceof ECPublicKey ec) {
            m.put("kty", "EC");
            m.put("kid", k.kid);
            m.put("use", "sig");
            m.put("alg", k.alg);
            m.put("crv", "P-256");
            m.put("x", b64.encodeToString(unsigned(ec.getW().getAffineX(), 32)));
            m.put("y", b64.encodeToString(unsigned(ec.getW().getAffineY(), 32)));
        }
        return m;
    }

    /** Big-endian bytes without a sign byte, left-padded to {@code length} (RFC 7518 §6.2.1.2, §6.3.1.1). */
    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) b = Arrays.copyOfRange(b, 1, b.length);
        if (b.length >= length) return b;
        byte[] padded = new byte[length];
        System.arraycopy(b, 0, padded, length - b.length, b.length);
        return padded;
    }

    private SigningKey generate(String alg, long now) {
        try {
            Provider fast = generator.get();
            KeyPairGenerator gen = fast == null ? KeyPairGenerator.getInstance(keyType(alg)) : KeyPairGenerator.getInstance(keyType(alg), fast);
            if (RS256.equals(alg)) gen.initialize(2048, Secrets.secureRandom());
            else gen.initialize(new ECGenParameterSpec("secp256r1"), Secrets.secureRandom());
            KeyPair pair = gen.generateKeyPair();
            SigningKey k = new SigningKey();
            k.kid = Secrets.random(16);
            k.alg = alg;
            k.state = SigningKey.ACTIVE;
            k.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            k.privateKeyEnc = master.seal(pair.getPrivate().getEncoded(), context(k.kid, alg));
            k.createdAt = now;
            return k;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key: " + e.getMessage(), e);
        }
    }

    static PublicKey publicKey(SigningKey k) {
        try {
            return KeyFactory.getInstance(keyType(k.alg)).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(k.publicKey)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the public key " + k.kid + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String keyType(String alg) {
        return switch (alg) {
            case RS256 -> "RSA";
            case ES256 -> "EC";
            default -> throw new IllegalStateException("unknown signing algorithm " + alg);
        };
    }

    /** Associated data of a sealed private key: binds it to its kid and algorithm. */
    private static String context(String kid, String alg) {
        return "signing_key:" + kid + ":" + alg;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
