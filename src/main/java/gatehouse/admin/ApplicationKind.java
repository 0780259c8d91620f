package gatehouse.admin;

import gatehouse.client.Registry;
import gatehouse.store.Application;
import gatehouse.record.RecordInput;
import java.util.List;
import java.util.Set;

/**
 * What {@code New} asks first (CONTRACT "Admin console"): the kind of inbound application, which fixes
 * its starting grant types and whether it is public, and which form fields it does not need.
 */
public enum ApplicationKind {
    AUTHORIZATION_CODE("authorization_code", "OAuth authorization code grant",
            "A web application that acts for its users: they log in here and allow it access.",
            List.of(Registry.AUTHORIZATION_CODE, Registry.REFRESH_TOKEN), false, Set.of("client_credentials_user")),
    CLIENT_CREDENTIALS("client_credentials", "Client credentials grant",
            "A service that calls the API as itself (as its client credentials user), with no person involved.",
            List.of(Registry.CLIENT_CREDENTIALS), false, Set.of("redirect_urls", "public_client", "login_url")),
    JWT_BEARER("jwt_bearer", "JWT bearer grant",
            "A service that presents a JWT signed with its own key to act as a user (RFC 7523).",
            List.of(Registry.JWT_BEARER), false, Set.of("redirect_urls", "public_client", "login_url", "client_credentials_user")),
    PUBLIC("public", "Public client (mobile or single-page app)",
            "An app that cannot keep a secret: no client secret, PKCE required.",
            List.of(Registry.AUTHORIZATION_CODE, Registry.REFRESH_TOKEN), true,
            Set.of("client_secret", "public_client", "client_credentials_user", "jwks", "jwks_url"));

    private final String id;
    private final String label;
    private final String description;
    private final List<String> grantTypes;
    private final boolean publicClient;
    private final Set<String> hiddenFields;

    ApplicationKind(String id, String label, String description, List<String> grantTypes, boolean publicClient, Set<String> hiddenFields) {
        this.id = id;
        this.label = label;
        this.description = description;
        this.grantTypes = grantTypes;
        this.publicClient = publicClient;
        this.hiddenFields = hiddenFields;
    }

    public String getId() { return id; }

    public String getLabel() { return label; }

    public String getDescription() { return description; }

    public List<String> grantTypes() { return grantTypes; }

    public boolean publicClient() { return publicClient; }

    /** Fields the {@code New} form of this kind leaves out (their defaults apply). */
    public Set<String> getHiddenFields() { return hiddenFields; }

    public static ApplicationKind byId(String id) {
        for (ApplicationKind k : values()) if (k.id.equals(id)) return k;
        return null;
    }

    /** The kind an existing application looks most like, for the list's type column. */
    public static ApplicationKind of(Application a) {
        if (a.publicClient) return PUBLIC;
        List<String> grants = RecordInput.split(a.grantTypes);
        if (grants.contains(Registry.AUTHORIZATION_CODE) || grants.contains(Registry.IMPLICIT)) return AUTHORIZATION_CODE;
        if (grants.contains(Registry.JWT_BEARER)) return JWT_BEARER;
        if (grants.contains(Registry.CLIENT_CREDENTIALS)) return CLIENT_CREDENTIALS;
        return AUTHORIZATION_CODE;
    }
}
