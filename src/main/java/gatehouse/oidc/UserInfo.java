package gatehouse.oidc;

import gatehouse.store.User;
import gatehouse.token.AccessTokenValidator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The UserInfo endpoint's logic (OpenID Connect Core §5.3): a live access token with the scope {@code openid}
 * gives the claims its scopes release ({@link UserClaims}) of its user. Failures are RFC 6750 §3.1 errors.
 */
public final class UserInfo {
    private final AccessTokenValidator tokens;
    private final Function<String, User> users;

    /** An RFC 6750 §3.1 error: {@code code} null when no token was sent at all (§3.1: then no error code). */
    public static final class BearerError extends RuntimeException {
        public final int status;
        public final String code;
        public final String description;

        BearerError(int status, String code, String description) {
            super(code + ": " + description, null, false, false);
            this.status = status;
            this.code = code;
            this.description = description;
        }
    }

    /** @param users finds a user by sys_id (the short cache the API uses) */
    public UserInfo(AccessTokenValidator tokens, Function<String, User> users) {
        this.tokens = tokens;
        this.users = users;
    }

    /** The claims for {@code accessToken} (null: none was sent). */
    public Map<String, Object> claims(String accessToken) {
        if (accessToken == null) throw new BearerError(401, null, "An access token is required");
        AccessTokenValidator.ValidToken t = tokens.validate(accessToken)
                .orElseThrow(() -> new BearerError(401, "invalid_token", "The access token is invalid or expired"));
        if (t.dpopJkt() != null)      // RFC 9449 §7.2: a DPoP-bound token is never accepted as a bearer token
            throw new BearerError(401, "invalid_token", "The access token is DPoP-bound; UserInfo accepts bearer tokens only");
        Set<String> scopes = t.scopes() == null ? Set.of() : t.scopes();
        if (!scopes.contains(Scopes.OPENID)) throw new BearerError(403, "insufficient_scope", "The access token lacks the scope openid");
        User u = t.userSysId() == null ? null : users.apply(t.userSysId());
        if (u == null || !u.active || u.lockedOut) throw new BearerError(401, "invalid_token", "The user of this access token is no longer active");
        return UserClaims.of(u, scopes);
    }

    /** RFC 6750 §2.3 is not supported (a token in the URL ends up in logs); §2.1 header or §2.2 form body only. */
    public static BearerError tokenInQuery() {
        return new BearerError(400, "invalid_request", "Send the access token in the Authorization header, not in the URL");
    }

    public static BearerError twoMethods() {
        return new BearerError(400, "invalid_request", "Send the access token in one way only (RFC 6750 §2)");
    }
}
