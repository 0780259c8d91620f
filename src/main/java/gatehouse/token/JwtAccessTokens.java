package gatehouse.token;

import gatehouse.keys.SigningKeys;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.util.Date;

/**
 * JWT access tokens, RFC 9068: header {@code typ: at+jwt} and {@code kid}; claims {@code iss}, {@code sub}
 * (the user's sys_id), {@code aud}, {@code client_id}, {@code scope}, {@code iat}, {@code exp}, {@code jti}.
 * The audience is the issuer itself: Gatehouse's own API is the resource server, and
 * {@link AccessTokens} accepts only tokens whose {@code aud} is the issuer (RFC 9068 §4).
 */
public final class JwtAccessTokens {
    public static final String TYPE = "at+jwt";
    private final SigningKeys keys;

    public JwtAccessTokens(SigningKeys keys) {
        this.keys = keys;
    }

    /** @param alg RS256 or ES256 (the application's signing_alg) */
    public String sign(String alg, String issuer, String subject, String clientId, String scope, long issuedAt, long expiresAt, String jti) {
        SigningKeys.ActiveKey key = keys.active(SigningKeys.ES256.equals(alg) ? SigningKeys.ES256 : SigningKeys.RS256);
        SignatureAlgorithm sig = SigningKeys.ES256.equals(key.alg()) ? Jwts.SIG.ES256 : Jwts.SIG.RS256;
        return Jwts.builder()
                .header().type(TYPE).keyId(key.kid()).and()
                .issuer(issuer)
                .subject(subject)
                .audience().single(issuer)
                .claim("client_id", clientId)
                .claim("scope", scope)
                .issuedAt(new Date(issuedAt))
                .expiration(new Date(expiresAt))
                .id(jti)
                .signWith(key.privateKey(), sig)
                .compact();
    }
}
