package gatehouse.token;

/**
 * A refusal in the protocol's own words: an RFC 6749 §5.2 error code, a description for the developer, and
 * the HTTP status. Handlers and checks throw it; {@link OAuthErrorResponse} is the one place that writes it.
 */
public class OAuthError extends RuntimeException {
    public final String code;
    public final int status;
    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public final long retryAfter;
    /** A nonce for a {@code DPoP-Nonce} header (RFC 9449 §8), or null. */
    public final String dpopNonce;

    public OAuthError(String code, String description, int status) {
        this(code, description, status, 0);
    }

    public OAuthError(String code, String description, int status, long retryAfter) {
        this(code, description, status, retryAfter, null);
    }

    private OAuthError(String code, String description, int status, long retryAfter, String dpopNonce) {
        super(description);
        this.code = code;
        this.status = status;
        this.retryAfter = retryAfter;
        this.dpopNonce = dpopNonce;
    }

    /** RFC 9449 §5: the request's DPoP proof is missing where required, or invalid. */
    public static OAuthError invalidDpopProof(String description) { return new OAuthError("invalid_dpop_proof", description, 400); }

    /** RFC 9449 §8: the proof must carry the server's nonce, given in {@code DPoP-Nonce}. */
    public static OAuthError useDpopNonce(String description, String nonce) {
        return new OAuthError("use_dpop_nonce", description, 400, 0, nonce);
    }

    public String description() { return getMessage(); }

    /** RFC 6749 §5.2 */
    public static OAuthError invalidRequest(String description) { return new OAuthError("invalid_request", description, 400); }

    /** RFC 6749 §5.2: always 401, answered with a {@code WWW-Authenticate: Basic} challenge (RFC 7235 §3.1). */
    public static OAuthError invalidClient(String description) { return new OAuthError("invalid_client", description, 401); }

    public static OAuthError invalidGrant(String description) { return new OAuthError("invalid_grant", description, 400); }

    public static OAuthError unauthorizedClient(String description) { return new OAuthError("unauthorized_client", description, 400); }

    public static OAuthError unsupportedGrantType(String description) { return new OAuthError("unsupported_grant_type", description, 400); }

    public static OAuthError invalidScope(String description) { return new OAuthError("invalid_scope", description, 400); }

    /** RFC 8707 §2, RFC 8693 §2.2.2: a resource or audience the client may not target. */
    public static OAuthError invalidTarget(String description) { return new OAuthError("invalid_target", description, 400); }

    /** RFC 7009 §2.2.1 */
    public static OAuthError unsupportedTokenType(String description) { return new OAuthError("unsupported_token_type", description, 400); }

    /**
     * Wrong credentials from a client that is throttled ({@code gatehouse.user.AddressThrottle}): the error the
     * credentials earned, as {@code 429 Too Many Requests} with {@code Retry-After} (RFC 6585 §4).
     */
    public static OAuthError throttled(String code, String description, long retryAfterSeconds) {
        return new OAuthError(code, description, 429, Math.max(1, retryAfterSeconds));
    }

    public static OAuthError serverError(String description) { return new OAuthError("server_error", description, 500); }

    /** RFC 6749 §4.1.2.1's code for "try again later", as {@code 503} (RFC 9110 §15.6.4), answered with {@code Retry-After}. */
    public static OAuthError temporarilyUnavailable(String description) {
        return new OAuthError("temporarily_unavailable", description, 503);
    }

    /**
     * What a request that failed unexpectedly gets: {@code invalid_request} when the database refused one of its values
     * (a NUL character, an over-long string), {@code temporarily_unavailable} when the database is out of reach (it goes
     * on answering when the database is back), else {@code server_error}.
     */
    public static OAuthError unexpected(RuntimeException e) {
        if (gatehouse.store.UnstorableValue.isCause(e)) return invalidRequest("A parameter holds a value that cannot be used");
        return gatehouse.store.DatabaseUnavailableException.isCause(e)
                ? temporarilyUnavailable("The database is not available; try again shortly")
                : serverError("The request could not be completed");
    }
}
