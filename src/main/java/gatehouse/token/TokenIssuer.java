package gatehouse.token;

import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import gatehouse.store.Grant;
import gatehouse.store.Token;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Issues the tokens of a grant, inside the caller's transaction (what every grant shares, STYLE "Grants do
 * not know each other"). Access tokens are the application's {@code token_format}: {@code opaque} (its issue
 * time, then 256 random bits) or {@code jwt} ({@link JwtAccessTokens}); refresh tokens are always opaque. Every
 * token is stored only under a key made from its full text ({@link IssuedTokens#key}: its SHA-256 after its issue
 * time, in {@code oauth_token.token_hash}), a JWT also with its {@code jti}; a token is valid only while its row
 * says so, so revocation takes effect at once for both formats.
 */
public final class TokenIssuer {
    public static final String JWT = "jwt";
    public static final String OPAQUE = "opaque";
    private final JwtAccessTokens jwt;
    private final Supplier<String> issuer;

    /**
     * What an access token is for beyond its scopes: its {@code audience} (RFC 8707, RFC 8693 §2.1; empty: the issuer,
     * Gatehouse's own API) and, for a delegated token, its {@code act} claim (RFC 8693 §4.1; null: none).
     */
    public record Target(List<String> audience, Map<String, Object> act) {
        public static final Target DEFAULT = new Target(List.of(), null);

        public Target {
            audience = audience == null ? List.of() : List.copyOf(audience);
        }

        public static Target audience(List<String> audience) {
            return new Target(audience, null);
        }
    }

    public TokenIssuer(JwtAccessTokens jwt, Supplier<String> issuer) {
        this.jwt = jwt;
        this.issuer = issuer;
    }

    /**
     * @param accessScopes  the access token's scopes
     * @param refreshScopes the refresh token's scopes, or null for no refresh token (none either when the
     *                      application's refresh_token_lifespan is 0)
     */
    public TokenResponse issue(EntityManager em, Application app, Grant grant, Set<String> accessScopes, Set<String> refreshScopes, long now) {
        return issue(em, app, grant, accessScopes, refreshScopes, app.accessTokenLifespan, now);
    }

    /**
     * As above for the token endpoint's client: when its request carried a DPoP proof, the access token is bound to the
     * proof's key, and so is the refresh token of a public client (RFC 9449 §5, §6).
     */
    public TokenResponse issue(EntityManager em, AuthenticatedClient client, Grant grant, Set<String> accessScopes, Set<String> refreshScopes,
                               long now) {
        return issue(em, client, grant, accessScopes, refreshScopes, Target.DEFAULT, now);
    }

    /** As above, the access token for {@code target} (its audience, RFC 8707; its actor, RFC 8693). */
    public TokenResponse issue(EntityManager em, AuthenticatedClient client, Grant grant, Set<String> accessScopes, Set<String> refreshScopes,
                               Target target, long now) {
        Issued issued = prepare(client, grant, accessScopes, refreshScopes, client.application().accessTokenLifespan, target, now);
        issued.persist(em);
        return issued.response();
    }

    /** As {@link #prepare(Application, Grant, Set, Set, int, long)}, bound to the client's DPoP key if it has one. */
    public Issued prepare(AuthenticatedClient client, Grant grant, Set<String> accessScopes, Set<String> refreshScopes, int accessLifespan, long now) {
        return prepare(client, grant, accessScopes, refreshScopes, accessLifespan, Target.DEFAULT, now);
    }

    /** As above, the access token for {@code target}. */
    public Issued prepare(AuthenticatedClient client, Grant grant, Set<String> accessScopes, Set<String> refreshScopes, int accessLifespan,
                          Target target, long now) {
        return prepare(client.application(), grant, accessScopes, refreshScopes, accessLifespan, now, client.dpopJkt(), target);
    }

    /** As above, with the access token's lifespan in seconds given (the implicit grant's is shorter). */
    public TokenResponse issue(EntityManager em, Application app, Grant grant, Set<String> accessScopes, Set<String> refreshScopes,
                               int accessLifespan, long now) {
        return issue(em, app, grant, accessScopes, refreshScopes, accessLifespan, Target.DEFAULT, now);
    }

    /** As above, the access token for {@code target} (the implicit grant's resources, RFC 8707). */
    public TokenResponse issue(EntityManager em, Application app, Grant grant, Set<String> accessScopes, Set<String> refreshScopes,
                               int accessLifespan, Target target, long now) {
        Issued issued = prepare(app, grant, accessScopes, refreshScopes, accessLifespan, now, null, target);
        issued.persist(em);
        return issued.response();
    }

    /** Tokens made but not yet stored: {@link #persist} them in the transaction that stores their grant. */
    public record Issued(TokenResponse response, List<Token> rows) {
        public void persist(EntityManager em) {
            for (Token t : rows) em.persist(t);
        }
    }

    /** Makes the tokens of a grant (and signs a JWT) without touching the database. */
    public Issued prepare(Application app, Grant grant, Set<String> accessScopes, Set<String> refreshScopes, int accessLifespan, long now) {
        return prepare(app, grant, accessScopes, refreshScopes, accessLifespan, now, null, Target.DEFAULT);
    }

    /** @param jkt the DPoP key's thumbprint the tokens are bound to, or null for bearer tokens */
    private Issued prepare(Application app, Grant grant, Set<String> accessScopes, Set<String> refreshScopes, int accessLifespan, long now,
                           String jkt, Target target) {
        String scope = ScopeRequest.join(accessScopes);
        long expiresAt = now + accessLifespan * 1000L;
        Token access = new Token();
        access.kind = Token.ACCESS;
        String token;
        if (JWT.equals(app.tokenFormat)) {
            access.format = JWT;
            access.jti = Secrets.timeOrderedId(now);      // first in the payload: its time prefixes the row's key
            List<String> aud = target.audience().isEmpty() ? List.of(issuer.get()) : target.audience();
            token = jwt.sign(app.signingAlg, issuer.get(), grant.userSysId, app.clientId, scope, now, expiresAt, access.jti, jkt, aud, target.act());
        } else {
            access.format = OPAQUE;
            token = IssuedTokens.newOpaque(now);
        }
        fill(access, token, grant, scope, now, expiresAt);
        access.dpopJkt = jkt;
        access.audience = ResourceIndicators.join(target.audience());
        access.act = target.act() == null ? null : json(target.act());
        String refresh = null;
        Token r = null;
        if (refreshScopes != null && app.refreshTokenLifespan > 0) {
            refresh = IssuedTokens.newOpaque(now);
            r = new Token();
            r.kind = Token.REFRESH;
            r.format = OPAQUE;
            fill(r, refresh, grant, ScopeRequest.join(refreshScopes), now, now + app.refreshTokenLifespan * 1000L);
            if (app.publicClient) r.dpopJkt = jkt;      // RFC 9449 §5: a confidential client's refresh token is bound by its credentials
        }
        return new Issued(new TokenResponse(token, accessLifespan, scope, refresh, null, jkt != null), r == null ? List.of(access) : List.of(access, r));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A stored {@code act} claim (JSON) as a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored act claim is not JSON", e);
        }
    }

    private static void fill(Token t, String token, Grant grant, String scope, long now, long expiresAt) {
        t.tokenHash = IssuedTokens.key(token);
        t.grantId = grant.id;
        t.clientId = grant.clientId;
        t.userSysId = grant.userSysId;
        t.scopes = scope;
        t.issuedAt = now;
        t.expiresAt = expiresAt;
    }
}
