package gatehouse.dpop;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9), stateless so that any node accepts any node's: a nonce is a time slot
 * and an HMAC of it under a key derived from the master key. A nonce is accepted during its slot and the next one.
 */
public final class DpopNonces {
    private final byte[] key;
    private final long slotMillis;

    /** @param key the same on every node (derived from the master key) */
    public DpopNonces(byte[] key, long slotMillis) {
        this.key = key.clone();
        this.slotMillis = slotMillis;
    }

    public String issue(long now) {
        return encode(now / slotMillis);
    }

    public boolean valid(String nonce, long now) {
        if (nonce.length() > 100) return false;
        long slot = now / slotMillis;
        byte[] given = nonce.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, encode(slot).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                | MessageDigest.isEqual(given, encode(slot - 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private String encode(long slot) {
        byte[] s = ByteBuffer.allocate(8).putLong(slot).array();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(s);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(24).put(s).put(tag, 0, 16).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
