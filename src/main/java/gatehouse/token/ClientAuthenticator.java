package gatehouse.token;

import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import gatehouse.user.AddressThrottle;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3, §3.2.1):
 * {@code client_secret_basic}, {@code client_secret_post}, {@code private_key_jwt} (through
 * {@link ClientAssertionVerifier}) and {@code none} for public clients. Exactly one method per request
 * (RFC 6749 §2.3). Client secrets are high-entropy, so they are stored as SHA-256 and compared in constant
 * time: no slow KDF per request.
 */
public final class ClientAuthenticator {
    public static final List<String> METHODS = List.of(AuthenticatedClient.SECRET_BASIC, AuthenticatedClient.SECRET_POST,
            AuthenticatedClient.NONE);
    /** Compared against when the client_id is unknown, so that both cases take the same time. */
    private static final String DUMMY_HASH = Secrets.sha256("no such client");

    private final Function<String, Application> applications;
    private final ClientAssertionVerifier assertions;
    /** Wrong client secrets count as failed log-ins of their address (null: not counted, for unit tests). */
    private final AddressThrottle throttle;

    /** @param applications finds an application by client_id (null when there is none) */
    public ClientAuthenticator(Function<String, Application> applications, ClientAssertionVerifier assertions) {
        this(applications, assertions, null);
    }

    public ClientAuthenticator(Function<String, Application> applications, ClientAssertionVerifier assertions, AddressThrottle throttle) {
        this.applications = applications;
        this.assertions = assertions;
        this.throttle = throttle;
    }

    /** The methods clients may use (RFC 8414 token_endpoint_auth_methods_supported). */
    public List<String> methods() {
        if (assertions == ClientAssertionVerifier.UNSUPPORTED) return METHODS;
        List<String> all = new java.util.ArrayList<>(METHODS);
        all.add(AuthenticatedClient.PRIVATE_KEY_JWT);
        return all;
    }

    /** @param authorization the Authorization header, or null */
    public AuthenticatedClient authenticate(String authorization, FormParameters form) {
        String bodyId = form.get("client_id");
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        boolean post = form.has("client_secret");
        boolean jwt = form.has("client_assertion") || form.has("client_assertion_type");
        if ((basic ? 1 : 0) + (post ? 1 : 0) + (jwt ? 1 : 0) > 1)
            throw OAuthError.invalidRequest("Use exactly one client authentication method (RFC 6749 §2.3)");
        if (authorization != null && !basic && !authorization.isBlank())
            throw OAuthError.invalidClient("Unsupported authorization scheme; use Basic");
        if (basic) return basic(authorization.substring(6).trim(), bodyId, form.remoteAddress());
        if (jwt) return assertion(bodyId, form);
        if (bodyId == null) throw OAuthError.invalidClient("Client authentication is required");
        if (post) return secret(bodyId, form.get("client_secret"), AuthenticatedClient.SECRET_POST, form.remoteAddress());
        return none(bodyId);
    }

    /** RFC 6749 §2.3.1: client_id and secret form-urlencoded, then joined by a colon, then base64. */
    private AuthenticatedClient basic(String encoded, String bodyId, String address) {
        String id;
        String secret;
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon <= 0) throw OAuthError.invalidClient("Malformed Basic credentials");
            id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidClient("Malformed Basic credentials");
        }
        if (bodyId != null && !bodyId.equals(id)) throw OAuthError.invalidRequest("client_id does not match the Basic credentials");
        return secret(id, secret, AuthenticatedClient.SECRET_BASIC, address);
    }

    /**
     * A wrong secret counts as a failure of its address ({@link AddressThrottle}, shared with user log-ins): from a
     * throttled address it is {@code 429} with {@code Retry-After}. A right one always succeeds, at once (client
     * secrets are high-entropy: the hot path reads no counter).
     */
    private AuthenticatedClient secret(String clientId, String secret, String method, String address) {
        Application app = active(clientId);
        boolean matches = Secrets.constantTimeEquals(Secrets.sha256(secret == null ? "" : secret),
                app == null || app.clientSecretHash == null ? DUMMY_HASH : app.clientSecretHash);
        if (app == null || app.publicClient || app.clientSecretHash == null || !matches) {
            long throttledFor = throttle == null ? 0 : throttle.failed(address, "client:" + clientId);
            if (throttledFor > 0) throw OAuthError.throttled("invalid_client",
                    "Client authentication failed; too many failures from this address, try again later", (throttledFor + 999) / 1000);
            throw OAuthError.invalidClient("Client authentication failed");
        }
        return new AuthenticatedClient(app, method);
    }

    /** RFC 6749 §2.1, §3.2.1: a public client identifies itself with client_id alone (and must then use PKCE). */
    private AuthenticatedClient none(String clientId) {
        Application app = active(clientId);
        if (app == null) throw OAuthError.invalidClient("Client authentication failed");
        if (!app.publicClient) throw OAuthError.invalidClient("A confidential client must authenticate");
        return new AuthenticatedClient(app, AuthenticatedClient.NONE);
    }

    /** RFC 7523 §2.2 */
    private AuthenticatedClient assertion(String clientId, FormParameters form) {
        if (!ClientAssertionVerifier.JWT_BEARER_TYPE.equals(form.get("client_assertion_type")))
            throw OAuthError.invalidClient("client_assertion_type must be " + ClientAssertionVerifier.JWT_BEARER_TYPE);
        if (!form.has("client_assertion")) throw OAuthError.invalidRequest("Missing parameter client_assertion");
        Application app = assertions.verify(clientId, form.get("client_assertion"));
        if (app == null || !app.active) throw OAuthError.invalidClient("Client authentication failed");
        return new AuthenticatedClient(app, AuthenticatedClient.PRIVATE_KEY_JWT);
    }

    /** An active inbound application (not an outbound provider), or null. */
    private Application active(String clientId) {
        if (clientId == null || clientId.length() > 200) return null;
        Application app = applications.apply(clientId);
        return app != null && app.active && "client".equals(app.type) ? app : null;
    }
}
