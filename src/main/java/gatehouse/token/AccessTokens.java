package gatehouse.token;

import gatehouse.keys.SigningKeys;
import gatehouse.store.Database;
import gatehouse.store.Token;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import java.security.Key;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import gatehouse.store.Application;

/**
 * The API's validator for both access token formats. A JWT (RFC 9068 §4) must carry {@code typ: at+jwt}, be
 * signed by a published Gatehouse key ({@link SigningKeys}), name this issuer as {@code iss}, and be unexpired;
 * then, like an opaque token, it must be found by its hash, unrevoked, with an unrevoked grant and an active
 * application. That last read is one primary-key lookup, so a revocation takes effect on every node at once (no
 * revocation cache, no staleness). Its audience must be Gatehouse's own API ({@link #forGatehouseApi}): a token
 * issued for another resource (RFC 8707) or another audience (RFC 8693) is refused here, as RFC 9068 §4 asks.
 */
public final class AccessTokens implements AccessTokenValidator {
    private static final long CLOCK_SKEW_SECONDS = 30;
    static final long VERIFIED_MILLIS = 60_000;
    private static final int MAX_VERIFIED = 10_000;

    private record Verified(String jti, long expiresAt, long until) { }

    private record Parser(String issuer, JwtParser jwt) { }

    /** JWTs whose signature this node checked recently, by their text (bounded; cleared when full). */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile Parser parser;
    private final Database db;
    private final SigningKeys keys;
    private final Supplier<String> issuer;
    private final Function<String, Application> applications;

    /** @param applications finds an application by client_id (the registry's short cache: see gatehouse.api.cache.seconds) */
    public AccessTokens(Database db, SigningKeys keys, Supplier<String> issuer, Function<String, Application> applications) {
        this.applications = applications;
        this.db = db;
        this.keys = keys;
        this.issuer = issuer;
    }

    @Override
    public Optional<ValidToken> validate(String token) {
        if (token == null || token.isEmpty() || token.length() > 8192) return Optional.empty();
        String jti = null;
        boolean jwt = token.indexOf('.') >= 0;
        if (jwt) {
            jti = verifiedJti(token);
            if (jti == null) return Optional.empty();
        }
        String expectedJti = jti;
        long now = System.currentTimeMillis();
        return db.read(em -> {
            Token t = IssuedTokens.find(em, token);
            if (t == null || !Token.ACCESS.equals(t.kind)) return Optional.empty();
            if (jwt != TokenIssuer.JWT.equals(t.format) || (jwt && !expectedJti.equals(t.jti))) return Optional.empty();
            if (!forGatehouseApi(t.audience, issuer.get())) return Optional.empty();
            IssuedTokens.Live live = IssuedTokens.live(em, t, now, applications);
            if (live == null) return Optional.empty();
            return Optional.of(new ValidToken(t.userSysId, t.clientId, ScopeRequest.stored(t.scopes), t.expiresAt, t.grantId, t.jti, t.dpopJkt));
        });
    }

    /**
     * The jti of a JWT whose signature and claims this node has already checked (for at most
     * {@value #VERIFIED_MILLIS} ms and never past its exp), else of one that passes {@link #verifyJwt} now;
     * null when it does not. Only the RSA/ECDSA work is remembered: revocation is still read every time.
     */
    private String verifiedJti(String token) {
        long now = System.currentTimeMillis();
        Verified v = verified.get(token);
        if (v != null && now < v.until()) return now < v.expiresAt() + CLOCK_SKEW_SECONDS * 1000 ? v.jti() : null;
        Claims c = verifyJwt(token);
        if (c == null) return null;
        if (verified.size() >= MAX_VERIFIED) verified.clear();
        verified.put(token, new Verified(c.getId(), c.getExpiration().getTime(), now + VERIFIED_MILLIS));
        return c.getId();
    }

    /** One parser per issuer: building one per request cost more than the signature check. */
    private JwtParser parser(String iss) {
        Parser p = parser;
        if (p != null && p.issuer().equals(iss)) return p.jwt();
        JwtParser built = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(ProtectedHeader header) {
                        String kid = header.getKeyId();
                        return kid == null ? null : keys.verificationKey(kid);
                    }
                })
                .requireIssuer(iss)
                .clockSkewSeconds(CLOCK_SKEW_SECONDS)
                .build();
        parser = new Parser(iss, built);
        return built;
    }

    /**
     * Whether a token with this stored audience (one per line; null: the default, the issuer) is for Gatehouse's own API:
     * its audience names the issuer or the API's base URL, {@code {issuer}/api}. A token may name several resources
     * (RFC 8707); one of them being Gatehouse is enough.
     */
    public static boolean forGatehouseApi(String audience, String issuer) {
        if (audience == null) return true;
        if (issuer == null) return false;
        for (String a : audience.split("\n"))
            if (a.equals(issuer) || a.equals(issuer + "/api")) return true;
        return false;
    }

    /**
     * The claims of a JWT access token whose header, signature, issuer and expiry pass RFC 9068 §4; else null. The
     * audience is not checked here: {@link #validate} checks the stored one (which the JWT's {@code aud} was made from).
     */
    public Claims verifyJwt(String token) {
        String iss = issuer.get();
        if (iss == null) return null;
        try {
            Jws<Claims> jws = parser(iss).parseSignedClaims(token);
            if (!JwtAccessTokens.TYPE.equalsIgnoreCase(jws.getHeader().getType())) return null;
            Claims c = jws.getPayload();
            if (c.getExpiration() == null || c.getId() == null || c.getSubject() == null) return null;
            return c;
        } catch (JwtException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
