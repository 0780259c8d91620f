package gatehouse.token.grant;

import gatehouse.client.Registry;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.RecordInput;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import gatehouse.store.Token;
import gatehouse.store.User;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.GrantHandler;
import gatehouse.token.Grants;
import gatehouse.token.IdTokenMinter;
import gatehouse.token.IssuedTokens;
import gatehouse.token.OAuthError;
import gatehouse.token.ResourceIndicators;
import gatehouse.token.ScopeRequest;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code grant_type=refresh_token}: RFC 6749 §6 with rotation (RFC 9700 §4.14.2). The refresh token is bound
 * to its client; using it marks it rotated by one conditional UPDATE in the transaction that issues its
 * successor, so of two concurrent uses exactly one wins. A rotated token presented again revokes the whole
 * grant, unless it comes within {@code gatehouse.refresh.grace} seconds of the rotation (then it is only
 * refused, so that two tabs refreshing at once do not log each other out). With the scope {@code openid}, a new
 * ID token comes too, with the original auth_time and sid and no nonce (OpenID Connect Core §12.2).
 */
public final class RefreshTokenGrant implements GrantHandler {
    private final Database db;
    private final TokenIssuer issuer;
    private final long graceMillis;
    private final IdTokenMinter idTokens;

    public RefreshTokenGrant(Database db, TokenIssuer issuer, long graceSeconds, IdTokenMinter idTokens) {
        this.db = db;
        this.issuer = issuer;
        this.idTokens = idTokens;
        this.graceMillis = graceSeconds * 1000;
    }

    @Override
    public String grantType() { return Registry.REFRESH_TOKEN; }

    @Override
    public TokenResponse handle(FormParameters params, AuthenticatedClient client) {
        String hash = IssuedTokens.key(params.require("refresh_token"));
        String scope = params.get("scope");
        List<String> resources = ResourceIndicators.requested(params, client.application());
        long now = System.currentTimeMillis();
        try {
            return db.tx(em -> refresh(em, hash, scope, resources, client, now));
        } catch (Reused reused) {
            db.tx(em -> {
                Audit.record(em, Actor.SYSTEM, "revoke", "oauth_grant", reused.grantId,
                        "rotated refresh token presented again by client_id=" + client.clientId() + "; grant revoked");
                return Grants.revoke(em, reused.grantId, now);
            });
            throw OAuthError.invalidGrant("The refresh token has already been used; its grant is revoked");
        }
    }

    private TokenResponse refresh(EntityManager em, String hash, String scope, List<String> resources, AuthenticatedClient client, long now) {
        Token old = em.find(Token.class, hash);
        if (old == null || !Token.REFRESH.equals(old.kind)) throw OAuthError.invalidGrant("The refresh token is invalid");
        if (!old.clientId.equals(client.clientId())) throw OAuthError.invalidGrant("The refresh token was issued to another client");
        if (old.dpopJkt != null && client.dpopJkt() == null)     // RFC 9449 §5: a public client's refresh token is bound to its key
            throw OAuthError.invalidDpopProof("The refresh token is DPoP-bound; send a DPoP proof of its key");
        if (old.dpopJkt != null && !old.dpopJkt.equals(client.dpopJkt()))
            throw OAuthError.invalidGrant("The refresh token is bound to another DPoP key");
        Grant grant = em.find(Grant.class, old.grantId);
        if (old.revokedAt != null || grant == null || grant.revokedAt != null) throw OAuthError.invalidGrant("The refresh token is revoked");
        if (old.rotatedAt != null) {
            if (graceMillis > 0 && now - old.rotatedAt <= graceMillis) throw OAuthError.invalidGrant("The refresh token has already been used");
            throw new Reused(old.grantId);
        }
        if (old.expiresAt <= now) throw OAuthError.invalidGrant("The refresh token has expired");
        if (grant.userSysId != null) {
            User user = em.find(User.class, grant.userSysId);
            if (user == null || !user.active || user.lockedOut) throw OAuthError.invalidGrant("The user of this grant is no longer active");
        }
        // scopes the application may no longer request are dropped (an admin narrowed auth_scopes)
        Set<String> granted = new LinkedHashSet<>(ScopeRequest.stored(old.scopes));
        granted.retainAll(RecordInput.split(client.application().authScopes));
        if (granted.isEmpty()) throw OAuthError.invalidGrant("The application may no longer use the scopes of this grant");
        Set<String> scopes = ScopeRequest.narrower(granted, scope);
        List<String> audience = ResourceIndicators.withinGrant(resources, grant.resources, client.application());     // RFC 8707 §2.2

        int won = em.createQuery("UPDATE Token t SET t.rotatedAt = :now WHERE t.tokenHash = :h AND t.rotatedAt IS NULL AND t.revokedAt IS NULL")
                .setParameter("now", now).setParameter("h", hash).executeUpdate();
        if (won != 1) {
            if (graceMillis > 0) throw OAuthError.invalidGrant("The refresh token has already been used");
            throw new Reused(old.grantId);
        }
        TokenResponse tokens = issuer.issue(em, client, grant, scopes, granted, TokenIssuer.Target.audience(audience), now);
        return tokens.withIdToken(idTokens.mint(client.application(), grant, scopes, null, tokens.accessToken(), now));
    }

    /** A rotated refresh token presented again: rolls back this transaction, then the grant is revoked. */
    private static final class Reused extends RuntimeException {
        final String grantId;

        Reused(String grantId) {
            super(null, null, false, false);
            this.grantId = grantId;
        }
    }
}
