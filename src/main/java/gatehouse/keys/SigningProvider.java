package gatehouse.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.logging.Logger;

/**
 * The JCA provider that signs JWT access tokens. An RSA-2048 signature costs the JDK's own provider about 0.9 ms of
 * CPU on a current x86-64 core and is most of the cost of an RS256 token; the Amazon Corretto Crypto Provider
 * (AWS-LC, native, bundled for Linux x86-64) makes the same signature in about 0.27 ms, and an ES256 one in a
 * fraction of the JDK's time. It is used when {@code gatehouse.crypto.native} is true (the default), its native
 * library loads on this platform, it passes its own health check, and a signature it makes verifies with the JDK;
 * otherwise the JDK's providers sign, with the same keys and the same tokens. Only signing goes through it:
 * keys are generated, sealed and verified by the JDK, and no provider is installed JVM-wide.
 */
public final class SigningProvider {
    private static final Logger LOG = Logger.getLogger(SigningProvider.class.getName());
    /** Null: the JDK's default providers. */
    private final Provider provider;

    private SigningProvider(Provider provider) {
        this.provider = provider;
    }

    public static final SigningProvider JDK = new SigningProvider(null);

    /** @param useNative the setting gatehouse.crypto.native */
    public static SigningProvider choose(boolean useNative) {
        if (!useNative) {
            LOG.info("Gatehouse signs tokens with the JDK's providers (gatehouse.crypto.native=false)");
            return JDK;
        }
        String why;
        try {
            Provider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable loading = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (loading == null) {
                AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
                selfTest(accp);
                LOG.info("Gatehouse signs tokens with " + accp.getName() + " " + accp.getVersionStr() + " (native AWS-LC)");
                return new SigningProvider(accp);
            }
            why = String.valueOf(loading);
        } catch (LinkageError | RuntimeException | GeneralSecurityException e) {
            why = String.valueOf(e);
        }
        LOG.info("Gatehouse signs tokens with the JDK's providers: the native provider is not usable here (" + why + ")");
        return JDK;
    }

    /**
     * Beside the provider's own known-answer tests ({@code assertHealthy}): a signature it makes with a JDK key must
     * verify with the JDK (P-256 only: an RSA key would cost start-up a key generation).
     */
    private static void selfTest(Provider p) throws GeneralSecurityException {
        byte[] data = "gatehouse self-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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

    /** The provider to sign with, or null for the JDK's default providers. */
    public Provider provider() {
        return provider;
    }

    public boolean isNative() {
        return provider != null;
    }

    /**
     * The key in this provider's own form. A JDK key handed to the native provider is converted on every signature
     * (measured: 0.7 ms per RS256 token instead of 0.3 ms), so signers convert each key once and keep it.
     */
    public PrivateKey own(PrivateKey key) {
        if (provider == null) return key;
        try {
            return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
        } catch (GeneralSecurityException | ClassCastException e) {
            LOG.warning("the native provider cannot take a " + key.getAlgorithm() + " key (" + e + "); the JDK converts it on each signature");
            return key;
        }
    }

    /** For the log and the console: which implementation signs. */
    public String describe() {
        return provider == null ? "JDK" : provider.getName() + " " + provider.getVersionStr();
    }
}
