package gatehouse.token;

import gatehouse.store.Application;

/**
 * The application a request came from, and how it proved it (RFC 8414 token_endpoint_auth_methods names);
 * {@code dpopJkt}: the thumbprint of the key of the request's DPoP proof (RFC 9449 §5), the key its tokens are bound
 * to, or null for bearer tokens.
 */
public record AuthenticatedClient(Application application, String method, String dpopJkt) {
    public AuthenticatedClient(Application application, String method) {
        this(application, method, null);
    }

    /** The same client, its tokens bound to the DPoP key {@code jkt}. */
    public AuthenticatedClient boundTo(String jkt) {
        return new AuthenticatedClient(application, method, jkt);
    }

    public static final String SECRET_BASIC = "client_secret_basic";
    public static final String SECRET_POST = "client_secret_post";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    public static final String NONE = "none";

    public String clientId() { return application.clientId; }

    public boolean confidential() { return !application.publicClient; }
}
