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

    /** RFC 8707 §2: a resource the application may not target. */
    public static AuthorizationError invalidTarget(String description) {
        return new AuthorizationError("invalid_target", description);
    }

    /** OpenID Connect Core §6.1: request objects are not supported. */
    public static AuthorizationError requestNotSupported(String description) {
        return new AuthorizationError("request_not_supported", description);
    }

    public static AuthorizationError requestUriNotSupported(String description) {
        return new AuthorizationError("request_uri_not_supported", description);
    }

    /** OpenID Connect Core §3.1.2.6: {@code prompt=none} and the person would have to log in. */
    public static AuthorizationError loginRequired(String description) {
        return new AuthorizationError("login_required", description);
    }

    /** OpenID Connect Core §3.1.2.6: {@code prompt=none} and the person would have to consent. */
    public static AuthorizationError consentRequired(String description) {
        return new AuthorizationError("consent_required", description);
    }

    /** OpenID Connect Core §3.1.2.6: {@code prompt=none} and the person would have to act otherwise. */
    public static AuthorizationError interactionRequired(String description) {
        return new AuthorizationError("interaction_required", description);
    }

    /** OpenID Connect Core §3.1.2.6: the registration parameter is not supported. */
    public static AuthorizationError registrationNotSupported(String description) {
        return new AuthorizationError("registration_not_supported", description);
    }
}
