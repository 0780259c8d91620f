package gatehouse.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signs JWS compact serializations (RFC 7515 §7.1) with one key and one fixed header, for the token endpoint's hot
 * path. The header ({@code typ}, {@code kid}, {@code alg}) is encoded once; each token is then one base64url
 * encoding of its payload, one signature and one of the signature. Initialised {@link Signature} objects are kept
 * for reuse (after {@code sign()} a JCA signature is ready to sign again with the same key), so a token costs no
 * provider look-up and no key initialisation. Measured against jjwt's builder on this machine (bench/README.md
 * "Token endpoint"): jjwt also serialises the header and claims through maps and Jackson for every token, and
 * base64url-encodes with its own codec.
 *
 * <p>ES256 signatures are returned by JCA as DER; JWS wants R and S as two 32-byte big-endian numbers (RFC 7518
 * §3.4), converted here.
 */
public final class JwsSigner {
    /** Signature objects kept for reuse at most (about one per request thread signing at once). */
    static final int MAX_IDLE = 64;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String kid;
    private final boolean ecdsa;
    private final String jcaAlgorithm;
    private final Provider provider;
    private final PrivateKey key;
    /** base64url(header) and the '.' after it, in ASCII */
    private final byte[] headerAndDot;
    private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /**
     * @param alg      RS256 or ES256
     * @param type     the header's {@code typ} ({@code at+jwt}, {@code JWT})
     * @param key      the private key, best in {@code provider}'s own form ({@link NativeCrypto#own})
     * @param provider the provider that signs (null: the JDK's)
     */
    public JwsSigner(String alg, String kid, String type, PrivateKey key, Provider provider) {
        this.kid = kid;
        this.ecdsa = switch (alg) {
            case SigningKeys.RS256 -> false;
            case SigningKeys.ES256 -> true;
            default -> throw new IllegalArgumentException("unknown signing algorithm " + alg);
        };
        this.jcaAlgorithm = ecdsa ? "SHA256withECDSA" : "SHA256withRSA";
        this.provider = provider;
        this.key = key;
        StringBuilder header = new StringBuilder("{\"typ\":");
        Json.string(header, type).append(",\"kid\":");
        Json.string(header, kid).append(",\"alg\":\"").append(alg).append("\"}");
        byte[] h = B64.encode(header.toString().getBytes(StandardCharsets.UTF_8));
        headerAndDot = new byte[h.length + 1];
        System.arraycopy(h, 0, headerAndDot, 0, h.length);
        headerAndDot[h.length] = '.';
        release(signature());     // fails here, not on the first token, when the provider cannot take the key
    }

    public String kid() {
        return kid;
    }

    public Provider provider() {
        return provider;
    }

    /** The compact JWS of {@code payloadJson} (the UTF-8 of a JSON object). */
    public String sign(byte[] payloadJson) {
        byte[] payload = B64.encode(payloadJson);
        byte[] signingInput = new byte[headerAndDot.length + payload.length];
        System.arraycopy(headerAndDot, 0, signingInput, 0, headerAndDot.length);
        System.arraycopy(payload, 0, signingInput, headerAndDot.length, payload.length);
        Signature s = signature();
        byte[] sig;
        try {
            s.update(signingInput);
            sig = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the " + jcaAlgorithm + " key " + kid + ": " + e.getMessage(), e);
        }
        release(s);        // only after a signature that succeeded: its state is known to be fresh
        byte[] encoded = B64.encode(ecdsa ? concatenated(sig, 32) : sig);
        byte[] jws = new byte[signingInput.length + 1 + encoded.length];
        System.arraycopy(signingInput, 0, jws, 0, signingInput.length);
        jws[signingInput.length] = '.';
        System.arraycopy(encoded, 0, jws, signingInput.length + 1, encoded.length);
        return new String(jws, StandardCharsets.ISO_8859_1);   // base64url and '.': ASCII
    }

    private Signature signature() {
        Signature s = idle.poll();
        if (s != null) {
            idleCount.decrementAndGet();
            return s;
        }
        try {
            s = provider == null ? Signature.getInstance(jcaAlgorithm) : Signature.getInstance(jcaAlgorithm, provider);
            s.initSign(key);
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the " + jcaAlgorithm + " key " + kid + ": " + e.getMessage(), e);
        }
    }

    private void release(Signature s) {
        if (idleCount.incrementAndGet() <= MAX_IDLE) idle.offer(s);
        else idleCount.decrementAndGet();
    }

    /**
     * An ECDSA signature from its DER form (SEQUENCE of two INTEGERs) to R and S, each {@code size} bytes
     * big-endian (RFC 7518 §3.4).
     */
    static byte[] concatenated(byte[] der, int size) {
        int at = 0;
        if (der.length < 8 || der[at++] != 0x30) throw new IllegalStateException("not a DER ECDSA signature");
        int seqLength = der[at++] & 0xff;
        if (seqLength == 0x81) seqLength = der[at++] & 0xff;
        else if (seqLength > 0x7f) throw new IllegalStateException("not a DER ECDSA signature");
        if (at + seqLength != der.length) throw new IllegalStateException("not a DER ECDSA signature");
        byte[] out = new byte[2 * size];
        for (int part = 0; part < 2; part++) {
            if (at + 2 > der.length || der[at++] != 0x02) throw new IllegalStateException("not a DER ECDSA signature");
            int length = der[at++] & 0xff;
            if (length == 0 || length > 0x7f || at + length > der.length) throw new IllegalStateException("not a DER ECDSA signature");
            int from = at, n = length;
            while (n > size && der[from] == 0) { from++; n--; }     // a sign byte (or more zeros) before the number
            if (n > size) throw new IllegalStateException("an ECDSA number longer than " + size + " bytes");
            System.arraycopy(der, from, out, part * size + size - n, n);
            at += length;
        }
        if (at != der.length) throw new IllegalStateException("not a DER ECDSA signature");
        return out;
    }

    /** The few JSON pieces a token payload needs (RFC 8259 §7 strings). */
    public static final class Json {
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private Json() { }

        /** Appends {@code s} as a JSON string, quoted and escaped. */
        public static StringBuilder string(StringBuilder out, String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    default -> {
                        if (c < 0x20 || c == '\u2028' || c == '\u2029')
                            out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                        else out.append(c);
                    }
                }
            }
            return out.append('"');
        }
    }
}
