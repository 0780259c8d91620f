package gatehouse.token;

/**
 * One grant type of the token endpoint (RFC 6749 §4). The endpoint has already authenticated the client and
 * checked that the application may use this grant type; the handler checks the grant's own parameters and
 * issues tokens, or throws an {@link OAuthError}.
 */
public interface GrantHandler {
    /** The {@code grant_type} value this handler answers. */
    String grantType();

    TokenResponse handle(FormParameters params, AuthenticatedClient client);
}
