package gatehouse.outbound;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). */
final class Pkce {
    private Pkce() { }

    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(gatehouse.keys.Secrets.sha256Bytes(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
