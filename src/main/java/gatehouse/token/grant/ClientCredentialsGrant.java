package gatehouse.token.grant;

import gatehouse.client.Registry;
import gatehouse.keys.Secrets;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import gatehouse.store.User;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.GrantHandler;
import gatehouse.token.Grants;
import gatehouse.token.OAuthError;
import gatehouse.token.ScopeRequest;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code grant_type=client_credentials}: RFC 6749 §4.4. Confidential clients only; the token acts as the
 * application's {@code client_credentials_user} (its roles decide what the API allows); the scope is limited
 * to the application's {@code auth_scopes}; no refresh token (RFC 6749 §4.4.3).
 */
public final class ClientCredentialsGrant implements GrantHandler {
    private final Database db;
    private final TokenIssuer issuer;
    private final Function<String, User> users;

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
        Set<String> scopes = ScopeRequest.forApplication(client.application(), params.get("scope"));
        User user = users.apply(userId);
        if (user == null || !user.active || user.lockedOut)
            throw OAuthError.unauthorizedClient("The application's client_credentials_user is not an active user");
        long now = System.currentTimeMillis();
        // two new rows and nothing read: committed together with other requests' (group commit)
        Grant grant = Grants.create(Secrets.timeOrderedId(now), client.application(), user.sysId, scopes, Registry.CLIENT_CREDENTIALS, now);
        TokenIssuer.Issued issued = issuer.prepare(client.application(), grant, scopes, null, client.application().accessTokenLifespan, now);
        db.insertGrouped(em -> {
            em.persist(grant);
            issued.persist(em);
        });
        return issued.response();
    }
}
