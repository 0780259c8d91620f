package gatehouse.authorize;

import gatehouse.client.Registry;
import gatehouse.keys.Secrets;
import gatehouse.oidc.IdTokens;
import gatehouse.oidc.LoginMoments;
import gatehouse.store.Application;
import gatehouse.store.Grant;
import gatehouse.store.User;
import gatehouse.token.Grants;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import jakarta.persistence.EntityManager;
import java.util.Set;

/**
 * The implicit grant's token (RFC 6749 §4.2.2; off unless the application lists {@code implicit}): an access
 * token only, never a refresh token, living at most {@value #MAX_LIFESPAN} s, since it travels in a URL fragment
 * (RFC 9700 §2.1.2 explains why new applications should use the code flow with PKCE instead). With OpenID Connect's
 * {@code id_token token} an ID token comes beside it, and {@code id_token} gives the ID token alone (Core §3.2.2.5).
 */
public final class ImplicitTokens {
    public static final int MAX_LIFESPAN = 900;

    /** What the redirect carries: {@code accessToken} null for {@code id_token}, {@code idToken} null for {@code token}. */
    public record Issued(String accessToken, int expiresIn, String scope, String idToken) { }

    private final TokenIssuer issuer;
    private final IdTokens idTokens;

    public ImplicitTokens(TokenIssuer issuer, IdTokens idTokens) {
        this.issuer = issuer;
        this.idTokens = idTokens;
    }

    /**
     * @param responseType {@code token}, or OpenID Connect's {@code id_token} or {@code id_token token} (Core §3.2.2.5)
     * @param nonce        the request's nonce (OpenID Connect only)
     * @param login        the log-in (OpenID Connect only), for auth_time and sid
     * @param resources    the resources the request named (RFC 8707), the token's audience
     */
    Issued issue(EntityManager em, Application app, String userSysId, Set<String> scopes, String responseType, String nonce,
                 LoginMoments.Moment login, java.util.List<String> resources) {
        long now = System.currentTimeMillis();
        String accessToken = null;
        int expiresIn = 0;
        String scope = null;
        if (!responseType.equals(AuthorizationChecks.ID_TOKEN)) {
            Grant grant = Grants.create(Secrets.timeOrderedId(now), app, userSysId, scopes, Registry.IMPLICIT, now);
            if (login != null) {
                grant.authTime = login.authTime();
                grant.sid = login.sid();
            }
            em.persist(grant);
            TokenResponse r = issuer.issue(em, app, grant, scopes, null, Math.min(app.accessTokenLifespan, MAX_LIFESPAN),
                    TokenIssuer.Target.audience(resources), now);     // RFC 8707: aud is the resources named
            accessToken = r.accessToken();
            expiresIn = (int) r.expiresIn();
            scope = r.scope();
        }
        String idToken = responseType.startsWith(AuthorizationChecks.ID_TOKEN)
                ? idTokens.mintImplicit(app, em.find(User.class, userSysId), scopes, nonce, accessToken, login, now) : null;
        return new Issued(accessToken, expiresIn, scope, idToken);
    }
}
