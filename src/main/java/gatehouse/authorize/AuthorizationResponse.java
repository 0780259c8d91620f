package gatehouse.authorize;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the redirect back to the client (RFC 6749 §4.1.2, §4.1.2.1): the parameters are added to the
 * redirect URI's query, keeping any query it was registered with (§3.1.2), and always carry {@code iss}
 * (RFC 9207 §2).
 */
public final class AuthorizationResponse {
    private AuthorizationResponse() { }

    /** {@code redirectUri?code=…&state=…&iss=…} (RFC 6749 §4.1.2). */
    public static String code(String redirectUri, String code, String state, String issuer) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("code", code);
        p.put("state", state);
        p.put("iss", issuer);
        return withQuery(redirectUri, p);
    }

    /** {@code redirectUri?error=…&error_description=…&state=…&iss=…} (RFC 6749 §4.1.2.1). */
    public static String error(String redirectUri, AuthorizationError e, String state, String issuer) {
        return error(redirectUri, e, state, issuer, false);
    }

    /** The same, in the fragment for the implicit grant (RFC 6749 §4.2.2.1). */
    public static String error(String redirectUri, AuthorizationError e, String state, String issuer, boolean fragment) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("error", e.error);
        p.put("error_description", e.description);
        p.put("state", state);
        p.put("iss", issuer);
        return fragment ? withFragment(redirectUri, p) : withQuery(redirectUri, p);
    }

    /**
     * The implicit grant's answer (RFC 6749 §4.2.2): {@code redirectUri#access_token=…&token_type=Bearer&expires_in=…
     * &scope=…&state=…&iss=…}, in the fragment so that it never reaches the client's server or its logs.
     */
    public static String token(String redirectUri, String accessToken, int expiresIn, String scope, String state, String issuer) {
        return implicit(redirectUri, accessToken, expiresIn, scope, null, state, issuer);
    }

    /** The same with an OpenID Connect {@code id_token} (Core §3.2.2.5); without {@code accessToken} (response_type=id_token) only the ID token. */
    public static String implicit(String redirectUri, String accessToken, int expiresIn, String scope, String idToken, String state, String issuer) {
        Map<String, String> p = new LinkedHashMap<>();
        if (accessToken != null) {
            p.put("access_token", accessToken);
            p.put("token_type", "Bearer");
            p.put("expires_in", String.valueOf(expiresIn));
            p.put("scope", scope);
        }
        p.put("id_token", idToken);
        p.put("state", state);
        p.put("iss", issuer);
        return withFragment(redirectUri, p);
    }

    static String withFragment(String uri, Map<String, String> params) {
        StringBuilder b = new StringBuilder(uri);
        char sep = '#';
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) continue;
            b.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            sep = '&';
        }
        return b.toString();
    }

    public static String withQuery(String uri, Map<String, String> params) {
        StringBuilder b = new StringBuilder(uri);
        boolean hasQuery = uri.indexOf('?') >= 0;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) continue;
            b.append(hasQuery ? '&' : '?');
            hasQuery = true;
            b.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
        }
        return b.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
