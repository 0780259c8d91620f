package gatehouse.api;

import gatehouse.store.User;
import java.util.Set;

/**
 * Who is calling the API, as the authentication filter established it.
 *
 * @param user        the user the call acts as
 * @param scopes      the token's scopes; null for HTTP Basic (everything the user may do)
 * @param clientId    the application the token was issued to; null for HTTP Basic
 * @param apiPolicies the APIs the application's tokens may call ({@code api_access_policies}) when it
 *                    enforces token restriction; null when any API may be called
 */
public record Caller(User user, Set<String> scopes, String clientId, Set<String> apiPolicies) {
    public static final String PROPERTY = "gatehouse.caller";

    /** An HTTP Basic caller: everything the user's roles allow. */
    public static Caller basic(User user) {
        return new Caller(user, null, null, null);
    }

    public boolean hasRole(String role) { return user.hasRole(role); }

    public boolean isAdmin() { return user.hasRole("admin"); }

    public boolean isOAuthAdmin() { return user.hasRole("admin") || user.hasRole("oauth_admin"); }

    public boolean viaBearer() { return scopes != null; }
}
