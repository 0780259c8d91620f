package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.keys.Secrets;
import io.jsonwebtoken.Jwts;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IssuedTokensTest {
    @Test
    void anOpaqueTokenIsKeyedByItsIssueTimeThenItsHash() {
        long t = 1_796_000_000_000L;
        String token = IssuedTokens.newOpaque(t);
        assertEquals(IssuedTokens.OPAQUE_LENGTH, token.length());
        assertTrue(token.startsWith(String.format("%012x", t)), token);
        assertEquals(token.substring(0, 12) + Secrets.sha256(token), IssuedTokens.key(token));
        assertNotEquals(token, IssuedTokens.newOpaque(t), "256 random bits after the time");
        assertTrue(IssuedTokens.key(IssuedTokens.newOpaque(t + 1)).compareTo(IssuedTokens.key(IssuedTokens.newOpaque(t))) > 0,
                "later tokens sort after earlier ones");
    }

    @Test
    void aJwtWhosePayloadBeginsWithATimeOrderedJtiIsKeyedByThatTime() {
        var key = Jwts.SIG.ES256.keyPair().build().getPrivate();
        String jti = Secrets.timeOrderedId(1_796_000_000_000L);
        String jwt = Jwts.builder().id(jti).issuer("https://gatehouse.example").subject("s").signWith(key, Jwts.SIG.ES256).compact();
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        assertTrue(payload.startsWith("{\"jti\":\"" + jti + "\""), payload);
        assertEquals(jti.substring(0, 12) + Secrets.sha256(jwt), IssuedTokens.key(jwt));
    }

    @Test
    void anythingElseIsKeyedByItsHashAlone() {
        var key = Jwts.SIG.ES256.keyPair().build().getPrivate();
        String[] others = {
                Secrets.random(32),                                              // an opaque token from before
                Jwts.builder().issuer("x").id("abc").signWith(key, Jwts.SIG.ES256).compact(),   // jti not first
                Jwts.builder().id("ZZZZZZZZZZZZZZZZ").signWith(key, Jwts.SIG.ES256).compact(),  // jti not hex
                "0123456789abXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX".substring(0, 54),   // one short
                "a.%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%.b", "", "...", "0123456789ab"};
        for (String text : others) assertEquals(Secrets.sha256(text), IssuedTokens.key(text), text);
        String crafted = "0123456789ab" + "x".repeat(43);                       // any 55-character text with a hex start
        assertEquals("0123456789ab" + Secrets.sha256(crafted), IssuedTokens.key(crafted), "keyed, but by its own hash");
    }
}
