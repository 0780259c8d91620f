package gatehouse.token;

import gatehouse.store.Application;
import gatehouse.store.Grant;
import java.util.Set;

/**
 * The ID token a token response carries when its scopes include {@code openid} (OpenID Connect Core §3.1.3.3,
 * §12.2); {@link gatehouse.oidc.IdTokens} makes it. The grants only hand over what they know.
 */
public interface IdTokenMinter {
    /**
     * @param nonce       the authorization request's nonce (null on a refresh: OIDC Core §12.2)
     * @param accessToken the access token issued beside it (for {@code at_hash})
     * @return the signed ID token, or null when none is due (no {@code openid} scope, or a grant without a user)
     */
    String mint(Application app, Grant grant, Set<String> scopes, String nonce, String accessToken, long now);

    /** Issues no ID token (for tests and servers without OpenID Connect). */
    IdTokenMinter NONE = (app, grant, scopes, nonce, accessToken, now) -> null;
}
