package gatehouse.token.grant;

import gatehouse.client.Registry;
import gatehouse.keys.Secrets;
import gatehouse.record.RecordInput;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.GrantHandler;
import gatehouse.token.Grants;
import gatehouse.token.OAuthError;
import gatehouse.token.ResourceIndicators;
import gatehouse.token.ScopeRequest;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import gatehouse.user.Authenticator;
import java.util.List;
import java.util.Set;

/**
 * {@code grant_type=password}: RFC 6749 §4.3, as ServiceNow offers it, only where the application lists it.
 * The user's password goes through the same {@link Authenticator} as the login page (throttling, lockout);
 * every refusal is {@code invalid_grant} with a message that does not tell whether the user exists.
 * A refresh token is issued when the application may also use {@code refresh_token}.
 */
public final class PasswordGrant implements GrantHandler {
    private final Database db;
    private final TokenIssuer issuer;
    private final Authenticator authenticator;

    public PasswordGrant(Database db, TokenIssuer issuer, Authenticator authenticator) {
        this.db = db;
        this.issuer = issuer;
        this.authenticator = authenticator;
    }

    @Override
    public String grantType() { return Registry.PASSWORD; }

    @Override
    public TokenResponse handle(FormParameters params, AuthenticatedClient client) {
        String username = params.require("username");
        String password = params.require("password");
        Set<String> scopes = ScopeRequest.forApplication(client.application(), params.get("scope"));
        List<String> audience = ResourceIndicators.requested(params, client.application());     // RFC 8707 §2
        Authenticator.Result result = authenticator.authenticate(username, password, params.remoteAddress());
        if (result.outcome() == Authenticator.Outcome.THROTTLED)
            throw OAuthError.throttled("invalid_grant", result.message(), result.retryAfterSeconds());
        if (!result.ok()) throw OAuthError.invalidGrant(result.message());
        boolean refresh = RecordInput.split(client.application().grantTypes).contains(Registry.REFRESH_TOKEN);
        long now = System.currentTimeMillis();
        return db.tx(em -> {
            Grant grant = Grants.create(Secrets.timeOrderedId(now), client.application(), result.user().sysId, scopes, Registry.PASSWORD, now);
            grant.resources = ResourceIndicators.join(audience);     // a refresh may name only these (§2.2)
            em.persist(grant);
            return issuer.issue(em, client, grant, scopes, refresh ? scopes : null, TokenIssuer.Target.audience(audience), now);
        });
    }
}
