package gatehouse.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundUnitsTest {
    /** A sealer for unit tests only: reversible and context-bound, so that mix-ups show. */
    private static final Sealer TEST_SEALER = new Sealer() {
        @Override public String seal(String plain, String context) { return context + "|" + new StringBuilder(plain).reverse(); }
        @Override public String open(String sealed, String context) {
            if (!sealed.startsWith(context + "|")) throw new IllegalStateException("wrong context");
            return new StringBuilder(sealed.substring(context.length() + 1)).reverse().toString();
        }
    };

    @Test
    void pkceS256IsBase64UrlOfSha256WithoutPadding() {
        // value computed independently (Python hashlib + base64.urlsafe_b64encode, '=' stripped)
        assertEquals("z4UloOU7x4nu3Wrx6FRBNbVI8VvKyCT6ylXxRJe3rdU", Pkce.s256("dBjftJeZ4CVP-mJ92K9IU5H3qhUD5bnuzeBbp2-u0Ug"));
    }

    @Test
    void logMasksSecretLookingQueryValuesAndUserInfo() {
        String masked = OutboundLog.mask("https://user:pw@api.example.com/v1/items?api_key=abc123&city=Oslo&access_token=xyz&client_secret=s3");
        assertEquals("https://api.example.com/v1/items?api_key=" + OutboundLog.MASK + "&city=Oslo&access_token=" + OutboundLog.MASK
                + "&client_secret=" + OutboundLog.MASK, masked);
        assertFalse(masked.contains("pw@"));
        assertEquals("http://127.0.0.1:8080/x", OutboundLog.mask("http://127.0.0.1:8080/x"));
    }

    @Test
    void theErrorOfABearerChallengeIsReadFromWwwAuthenticate() {
        // as Keycloak 26's userinfo endpoint sends it, with a 403 and an empty body
        assertEquals("insufficient_scope: Missing openid scope", BearerChallenge.error(Map.of("WWW-Authenticate",
                List.of("Bearer realm=\"gatehouse-it\", error=\"insufficient_scope\", error_description=\"Missing openid scope\""))));
        assertEquals("invalid_token: say \"hi\"", BearerChallenge.error(
                "Basic realm=\"x\", Bearer error=invalid_token, error_description=\"say \\\"hi\\\"\u0007\""));
        assertEquals("invalid_token", BearerChallenge.error(Map.of("www-authenticate", List.of("bearer error=\"invalid_token\""))));
        assertNull(BearerChallenge.error("Bearer realm=\"example\""), "a challenge without an error (RFC 6750 §3.1: no token sent)");
        assertNull(BearerChallenge.error("Digest realm=\"x\", error=\"not-bearer\""));
        assertNull(BearerChallenge.error(Map.of("Content-Type", List.of("text/plain"))));
        assertEquals(300, BearerChallenge.error("Bearer error=\"e\", error_description=\"" + "x".repeat(1000) + "\"").length());
    }

    @Test
    void variablesAreUrlEncodedInUrlsAndMissingOnesRefused() {
        assertEquals("https://h/a%2Fb%3Fc%3Dd%20e", RestMessageExecutor.substitute("https://h/${p}", Map.of("p", "a/b?c=d e"), true));
        assertEquals("{\"q\":\"a/b\"}", RestMessageExecutor.substitute("{\"q\":\"${p}\"}", Map.of("p", "a/b"), false));
        assertThrows(OutboundException.Invalid.class, () -> RestMessageExecutor.substitute("${missing}", Map.of(), false));
        assertEquals("${ not a variable", RestMessageExecutor.substitute("${ not a variable", new HashMap<>(), false));
    }

    @Test
    void assertionsAreSignedWithTheProvidersOwnKeyAndVerifyWithItsPublicJwk() throws Exception {
        ProviderKeys.Generated keys = ProviderKeys.generate("p1", TEST_SEALER);
        JsonNode jwk = new ObjectMapper().readTree(keys.publicJwk());
        assertFalse(jwk.has("d"));
        String jwt = ProviderKeys.sign(keys.privateKeySealed(), "p1", keys.publicJwk(), TEST_SEALER, "client-1", "bot", "https://as.example.com/token");
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText())),
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()))));
        var parsed = Jwts.parser().verifyWith(pub).build().parseSignedClaims(jwt);
        Claims c = parsed.getPayload();
        assertEquals("client-1", c.getIssuer());
        assertEquals("bot", c.getSubject());
        assertTrue(c.getAudience().contains("https://as.example.com/token"));
        assertEquals(jwk.path("kid").asText(), parsed.getHeader().getKeyId());
        assertTrue(c.getExpiration().getTime() - System.currentTimeMillis() <= 300_000);
        // the sealed key cannot be opened for another provider
        assertThrows(IllegalStateException.class, () -> ProviderKeys.sign(keys.privateKeySealed(), "p2", keys.publicJwk(), TEST_SEALER, "c", "s", "a"));
    }
}
