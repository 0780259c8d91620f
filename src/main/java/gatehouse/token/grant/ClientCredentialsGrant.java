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

/**
 * {@code grant_type=client_credentials}: RFC 6749 §4.4. Confidential clients only; the token acts as the
 * application's {@code client_credentials_user} (its roles decide what the API allows); the scope is limited
 * to the application's {@code auth_scopes}; no refresh token (RFC 6749 §4.4.3).
 */
public final class ClientCredentialsGrant implements GrantHandler {
    private final Database db;
    private final TokenIssuer issuer;

    public ClientCredentialsGrant(Database db, TokenIssuer issuer) {
        this.db = db;
        this.issuer = issuer;
    }

    @Override
    public String grantType() { return Registry.CLIENT_CREDENTIALS; }

    @Override
    public TokenResponse handle(FormParameters params, AuthenticatedClient client) {
        if (!client.confidential()) throw OAuthError.unauthorizedClient("client_credentials is for confidential clients only (RFC 6749 §4.4)");
        String userId = client.application().clientCredentialsUser;
        if (userId == null) throw OAuthError.unauthorizedClient("The application has no client_credentials_user configured");
        Set<String> scopes = ScopeRequest.forApplication(client.application(), params.get("scope"));
        long now = System.currentTimeMillis();
        return db.tx(em -> {
            User user = em.find(User.class, userId);
            if (user == null || !user.active || user.lockedOut)
                throw OAuthError.unauthorizedClient("The application's client_credentials_user is not an active user");
            Grant grant = Grants.start(em, Secrets.sysId(), client.application(), user.sysId, scopes, Registry.CLIENT_CREDENTIALS, now);
            return issuer.issue(em, client.application(), grant, scopes, null, now);
        });
    }
}
