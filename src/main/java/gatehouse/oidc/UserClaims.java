package gatehouse.oidc;

import gatehouse.store.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The standard claims of a {@code sys_user} (OpenID Connect Core §5.1) that the scopes release (§5.4):
 * {@code profile} → {@code name}, {@code given_name}, {@code family_name}, {@code preferred_username} (the user
 * name), {@code updated_at}; {@code email} → {@code email}, {@code email_verified} (false: Gatehouse never checks
 * an address). A claim the user has no value for is left out (§5.3.2). Users have no phone or address here.
 */
public final class UserClaims {
    /** Every claim this class can release, for the discovery document's claims_supported. */
    public static final List<String> SUPPORTED = List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "sid",
            "name", "given_name", "family_name", "preferred_username", "updated_at", "email", "email_verified");

    private UserClaims() { }

    public static Map<String, Object> of(User u, Set<String> scopes) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", u.sysId);
        if (scopes.contains(Scopes.PROFILE)) {
            String given = blankToNull(u.firstName);
            String family = blankToNull(u.lastName);
            String name = given == null ? family : family == null ? given : given + " " + family;
            if (name != null) c.put("name", name);
            if (given != null) c.put("given_name", given);
            if (family != null) c.put("family_name", family);
            c.put("preferred_username", u.userName);
            c.put("updated_at", u.updatedOn / 1000);
        }
        if (scopes.contains(Scopes.EMAIL) && blankToNull(u.email) != null) {
            c.put("email", u.email);
            c.put("email_verified", false);
        }
        return c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
