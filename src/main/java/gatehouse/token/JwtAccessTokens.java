package gatehouse.token;

import gatehouse.keys.SigningKeys;
import gatehouse.keys.NativeCrypto;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JWT access tokens, RFC 9068: header {@code typ: at+jwt} and {@code kid}; claims {@code iss}, {@code sub}
 * (the user's sys_id), {@code aud}, {@code client_id}, {@code scope}, {@code iat}, {@code exp}, {@code jti}.
 * The audience is the issuer itself (Gatehouse's own API is the resource server), or the resources the client
 * asked for (RFC 8707) or the audience of a token exchange (RFC 8693); {@link AccessTokens} accepts on Gatehouse's API
 * only tokens whose audience is the issuer or its {@code /api} URL (RFC 9068 §4).
 */
public final class JwtAccessTokens {
    public static final String TYPE = "at+jwt";
    private final SigningKeys keys;
    private final NativeCrypto crypto;
    /** The active key of each algorithm in the signing provider's own form, converted once per key and provider. */
    private final Map<String, Converted> converted = new ConcurrentHashMap<>();

    private record Converted(String kid, Provider provider, PrivateKey key) { }

    public JwtAccessTokens(SigningKeys keys, NativeCrypto crypto) {
        this.keys = keys;
        this.crypto = crypto;
    }

    /** @param alg RS256 or ES256 (the application's signing_alg) */
    public String sign(String alg, String issuer, String subject, String clientId, String scope, long issuedAt, long expiresAt, String jti) {
        return sign(alg, issuer, subject, clientId, scope, issuedAt, expiresAt, jti, null);
    }

    /** As above; {@code jkt} non-null adds {@code cnf: {jkt}}, the DPoP key the token is bound to (RFC 9449 §6.1). */
    public String sign(String alg, String issuer, String subject, String clientId, String scope, long issuedAt, long expiresAt, String jti,
                       String jkt) {
        return sign(alg, issuer, subject, clientId, scope, issuedAt, expiresAt, jti, jkt, List.of(issuer), null);
    }

    /**
     * As above, for the audience {@code aud} (RFC 8707: the resources requested; one is written as a string, several as
     * an array) and, when {@code act} is non-null, a delegated token's {@code act} claim (RFC 8693 §4.1).
     */
    public String sign(String alg, String issuer, String subject, String clientId, String scope, long issuedAt, long expiresAt, String jti,
                       String jkt, List<String> aud, Map<String, Object> act) {
        JwtBuilder b = signed(alg, TYPE)
                .id(jti)                                    // first: IssuedTokens keys the row by its time prefix
                .issuer(issuer)
                .subject(subject);
        if (aud.size() == 1) b.audience().single(aud.get(0));
        else b.audience().add(aud).and();
        b.claim("client_id", clientId)
                .claim("scope", scope)
                .issuedAt(new Date(issuedAt))
                .expiration(new Date(expiresAt));
        if (jkt != null) b.claim("cnf", Map.of("jkt", jkt));
        if (act != null) b.claim("act", act);
        return b.compact();
    }

    /**
     * Any other JWT Gatehouse signs with its own keys (an OpenID Connect ID token): header {@code typ} and {@code kid},
     * the claims in the order given.
     *
     * @param alg RS256 or ES256 (the application's signing_alg)
     */
    public String sign(String alg, String type, Map<String, Object> claims) {
        return signed(alg, type).claims(claims).compact();
    }

    /** A builder with the header and the active key of {@code alg}: the caller adds the claims. */
    private JwtBuilder signed(String alg, String type) {
        SigningKeys.ActiveKey key = keys.active(SigningKeys.ES256.equals(alg) ? SigningKeys.ES256 : SigningKeys.RS256);
        SignatureAlgorithm sig = SigningKeys.ES256.equals(key.alg()) ? Jwts.SIG.ES256 : Jwts.SIG.RS256;
        Provider p = crypto.provider();
        return Jwts.builder()
                .provider(p)
                .header().type(type).keyId(key.kid()).and()
                .signWith(own(key, p), sig);
    }

    private PrivateKey own(SigningKeys.ActiveKey key, Provider p) {
        Converted c = converted.get(key.alg());
        if (c == null || !c.kid().equals(key.kid()) || c.provider() != p) {
            c = new Converted(key.kid(), p, NativeCrypto.own(key.privateKey(), p));
            converted.put(key.alg(), c);
        }
        return c.key();
    }
}
