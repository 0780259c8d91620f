package gatehouse.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.keys.Secrets;
import io.jsonwebtoken.Jwts;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gatehouse's own RSA key pair per outbound provider: it signs JWT bearer assertions (RFC 7523 §2.1) and
 * private_key_jwt client assertions (RFC 7523 §2.2). The private key is sealed under the master key; the
 * public JWK (RFC 7517, kid = RFC 7638 thumbprint) is shown so that it can be registered at the provider.
 */
final class ProviderKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    record Generated(String privateKeySealed, String publicJwk) { }

    private ProviderKeys() { }

    static String context(String providerSysId) {
        return "oauth_entity/" + providerSysId + "/jwt_key";
    }

    static Generated generate(String providerSysId, Sealer sealer) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048, Secrets.secureRandom());
            KeyPair pair = g.generateKeyPair();
            String pkcs8 = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
            return new Generated(sealer.seal(pkcs8, context(providerSysId)), publicJwk((RSAPublicKey) pair.getPublic()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    static String publicJwk(RSAPublicKey key) throws Exception {
        String n = B64URL.encodeToString(unsigned(key.getModulus()));
        String e = B64URL.encodeToString(unsigned(key.getPublicExponent()));
        // RFC 7638 §3.2: the thumbprint of the required members in lexicographic order
        String thumbprintInput = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
        String kid = B64URL.encodeToString(Secrets.sha256Bytes(thumbprintInput.getBytes(StandardCharsets.UTF_8)));
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("kid", kid);
        jwk.put("n", n);
        jwk.put("e", e);
        return JSON.writeValueAsString(jwk);
    }

    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            byte[] t = new byte[b.length - 1];
            System.arraycopy(b, 1, t, 0, t.length);
            return t;
        }
        return b;
    }

    /** A signed JWT with {@code iss}, {@code sub}, {@code aud}, {@code jti}, {@code iat}, {@code exp} (5 minutes). */
    static String sign(String sealedKey, String providerSysId, String publicJwk, Sealer sealer, String issuer, String subject, String audience) {
        try {
            byte[] der = Base64.getDecoder().decode(sealer.open(sealedKey, context(providerSysId)));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            String kid = JSON.readTree(publicJwk).path("kid").asText();
            long now = System.currentTimeMillis();
            return Jwts.builder().header().keyId(kid).type("JWT").and()
                    .issuer(issuer).subject(subject).audience().add(audience).and()
                    .id(Secrets.random(16)).issuedAt(new Date(now)).notBefore(new Date(now - 30_000))
                    .expiration(new Date(now + 300_000))
                    .signWith(key, Jwts.SIG.RS256).compact();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign with the provider's key", e);
        }
    }
}
