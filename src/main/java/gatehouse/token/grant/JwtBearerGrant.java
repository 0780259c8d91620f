package gatehouse.token.grant;

import gatehouse.client.ClientAssertions;
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
import gatehouse.token.ResourceIndicators;
import gatehouse.token.ScopeRequest;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import gatehouse.user.Users;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}: RFC 7523 §2.1. The client (authenticated,
 * as ServiceNow requires) presents an assertion signed by a key registered on its application: {@code iss}
 * its client_id, {@code sub} the user name the token acts for, {@code aud} the issuer or the token endpoint;
 * {@code exp}, {@code nbf}, {@code iat} and single-use {@code jti} per {@link ClientAssertions}. No refresh
 * token: the client signs a new assertion instead (RFC 7523 §3.1 leaves it to the server).
 */
public final class JwtBearerGrant implements GrantHandler {
    private final Database db;
    private final TokenIssuer issuer;
    private final ClientAssertions assertions;
    private final Supplier<String> issuerUrl;

    public JwtBearerGrant(Database db, TokenIssuer issuer, ClientAssertions assertions, Supplier<String> issuerUrl) {
        this.db = db;
        this.issuer = issuer;
        this.assertions = assertions;
        this.issuerUrl = issuerUrl;
    }

    @Override
    public String grantType() { return Registry.JWT_BEARER; }

    @Override
    public TokenResponse handle(FormParameters params, AuthenticatedClient client) {
        if (!client.confidential()) throw OAuthError.unauthorizedClient("The JWT bearer grant needs a confidential client");
        String assertion = params.require("assertion");
        Set<String> scopes = ScopeRequest.forApplication(client.application(), params.get("scope"));
        List<String> audience = ResourceIndicators.requested(params, client.application());     // RFC 8707 §2
        String userName;
        try {
            String iss = issuerUrl.get();
            userName = assertions.verify(assertion, client.application(), null, List.of(iss, iss + "/oauth_token.do")).getSubject();
        } catch (ClientAssertions.InvalidAssertionException e) {
            throw OAuthError.invalidGrant("Invalid assertion: " + e.getMessage());
        }
        long now = System.currentTimeMillis();
        return db.tx(em -> {
            User user = Users.byName(em, userName);
            if (user == null || !user.active || user.lockedOut)
                throw OAuthError.invalidGrant("The assertion's sub is not an active user");
            Grant grant = Grants.create(Secrets.timeOrderedId(now), client.application(), user.sysId, scopes, Registry.JWT_BEARER, now);
            grant.resources = ResourceIndicators.join(audience);
            em.persist(grant);
            return issuer.issue(em, client, grant, scopes, null, TokenIssuer.Target.audience(audience), now);
        });
    }
}
