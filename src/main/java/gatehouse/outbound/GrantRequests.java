package gatehouse.outbound;

import java.util.LinkedHashMap;
import java.util.Map;

/** The parameters of each grant Gatehouse asks a provider for, with the RFC section that defines them. */
final class GrantRequests {
    private GrantRequests() { }

    /** RFC 6749 §4.4.2. */
    static Map<String, String> clientCredentials(String scope) {
        return withScope(Map.of("grant_type", "client_credentials"), scope);
    }

    /** RFC 6749 §4.3.2: the user name and password are passed through, never kept. */
    static Map<String, String> password(String username, String password, String scope) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("grant_type", "password");
        m.put("username", username);
        m.put("password", password);
        return withScope(m, scope);
    }

    /** RFC 7523 §2.1. */
    static Map<String, String> jwtBearer(String assertion, String scope) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("grant_type", Providers.JWT_BEARER);
        m.put("assertion", assertion);
        return withScope(m, scope);
    }

    /** RFC 6749 §4.1.3, RFC 7636 §4.5. */
    static Map<String, String> authorizationCode(String code, String redirectUri, String codeVerifier) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("grant_type", "authorization_code");
        m.put("code", code);
        m.put("redirect_uri", redirectUri);
        if (codeVerifier != null) m.put("code_verifier", codeVerifier);
        return m;
    }

    /** RFC 6749 §6: without scope, the same scope as before. */
    static Map<String, String> refresh(String refreshToken) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("grant_type", "refresh_token");
        m.put("refresh_token", refreshToken);
        return m;
    }

    private static Map<String, String> withScope(Map<String, String> params, String scope) {
        Map<String, String> m = new LinkedHashMap<>(params);
        if (scope != null && !scope.isBlank()) m.put("scope", scope);
        return m;
    }
}
