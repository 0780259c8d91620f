package gatehouse.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random values and their hashes: tokens, codes, secrets, ids. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() { }

    /** {@code bytes} random bytes, base64url without padding (32 bytes = 256 bits). */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return B64URL.encodeToString(b);
    }

    /** A ServiceNow-style sys_id: 32 lower-case hex digits, 128 random bits. */
    public static String sysId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * A sys_id-shaped id (32 lower-case hex digits) that sorts by creation time: 48 bits of milliseconds, then 80
     * random bits. For rows made by the thousand whose id is a primary key and a foreign key in another index
     * (grants): new entries land at the end of those B-trees instead of on a random page each.
     */
    public static String timeOrderedId(long millis) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        for (int i = 0; i < 6; i++) b[i] = (byte) (millis >>> (40 - 8 * i));
        return HexFormat.of().formatHex(b);
    }

    /** SHA-256 of the UTF-8 text, base64url: how tokens, codes, client secrets and cookies are stored. */
    public static String sha256(String value) {
        return B64URL.encodeToString(sha256Bytes(value.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256Bytes(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two strings (null never equals anything). */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    public static SecureRandom secureRandom() { return RANDOM; }
}
