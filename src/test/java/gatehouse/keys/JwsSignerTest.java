package gatehouse.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import io.jsonwebtoken.Jwts;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class JwsSignerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYLOAD = "{\"jti\":\"0123456789ab\",\"sub\":\"s\"}";

    /** The JDK's providers, and the native one where it loads (Linux x86-64). */
    private static List<Provider> providers() {
        List<Provider> ps = new ArrayList<>();
        ps.add(null);
        Provider accp = NativeCrypto.loadNative();
        if (accp != null) ps.add(accp);
        return ps;
    }

    @Test
    void rs256AndEs256TokensVerifyWithTwoForeignLibrariesAndCarryTheHeaderAndPayloadAsGiven() throws Exception {
        for (Provider p : providers()) {
            for (String alg : List.of(SigningKeys.RS256, SigningKeys.ES256)) {
                KeyPair kp = (SigningKeys.RS256.equals(alg) ? Jwts.SIG.RS256 : Jwts.SIG.ES256).keyPair().build();
                JwsSigner signer = new JwsSigner(alg, "kid-1", "at+jwt", NativeCrypto.own(kp.getPrivate(), p), p);
                for (int i = 0; i < 5; i++) {            // the reused Signature objects sign again correctly
                    String jws = signer.sign(PAYLOAD.getBytes(StandardCharsets.UTF_8));
                    String[] parts = jws.split("\\.", -1);
                    assertEquals(3, parts.length);
                    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
                    assertEquals("at+jwt", header.path("typ").asText());
                    assertEquals("kid-1", header.path("kid").asText());
                    assertEquals(alg, header.path("alg").asText());
                    assertEquals(PAYLOAD, new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
                    assertFalse(jws.contains("="), "base64url without padding");
                    JWSObject nimbus = JWSObject.parse(jws);
                    assertTrue(nimbus.verify(SigningKeys.RS256.equals(alg) ? new RSASSAVerifier((RSAPublicKey) kp.getPublic())
                            : new ECDSAVerifier((ECPublicKey) kp.getPublic())), alg + " with " + p);
                    assertEquals("s", Jwts.parser().verifyWith(kp.getPublic()).build().parseSignedClaims(jws).getPayload().getSubject());
                    int at = jws.lastIndexOf('.') + 1;
                    String tampered = jws.substring(0, at) + (jws.charAt(at) == 'A' ? 'B' : 'A') + jws.substring(at + 1);
                    assertFalse(JWSObject.parse(tampered).verify(SigningKeys.RS256.equals(alg) ? new RSASSAVerifier((RSAPublicKey) kp.getPublic())
                            : new ECDSAVerifier((ECPublicKey) kp.getPublic())), "a changed signature fails");
                }
            }
        }
    }

    @Test
    void signersSharedByManyThreadsMakeOnlyValidSignatures() throws Exception {
        for (Provider p : providers()) {
            KeyPair kp = Jwts.SIG.ES256.keyPair().build();
            JwsSigner signer = new JwsSigner(SigningKeys.ES256, "k", "at+jwt", NativeCrypto.own(kp.getPrivate(), p), p);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> all = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    String payload = "{\"jti\":\"" + i + "\"}";
                    all.add(pool.submit(() -> signer.sign(payload.getBytes(StandardCharsets.UTF_8))));
                }
                ECDSAVerifier v = new ECDSAVerifier((ECPublicKey) kp.getPublic());
                for (int i = 0; i < all.size(); i++) {
                    JWSObject o = JWSObject.parse(all.get(i).get());
                    assertTrue(o.verify(v));
                    assertEquals("{\"jti\":\"" + i + "\"}", o.getPayload().toString());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aKeyOfTheOtherAlgorithmIsRefusedAtOnce() {
        KeyPair ec = Jwts.SIG.ES256.keyPair().build();
        assertThrows(IllegalStateException.class, () -> new JwsSigner(SigningKeys.RS256, "k", "at+jwt", ec.getPrivate(), null));
        assertThrows(IllegalArgumentException.class, () -> new JwsSigner("HS256", "k", "at+jwt", ec.getPrivate(), null));
    }

    @Test
    void derSignaturesBecomeTwoFixedSizeNumbers() {
        byte[] r = new byte[32], s = new byte[32];
        Arrays.fill(r, (byte) 0x81);            // high bit set: DER adds a zero sign byte
        s[31] = 5;                               // a short number: DER drops its leading zeros
        byte[] der = {0x30, 38, 0x02, 33, 0};
        byte[] tail = {0x02, 1, 5};
        byte[] all = new byte[der.length + 32 + tail.length];
        System.arraycopy(der, 0, all, 0, der.length);
        System.arraycopy(r, 0, all, der.length, 32);
        System.arraycopy(tail, 0, all, der.length + 32, tail.length);
        byte[] out = JwsSigner.concatenated(all, 32);
        assertArrayEquals(r, Arrays.copyOfRange(out, 0, 32));
        assertArrayEquals(s, Arrays.copyOfRange(out, 32, 64));
        assertThrows(IllegalStateException.class, () -> JwsSigner.concatenated(Arrays.copyOf(all, all.length - 1), 32));
        byte[] notSequence = all.clone();
        notSequence[0] = 0x31;
        assertThrows(IllegalStateException.class, () -> JwsSigner.concatenated(notSequence, 32));
    }

    @Test
    void jsonStringsRoundTripWhateverTheyHold() throws Exception {
        for (String s : List.of("", "plain", "quote \" backslash \\ slash /", "tab\tnew\nline\rback\bfeed\f", "\u0000\u001f\u007f",
                "é日本\uD83D\uDE00", "\u2028\u2029</script>")) {
            String json = JwsSigner.Json.string(new StringBuilder(), s).toString();
            assertEquals(s, JSON.readTree(json).asText(), json);
            for (char c : json.toCharArray()) assertFalse(c < 0x20 || c == '\u2028' || c == '\u2029', "escaped: " + json);
        }
    }
}
