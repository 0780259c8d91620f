package gatehouse.token;

import gatehouse.keys.JwsSigner;
import gatehouse.keys.NativeCrypto;
import gatehouse.keys.SigningKeys;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JWT access tokens, RFC 9068: header {@code typ: at+jwt} and {@code kid}; claims {@code iss}, {@code sub}
 * (the user's sys_id), {@code aud}, {@code client_id}, {@code scope}, {@code iat}, {@code exp}, {@code jti}.
 * The audience is the issuer itself (Gatehouse's own API is the resource server), or the resources the client
 * asked for (RFC 8707) or the audience of a token exchange (RFC 8693); {@link AccessTokens} accepts on Gatehouse's API
 * only tokens whose audience is the issuer or its {@code /api} URL (RFC 9068 §4). Access tokens are written and signed
 * by {@link JwsSigner} (their payload is fixed: these claims, cnf for DPoP, act for delegation); other JWTs (ID tokens) by jjwt.
 */
public final class JwtAccessTokens {
    public static final String TYPE = "at+jwt";
    private final SigningKeys keys;
    private final NativeCrypto crypto;
    /** The active key of each algorithm in the signing provider's own form, converted once per key and provider. */
    private final Map<String, Converted> converted = new ConcurrentHashMap<>();

    /** The signer of access tokens of each algorithm, for its active key and the current provider. */
    private final Map<String, JwsSigner> accessSigners = new ConcurrentHashMap<>();

    private record Converted(String kid, Provider provider, PrivateKey key) { }

    public JwtAccessTokens(SigningKeys keys, NativeCrypto crypto) {
        this.keys = keys;
        this.crypto = crypto;
    }

    /**
     * @param alg RS256 or ES256 (the application's signing_alg)
     */
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
        StringBuilder j = new StringBuilder(256).append("{\"jti\":");   // first: IssuedTokens keys the row by its time prefix
        JwsSigner.Json.string(j, jti).append(",\"iss\":");
        JwsSigner.Json.string(j, issuer).append(",\"sub\":");
        JwsSigner.Json.string(j, subject).append(",\"aud\":");
        json(j, aud.size() == 1 ? aud.get(0) : aud).append(",\"client_id\":");
        JwsSigner.Json.string(j, clientId).append(",\"scope\":");
        JwsSigner.Json.string(j, scope).append(",\"iat\":").append(Math.floorDiv(issuedAt, 1000))
                .append(",\"exp\":").append(Math.floorDiv(expiresAt, 1000));
        if (jkt != null) JwsSigner.Json.string(j.append(",\"cnf\":{\"jkt\":"), jkt).append('}');
        if (act != null) json(j.append(",\"act\":"), act);
        j.append('}');
        return accessSigner(alg).sign(j.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code value} as JSON: a string, a list or a map of them (the aud and act claims), a number or a boolean. */
    private static StringBuilder json(StringBuilder out, Object value) {
        if (value == null) return out.append("null");
        if (value instanceof String s) return JwsSigner.Json.string(out, s);
        if (value instanceof Number || value instanceof Boolean) return out.append(value);
        if (value instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) out.append(',');
                first = false;
                json(JwsSigner.Json.string(out, String.valueOf(e.getKey())).append(':'), e.getValue());
            }
            return out.append('}');
        }
        if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) out.append(',');
                first = false;
                json(out, o);
            }
            return out.append(']');
        }
        return JwsSigner.Json.string(out, String.valueOf(value));
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

    /**
     * The signer of access tokens with the active key of {@code alg}: made once per key and provider (the header
     * encoded, the key in the provider's own form), and again after a rotation or once the native provider is ready.
     */
    private JwsSigner accessSigner(String alg) {
        SigningKeys.ActiveKey key = keys.active(SigningKeys.ES256.equals(alg) ? SigningKeys.ES256 : SigningKeys.RS256);
        Provider p = crypto.provider();
        JwsSigner s = accessSigners.get(key.alg());
        if (s == null || !s.kid().equals(key.kid()) || s.provider() != p) {
            s = new JwsSigner(key.alg(), key.kid(), TYPE, own(key, p), p);
            accessSigners.put(key.alg(), s);
        }
        return s;
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
