package gatehouse.user;

import gatehouse.keys.Secrets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password storage: PBKDF2-HMAC-SHA256, 16-byte salt, 32-byte hash, as
 * {@code pbkdf2-sha256$iterations$salt$hash}. The iteration count travels with each hash, so raising
 * the setting upgrades hashes as users log in.
 */
public final class PasswordHasher {
    private static final String SCHEME = "pbkdf2-sha256";
    private final int iterations;

    public PasswordHasher(int iterations) {
        this.iterations = iterations;
    }

    public String hash(String password) {
        byte[] salt = new byte[16];
        Secrets.secureRandom().nextBytes(salt);
        return SCHEME + "$" + iterations + "$" + b64(salt) + "$" + b64(derive(password, salt, iterations));
    }

    /** Whether {@code password} matches {@code stored}; false for a null or malformed hash. */
    public boolean verify(String password, String stored) {
        if (password == null || stored == null) return false;
        String[] p = stored.split("\\$");
        if (p.length != 4 || !SCHEME.equals(p[0])) return false;
        try {
            int n = Integer.parseInt(p[1]);
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] expected = Base64.getDecoder().decode(p[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, n));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a verified hash should be replaced by one with the current iteration count. */
    public boolean needsRehash(String stored) {
        return stored == null || !stored.startsWith(SCHEME + "$" + iterations + "$");
    }

    /** Burns the time of one verification, so that an unknown user name takes as long as a wrong password. */
    public void verifyDummy(String password) {
        derive(password == null ? "" : password, new byte[16], iterations);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().withoutPadding().encodeToString(b);
    }
}
