package gatehouse.oidc;

import gatehouse.keys.Secrets;
import gatehouse.keys.SigningKeys;
import gatehouse.store.Application;
import gatehouse.store.Grant;
import gatehouse.store.User;
import gatehouse.token.IdTokenMinter;
import gatehouse.token.JwtAccessTokens;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * ID tokens (OpenID Connect Core §2, §3.1.3.6): signed with the application's {@code signing_alg} key, header
 * {@code typ: JWT}; claims {@code iss}, {@code sub} (the user's sys_id), {@code aud} (the client_id), {@code exp},
 * {@code iat}, {@code auth_time}, {@code nonce} (exactly as sent), {@code at_hash}, {@code sid}. With an access
 * token beside it, the profile and email claims come from UserInfo, not in the ID token (§5.4). An ID token is
 * never an access token: it has no {@code at+jwt} type, its audience is the client, and it has no token row.
 */
public final class IdTokens implements IdTokenMinter {
    public static final String TYPE = "JWT";
    private final JwtAccessTokens signer;
    private final SigningKeys keys;
    private final Supplier<String> issuer;

    /** What an {@code id_token_hint} (§3.1.2.1) or a logout's hint says, once its signature is ours. */
    public record Hint(String subject, String clientId, String sid) { }

    public IdTokens(JwtAccessTokens signer, SigningKeys keys, Supplier<String> issuer) {
        this.signer = signer;
        this.keys = keys;
        this.issuer = issuer;
    }

    @Override
    public String mint(Application app, Grant grant, Set<String> scopes, String nonce, String accessToken, long now) {
        if (!scopes.contains(Scopes.OPENID) || grant.userSysId == null) return null;
        return signer.sign(app.signingAlg, TYPE, claims(app, grant.userSysId, grant.authTime, grant.sid, nonce, accessToken, now));
    }

    /**
     * The implicit flow's ID token (Core §3.2.2.10): with no access token beside it ({@code response_type=id_token}),
     * the claims of the profile and email scopes go in the ID token itself (§5.4).
     *
     * @param accessToken the access token of {@code id_token token}, else null
     */
    public String mintImplicit(Application app, User user, Set<String> scopes, String nonce, String accessToken,
                               LoginMoments.Moment login, long now) {
        Map<String, Object> c = claims(app, user.sysId, login == null ? null : login.authTime(), login == null ? null : login.sid(),
                nonce, accessToken, now);
        if (accessToken == null) UserClaims.of(user, scopes).forEach(c::putIfAbsent);
        return signer.sign(app.signingAlg, TYPE, c);
    }

    private Map<String, Object> claims(Application app, String subject, Long authTime, String sid, String nonce, String accessToken, long now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", issuer.get());
        c.put("sub", subject);
        c.put("aud", app.clientId);      // one audience: azp is not needed (§2)
        c.put("exp", (now + app.accessTokenLifespan * 1000L) / 1000);
        c.put("iat", now / 1000);
        if (authTime != null) c.put("auth_time", authTime / 1000);
        if (nonce != null) c.put("nonce", nonce);
        if (accessToken != null) c.put("at_hash", atHash(accessToken));
        if (sid != null) c.put("sid", sid);
        return c;
    }

    /**
     * §3.1.3.6: base64url of the left half of the SHA-256 of the access token's ASCII (SHA-256 for both RS256
     * and ES256).
     */
    public static String atHash(String accessToken) {
        byte[] d = Secrets.sha256Bytes(accessToken.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(d, d.length / 2));
    }

    /**
     * An ID token this issuer signed with a published key, expired or not (a hint may be old: RP-Initiated Logout
     * §2, Core §3.1.2.1); empty for anything else, an access token included.
     */
    public Optional<Hint> verify(String idToken) {
        String iss = issuer.get();
        if (idToken == null || iss == null || idToken.length() > 8192) return Optional.empty();
        Claims claims;
        try {
            Jws<Claims> jws = Jwts.parser()
                    .keyLocator(new LocatorAdapter<Key>() {
                        @Override
                        protected Key locate(ProtectedHeader header) {
                            return header.getKeyId() == null ? null : keys.verificationKey(header.getKeyId());
                        }
                    })
                    .requireIssuer(iss)
                    .build()
                    .parseSignedClaims(idToken);
            if (!TYPE.equals(jws.getHeader().getType())) return Optional.empty();
            claims = jws.getPayload();
        } catch (ExpiredJwtException e) {
            // thrown only after the signature and the issuer were checked
            if (!TYPE.equals(e.getHeader().getType())) return Optional.empty();
            claims = e.getClaims();
        } catch (JwtException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
        Set<String> aud = claims.getAudience();
        if (claims.getSubject() == null || aud == null || aud.size() != 1) return Optional.empty();
        return Optional.of(new Hint(claims.getSubject(), aud.iterator().next(), claims.get("sid", String.class)));
    }
}
