package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gatehouse.keys.Secrets;
import org.junit.jupiter.api.Test;

class PkceVerifierTest {
    @Test
    void s256AndNoDowngrade() throws Exception {
        String verifier = "dBjftJeZ4CVP-mJ92K1rGr8s7K6OM1l8dfbTzKL8_gBu";
        // RFC 7636 §4.2: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))), computed here independently
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(challenge, Secrets.sha256(verifier));
        assertDoesNotThrow(() -> PkceVerifier.check(challenge, verifier, true));
        assertThrows(OAuthError.class, () -> PkceVerifier.check(challenge, null, false));
        assertThrows(OAuthError.class, () -> PkceVerifier.check(challenge, verifier.replace('d', 'e'), false));
        assertThrows(OAuthError.class, () -> PkceVerifier.check(challenge, challenge.substring(0, 40), false));
        assertThrows(OAuthError.class, () -> PkceVerifier.check(null, verifier, false), "RFC 9700 §4.8");
        assertThrows(OAuthError.class, () -> PkceVerifier.check(null, null, true), "public clients must use PKCE");
        assertDoesNotThrow(() -> PkceVerifier.check(null, null, false));
    }
}
