package gatehouse.token.grant;

import gatehouse.client.Registry;
import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.RecordInput;
import gatehouse.store.AuthorizationCode;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import gatehouse.store.User;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.GrantHandler;
import gatehouse.token.Grants;
import gatehouse.token.IdTokenMinter;
import gatehouse.token.OAuthError;
import gatehouse.token.PkceVerifier;
import gatehouse.token.ResourceIndicators;
import gatehouse.token.ScopeRequest;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Set;

/**
 * {@code grant_type=authorization_code}: RFC 6749 §4.1.3 with RFC 7636 §4.6. A code is single use: it is
 * marked used by one conditional UPDATE in the transaction that issues the tokens, so of two concurrent
 * redemptions exactly one wins; any second redemption is {@code invalid_grant} and revokes every token issued
 * from the code (RFC 6749 §4.1.2, §10.5). With the scope {@code openid}, the response also carries an ID token
 * with the request's nonce and the login's auth_time and sid (OpenID Connect Core §3.1.3.3).
 */
public final class AuthorizationCodeGrant implements GrantHandler {
    private final Database db;
    private final TokenIssuer issuer;
    private final IdTokenMinter idTokens;

    public AuthorizationCodeGrant(Database db, TokenIssuer issuer, IdTokenMinter idTokens) {
        this.db = db;
        this.issuer = issuer;
        this.idTokens = idTokens;
    }

    @Override
    public String grantType() { return Registry.AUTHORIZATION_CODE; }

    @Override
    public TokenResponse handle(FormParameters params, AuthenticatedClient client) {
        String codeHash = Secrets.sha256(params.require("code"));
        String redirectUri = params.get("redirect_uri");
        String verifier = params.get("code_verifier");
        List<String> resources = ResourceIndicators.requested(params, client.application());
        long now = System.currentTimeMillis();
        try {
            return db.tx(em -> redeem(em, codeHash, redirectUri, verifier, resources, client, now));
        } catch (Replayed replayed) {
            db.tx(em -> {
                AuthorizationCode code = em.find(AuthorizationCode.class, codeHash);
                if (code == null || code.grantId == null) return 0;
                Audit.record(em, Actor.SYSTEM, "revoke", "oauth_grant", code.grantId,
                        "authorization code presented again by client_id=" + client.clientId() + "; grant revoked");
                return Grants.revoke(em, code.grantId, now);
            });
            throw OAuthError.invalidGrant("The authorization code has already been used; the tokens issued from it are revoked");
        }
    }

    private TokenResponse redeem(EntityManager em, String codeHash, String redirectUri, String verifier, List<String> resources,
                                 AuthenticatedClient client, long now) {
        AuthorizationCode code = em.find(AuthorizationCode.class, codeHash);
        if (code == null) throw OAuthError.invalidGrant("The authorization code is invalid");
        if (code.usedAt != null) throw new Replayed();
        checkClient(code, client);
        checkExpiry(code, now);
        checkRedirectUri(code, redirectUri);
        PkceVerifier.check(code.codeChallenge, verifier, client.application().publicClient);
        checkDpopKey(code, client);
        User user = em.find(User.class, code.userSysId);
        if (user == null || !user.active || user.lockedOut) throw OAuthError.invalidGrant("The user of this authorization code is no longer active");
        List<String> granted = ResourceIndicators.withinGrant(List.of(), code.resources, client.application());
        List<String> audience = ResourceIndicators.withinGrant(resources, code.resources, client.application());     // RFC 8707 §2.2

        String grantId = Secrets.timeOrderedId(now);
        int won = em.createQuery("UPDATE AuthorizationCode c SET c.usedAt = :now, c.grantId = :g WHERE c.codeHash = :h AND c.usedAt IS NULL")
                .setParameter("now", now).setParameter("g", grantId).setParameter("h", codeHash).executeUpdate();
        if (won != 1) throw new Replayed();

        Set<String> scopes = ScopeRequest.stored(code.scopes);
        Grant grant = Grants.create(grantId, client.application(), user.sysId, scopes, Registry.AUTHORIZATION_CODE, now);
        grant.authTime = code.authTime;
        grant.sid = code.sid;
        grant.resources = ResourceIndicators.join(granted);
        em.persist(grant);
        boolean refresh = RecordInput.split(client.application().grantTypes).contains(Registry.REFRESH_TOKEN);
        TokenResponse tokens = issuer.issue(em, client, grant, scopes, refresh ? scopes : null, TokenIssuer.Target.audience(audience), now);
        return tokens.withIdToken(idTokens.mint(client.application(), grant, scopes, code.nonce, tokens.accessToken(), now));
    }

    /** RFC 6749 §4.1.3: the code was issued to the authenticated client. */
    private static void checkClient(AuthorizationCode code, AuthenticatedClient client) {
        if (!code.clientId.equals(client.clientId())) throw OAuthError.invalidGrant("The authorization code was issued to another client");
    }

    /** RFC 9449 §10: a code bound to a DPoP key (dpop_jkt) is redeemed only with a proof made with that key. */
    private static void checkDpopKey(AuthorizationCode code, AuthenticatedClient client) {
        if (code.dpopJkt == null) return;
        if (client.dpopJkt() == null) throw OAuthError.invalidGrant("The authorization code is bound to a DPoP key: send a DPoP proof made with it");
        if (!Secrets.constantTimeEquals(code.dpopJkt, client.dpopJkt()))
            throw OAuthError.invalidGrant("The DPoP proof's key is not the one the authorization code is bound to (dpop_jkt)");
    }

    private static void checkExpiry(AuthorizationCode code, long now) {
        if (code.expiresAt <= now) throw OAuthError.invalidGrant("The authorization code has expired");
    }

    /** RFC 6749 §4.1.3: redirect_uri must be present and identical when the authorization request included it. */
    private static void checkRedirectUri(AuthorizationCode code, String redirectUri) {
        if (redirectUri == null) {
            if (code.redirectUriSent) throw OAuthError.invalidGrant("redirect_uri is required: the authorization request included it");
            return;
        }
        if (!redirectUri.equals(code.redirectUri)) throw OAuthError.invalidGrant("redirect_uri does not match the authorization request");
    }

    /** A second redemption of a code: rolls back this transaction, then its grant is revoked. */
    private static final class Replayed extends RuntimeException {
        Replayed() { super(null, null, false, false); }
    }
}
