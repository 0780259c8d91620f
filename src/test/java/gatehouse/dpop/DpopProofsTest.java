package gatehouse.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DpopProofsTest {
    @Test
    void htuIgnoresQueryFragmentCaseAndDefaultPortsOnly() {
        String endpoint = "http://127.0.0.1:8080/oauth_token.do";
        assertTrue(DpopProofs.sameUrl("http://127.0.0.1:8080/oauth_token.do?x=1#f", endpoint));
        assertTrue(DpopProofs.sameUrl("HTTP://LOCALHOST/a", "http://localhost:80/a"));
        assertTrue(DpopProofs.sameUrl("https://h.example/a/./b", "https://h.example:443/a/b"));
        assertFalse(DpopProofs.sameUrl("http://127.0.0.1:8081/oauth_token.do", endpoint), "another port");
        assertFalse(DpopProofs.sameUrl("https://127.0.0.1:8080/oauth_token.do", endpoint), "another scheme");
        assertFalse(DpopProofs.sameUrl("http://127.0.0.1:8080/oauth_token.do/", endpoint), "another path");
        assertFalse(DpopProofs.sameUrl("http://127.0.0.1:8080/OAUTH_TOKEN.DO", endpoint), "paths are case-sensitive");
        assertFalse(DpopProofs.sameUrl("http://user@127.0.0.1:8080/oauth_token.do", endpoint), "user info");
        assertFalse(DpopProofs.sameUrl("/oauth_token.do", endpoint), "relative");
        assertFalse(DpopProofs.sameUrl("http://[bad", endpoint));
    }

    @Test
    void athIsTheBase64urlSha256OfTheToken() {
        // RFC 9449 section 7.1's example access token and its ath
        assertEquals("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", DpopProofs.accessTokenHash("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"));
    }

    @Test
    void aNonceHoldsForItsSlotAndTheNextOnly() {
        DpopNonces nonces = new DpopNonces(new byte[32], 1000);
        String n = nonces.issue(10_500);
        assertTrue(nonces.valid(n, 10_999));
        assertTrue(nonces.valid(n, 11_999));
        assertFalse(nonces.valid(n, 12_000));
        assertFalse(new DpopNonces(new byte[] {1}, 1000).valid(n, 10_500), "another key's nonce");
        assertFalse(nonces.valid("made-up", 10_500));
    }
}
