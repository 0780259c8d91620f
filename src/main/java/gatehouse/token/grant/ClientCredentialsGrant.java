package gatehouse.token.grant;

import gatehouse.client.Registry;
import gatehouse.keys.Secrets;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import gatehouse.store.Token;
import gatehouse.store.User;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.GrantHandler;
import gatehouse.token.Grants;
import gatehouse.token.OAuthError;
import gatehouse.token.ResourceIndicators;
import gatehouse.token.ScopeRequest;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code grant_type=client_credentials}: RFC 6749 §4.4. Confidential clients only; the token acts as the
 * application's {@code client_credentials_user} (its roles decide what the API allows); the scope is limited
 * to the application's {@code auth_scopes}; no refresh token (RFC 6749 §4.4.3).
 *
 * <p>The tokens of one application acting as one user with one scope set share a <em>standing grant</em>: the
 * application's machine access, shown once in Manage tokens and revoked as a whole there (RFC 7009 revocation of
 * one access token still ends that token alone). So a token is one new row, committed with other requests' rows
 * (group commit). The grant is checked in the same transaction: when it is missing or revoked (on any node), a new
 * one is started. A standing grant takes new tokens for {@link #STANDING_MILLIS} only, half of
 * {@link Grants#RETENTION_MILLIS}, so housekeeping never deletes a grant that a token is being written under.
 */
public final class ClientCredentialsGrant implements GrantHandler {
    static final long STANDING_MILLIS = Grants.RETENTION_MILLIS / 2;
    private static final Map<String, Object> READ_ONLY = Map.of("eclipselink.read-only", "true");

    private record Key(String clientId, String userSysId, String scope) { }

    private record Standing(String grantId, long createdAt) { }

    private final Database db;
    private final TokenIssuer issuer;
    private final Function<String, User> users;
    /** This node's standing grant per key: only a hint, re-read in every transaction that writes under it. */
    private final Map<Key, Standing> standing = new ConcurrentHashMap<>();

    /** @param users finds a user by sys_id (the short API cache: a deactivation on another node counts within seconds) */
    public ClientCredentialsGrant(Database db, TokenIssuer issuer, Function<String, User> users) {
        this.db = db;
        this.issuer = issuer;
        this.users = users;
    }

    @Override
    public String grantType() { return Registry.CLIENT_CREDENTIALS; }

    @Override
    public TokenResponse handle(FormParameters params, AuthenticatedClient client) {
        if (!client.confidential()) throw OAuthError.unauthorizedClient("client_credentials is for confidential clients only (RFC 6749 §4.4)");
        String userId = client.application().clientCredentialsUser;
        if (userId == null) throw OAuthError.unauthorizedClient("The application has no client_credentials_user configured");
        Set<String> scopes = new TreeSet<>(ScopeRequest.forApplication(client.application(), params.get("scope")));
        List<String> audience = ResourceIndicators.requested(params, client.application());     // RFC 8707 §2
        User user = users.apply(userId);
        if (user == null || !user.active || user.lockedOut)
            throw OAuthError.unauthorizedClient("The application's client_credentials_user is not an active user");
        long now = System.currentTimeMillis();
        // the grant this request starts if there is no live standing grant (its id is given only then)
        Grant fresh = Grants.create(null, client.application(), user.sysId, scopes, Registry.CLIENT_CREDENTIALS, now);
        TokenIssuer.Issued issued = issuer.prepare(client, fresh, scopes, null, client.application().accessTokenLifespan,
                TokenIssuer.Target.audience(audience), now);
        // one new row (and now and then a new grant), committed together with other requests' (group commit)
        db.insertGrouped(em -> {
            String grantId = standingGrant(em, fresh, now);
            for (Token t : issued.rows()) {
                t.grantId = grantId;
                em.persist(t);
            }
        });
        return issued.response();
    }

    /** The id of the live standing grant for {@code fresh}'s application, user and scopes; stores {@code fresh} when there is none. */
    private String standingGrant(EntityManager em, Grant fresh, long now) {
        Key key = new Key(fresh.clientId, fresh.userSysId, fresh.scopes);
        Standing s = standing.get(key);
        if (s != null && now - s.createdAt() < STANDING_MILLIS) {
            // read-only: not registered in the transaction, so its commit has nothing to compare
            Grant g = em.find(Grant.class, s.grantId(), READ_ONLY);
            if (g != null && g.revokedAt == null) return g.id;
        }
        fresh.id = Secrets.timeOrderedId(now);
        em.persist(fresh);
        // if this transaction rolls back, the next one finds no such grant and starts another
        standing.put(key, new Standing(fresh.id, now));
        return fresh.id;
    }
}
