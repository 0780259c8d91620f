package gatehouse.authorize;

/**
 * An error of the authorization request that is sent back to the client on its redirect URI
 * (RFC 6749 §4.1.2.1): thrown only after the client and the redirect URI are known good.
 * {@link AuthorizationEndpointServlet} is the one place that turns it into a redirect.
 */
public final class AuthorizationError extends RuntimeException {
    public final String error;
    public final String description;

    private AuthorizationError(String error, String description) {
        super(error + ": " + description);
        this.error = error;
        this.description = description;
    }

    public static AuthorizationError invalidRequest(String description) {
        return new AuthorizationError("invalid_request", description);
    }

    public static AuthorizationError unauthorizedClient(String description) {
        return new AuthorizationError("unauthorized_client", description);
    }

    public static AuthorizationError accessDenied(String description) {
        return new AuthorizationError("access_denied", description);
    }

    public static AuthorizationError unsupportedResponseType(String description) {
        return new AuthorizationError("unsupported_response_type", description);
    }

    public static AuthorizationError invalidScope(String description) {
        return new AuthorizationError("invalid_scope", description);
    }

    /** OpenID Connect Core §6.1: request objects are not supported. */
    public static AuthorizationError requestNotSupported(String description) {
        return new AuthorizationError("request_not_supported", description);
    }

    public static AuthorizationError requestUriNotSupported(String description) {
        return new AuthorizationError("request_uri_not_supported", description);
    }
}
