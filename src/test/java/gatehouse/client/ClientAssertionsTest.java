package gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.config.Settings;
import gatehouse.store.Application;
import gatehouse.store.Database;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClientAssertionsTest {
    static final String TOKEN_ENDPOINT = "https://gh.example.com/oauth_token.do";
    static Database db;
    static KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
    static KeyPair ec = Jwts.SIG.ES256.keyPair().build();
    static ClientAssertions assertions;
    static Application app = new Application();

    @BeforeAll
    static void setUp() {
        db = Database.open(Settings.of(Map.of("gatehouse.db.url", "jdbc:derby:memory:assertions;create=true")));
        assertions = new ClientAssertions(db, new ClientKeys(), 300);
        app.clientId = "client-1";
        app.jwks = "{\"keys\":[" + Jwks.json(Jwks.builder().key((java.security.interfaces.RSAPublicKey) rsa.getPublic()).id("r1").build())
                + "," + Jwks.json(Jwks.builder().key((java.security.interfaces.ECPublicKey) ec.getPublic()).id("e1").build()) + "]}";
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    private static io.jsonwebtoken.JwtBuilder claims(String sub, String aud, long expInSeconds) {
        long now = System.currentTimeMillis();
        return Jwts.builder().issuer("client-1").subject(sub).audience().add(aud).and()
                .issuedAt(new Date(now)).expiration(new Date(now + expInSeconds * 1000)).id(UUID.randomUUID().toString());
    }

    private static void refused(String jwt, String messagePart) {
        ClientAssertions.InvalidAssertionException e = assertThrows(ClientAssertions.InvalidAssertionException.class,
                () -> assertions.verify(jwt, app, null, List.of(TOKEN_ENDPOINT)));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void validRs256AndEs256AssertionsVerifyOnceOnly() {
        String jwt = claims("beth.anglin", TOKEN_ENDPOINT, 120).header().keyId("r1").and().signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact();
        assertEquals("beth.anglin", assertions.verify(jwt, app, null, List.of(TOKEN_ENDPOINT)).getSubject());
        refused(jwt, "already used");
        String es = claims("abel.tuter", TOKEN_ENDPOINT, 120).signWith(ec.getPrivate(), Jwts.SIG.ES256).compact();
        assertEquals("abel.tuter", assertions.verify(es, app, null, List.of(TOKEN_ENDPOINT)).getSubject());
    }

    @Test
    void wrongAudienceExpiryAndLifetimeAreRefused() {
        refused(claims("u", "https://other.example.com", 120).signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact(), "aud");
        refused(claims("u", TOKEN_ENDPOINT, -600).signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact(), "expired");
        refused(claims("u", TOKEN_ENDPOINT, 3600).signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact(), "ahead");
        refused(claims("u", TOKEN_ENDPOINT, 120).id(null).signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact(), "jti");
        refused(claims("u", TOKEN_ENDPOINT, 120).issuer("someone-else").signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact(), "iss");
        refused(claims("u", TOKEN_ENDPOINT, 120).notBefore(new Date(System.currentTimeMillis() + 600_000)).signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact(), "nbf");
    }

    @Test
    void algNoneHmacConfusionTamperingAndUnknownKeysAreRefused() {
        String unsigned = claims("u", TOKEN_ENDPOINT, 120).compact();
        refused(unsigned, "");
        byte[] publicBytes = rsa.getPublic().getEncoded();
        String hmac = claims("u", TOKEN_ENDPOINT, 120).signWith(new SecretKeySpec(publicBytes, "HmacSHA256"), Jwts.SIG.HS256).compact();
        refused(hmac, "alg HS256 is not accepted");
        String good = claims("u", TOKEN_ENDPOINT, 120).signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact();
        String[] p = good.split("\\.");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("\"sub\":\"u\"", "\"sub\":\"admin\"").getBytes(StandardCharsets.UTF_8));
        refused(p[0] + "." + forged + "." + p[2], "signature");
        KeyPair stranger = Jwts.SIG.RS256.keyPair().build();
        refused(claims("u", TOKEN_ENDPOINT, 120).signWith(stranger.getPrivate(), Jwts.SIG.RS256).compact(), "signature");
        refused(claims("u", TOKEN_ENDPOINT, 120).header().keyId("nope").and().signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact(), "no key");
    }
}
