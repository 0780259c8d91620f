package gatehouse.token;

import gatehouse.store.Application;

/** The application a request came from, and how it proved it (RFC 8414 token_endpoint_auth_methods names). */
public record AuthenticatedClient(Application application, String method) {
    public static final String SECRET_BASIC = "client_secret_basic";
    public static final String SECRET_POST = "client_secret_post";
    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    public static final String NONE = "none";

    public String clientId() { return application.clientId; }

    public boolean confidential() { return !application.publicClient; }
}
