package gatehouse.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.logging.Logger;

/**
 * The bundled native JCA provider, for the two operations where the JDK is slow: signing JWT access tokens and
 * generating signing keys. An RSA-2048 signature costs the JDK's own provider about 0.9 ms of
 * CPU on a current x86-64 core and is most of the cost of an RS256 token; the Amazon Corretto Crypto Provider
 * (AWS-LC, native, bundled for Linux x86-64) makes the same signature in about 0.27 ms, and an ES256 one in a
 * fraction of the JDK's time. It is used when {@code gatehouse.crypto.native} is true (the default), its native
 * library loads on this platform, it passes its own health check, and a signature it makes verifies with the JDK;
 * otherwise the JDK's providers sign, with the same keys and the same tokens. It also generates new signing keys
 * (an RSA key in tens of milliseconds instead of hundreds); keys are stored in the standard encodings, sealed and
 * verified by the JDK, and no provider is installed JVM-wide.
 *
 * <p>Loading the native library takes a few hundred milliseconds, so {@link #start} does it on a thread of its own
 * at the very beginning of start-up, and the JDK serves until it is ready: nothing waits for it.
 */
public final class NativeCrypto {
    private static final Logger LOG = Logger.getLogger(NativeCrypto.class.getName());
    /** Null: the JDK's default providers. Set at most once, from null to the native provider. */
    private volatile Provider provider;

    private NativeCrypto(Provider provider) {
        this.provider = provider;
    }

    /** Signing with the JDK's providers only. */
    public static NativeCrypto jdk() {
        return new NativeCrypto(null);
    }

    /** Signing with {@code provider} (null: the JDK's). */
    public static NativeCrypto of(Provider provider) {
        return new NativeCrypto(provider);
    }

    /**
     * @param useNative the setting gatehouse.crypto.native: when true the native provider is loaded in the background
     *                  and used from then on, if it can be
     */
    public static NativeCrypto start(boolean useNative) {
        NativeCrypto p = jdk();
        if (!useNative) {
            LOG.info("Gatehouse signs tokens with the JDK's providers (gatehouse.crypto.native=false)");
            return p;
        }
        Thread t = new Thread(() -> p.provider = loadNative(), "gatehouse-native-crypto");
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** The native provider when it is usable here, else null (both logged). */
    public static Provider loadNative() {
        String why;
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable loading = accp.getLoadingError();
            if (loading == null) {
                accp.assertHealthy();
                selfTest(accp);
                LOG.info("Gatehouse signs tokens with " + accp.getName() + " " + accp.getVersionStr() + " (native AWS-LC)");
                return accp;
            }
            why = String.valueOf(loading);
        } catch (LinkageError | RuntimeException | GeneralSecurityException e) {
            why = String.valueOf(e);
        }
        LOG.info("Gatehouse signs tokens with the JDK's providers: the native provider is not usable here (" + why + ")");
        return null;
    }

    /**
     * Beside the provider's own known-answer tests ({@code assertHealthy}): a signature it makes with a JDK key must
     * verify with the JDK (P-256 only: an RSA key would cost a key generation).
     */
    private static void selfTest(Provider p) throws GeneralSecurityException {
        byte[] data = "gatehouse self-test".getBytes(StandardCharsets.US_ASCII);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = ec.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA", p);
        s.initSign(kp.getPrivate());
        s.update(data);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(kp.getPublic());
        v.update(data);
        if (!v.verify(sig)) throw new GeneralSecurityException("a P-256 signature made by " + p.getName() + " did not verify with the JDK");
    }

    /** The native provider when it is loaded and usable, else null (the JDK's default providers). */
    public Provider provider() {
        return provider;
    }

    public boolean isNative() {
        return provider != null;
    }

    /**
     * {@code key} in {@code provider}'s own form. A JDK key handed to the native provider is converted on every
     * signature (measured: 0.7 ms per RS256 token instead of 0.3 ms), so signers convert each key once and keep it.
     */
    public static PrivateKey own(PrivateKey key, Provider provider) {
        if (provider == null) return key;
        try {
            return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (GeneralSecurityException | ClassCastException e) {
            LOG.warning("the native provider cannot take a " + key.getAlgorithm() + " key (" + e + "); it converts it on each signature");
            return key;
        }
    }
}
