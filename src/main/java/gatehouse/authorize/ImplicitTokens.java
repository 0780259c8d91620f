package gatehouse.authorize;

import gatehouse.client.Registry;
import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import gatehouse.store.Grant;
import gatehouse.token.Grants;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import jakarta.persistence.EntityManager;
import java.util.Set;

/**
 * The implicit grant's token (RFC 6749 §4.2.2; off unless the application lists {@code implicit}): an access
 * token only, never a refresh token, living at most {@value #MAX_LIFESPAN} s, since it travels in a URL fragment
 * (RFC 9700 §2.1.2 explains why new applications should use the code flow with PKCE instead).
 */
public final class ImplicitTokens {
    public static final int MAX_LIFESPAN = 900;

    /** What the redirect carries. */
    public record Issued(String accessToken, int expiresIn, String scope) { }

    private final TokenIssuer issuer;

    public ImplicitTokens(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    Issued issue(EntityManager em, Application app, String userSysId, Set<String> scopes) {
        long now = System.currentTimeMillis();
        Grant grant = Grants.start(em, Secrets.timeOrderedId(now), app, userSysId, scopes, Registry.IMPLICIT, now);
        TokenResponse r = issuer.issue(em, app, grant, scopes, null, Math.min(app.accessTokenLifespan, MAX_LIFESPAN), now);
        return new Issued(r.accessToken(), (int) r.expiresIn(), r.scope());
    }
}
