package gatehouse.keys;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;

class NativeCryptoTest {
    private static boolean linuxX64() {
        return System.getProperty("os.name").toLowerCase().contains("linux") && System.getProperty("os.arch").matches("amd64|x86_64");
    }

    @Test
    void switchedOffTheJdkSigns() {
        NativeCrypto p = NativeCrypto.start(false);
        assertFalse(p.isNative());
        assertNull(p.provider());
        PrivateKey k = Jwts.SIG.RS256.keyPair().build().getPrivate();
        assertSame(k, NativeCrypto.own(k, p.provider()), "the JDK takes its own keys as they are");
    }

    @Test
    void theNativeProviderSignsJwtsThatTheJdkVerifies() {
        assumeTrue(linuxX64(), "the bundled native provider is for Linux x86-64");
        NativeCrypto p = NativeCrypto.of(NativeCrypto.loadNative());
        assertTrue(p.isNative(), "the native provider loads on Linux x86-64");
        for (var alg : new io.jsonwebtoken.security.SignatureAlgorithm[] {Jwts.SIG.RS256, Jwts.SIG.ES256}) {
            KeyPair kp = alg.keyPair().build();
            PrivateKey own = NativeCrypto.own(kp.getPrivate(), p.provider());
            String jwt = Jwts.builder().provider(p.provider()).subject("s").id("j").signWith(own, alg).compact();
            PublicKey pub = kp.getPublic();
            // verified with the JDK's providers only
            assertTrue(Jwts.parser().verifyWith(pub).build().parseSignedClaims(jwt).getPayload().getSubject().equals("s"), alg.getId());
            int at = jwt.lastIndexOf('.') + 1;                      // the signature's first character, always changed
            String tampered = jwt.substring(0, at) + (jwt.charAt(at) == 'A' ? 'B' : 'A') + jwt.substring(at + 1);
            assertFalse(verifies(tampered, pub), "a changed signature fails");
        }
    }

    @Test
    void chosenInTheBackgroundTheNativeProviderTakesOverFromTheJdk() throws InterruptedException {
        assumeTrue(linuxX64(), "the bundled native provider is for Linux x86-64");
        NativeCrypto p = NativeCrypto.start(true);
        for (int i = 0; i < 300 && !p.isNative(); i++) Thread.sleep(50);
        assertTrue(p.isNative(), "loaded within 15 s");
    }

    private static boolean verifies(String jwt, PublicKey key) {
        try {
            Jwts.parser().verifyWith(key).build().parseSignedClaims(jwt);
            return true;
        } catch (io.jsonwebtoken.JwtException | IllegalArgumentException e) {
            return false;
        }
    }
}
