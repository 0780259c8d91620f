package gatehouse.token;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 6749 §5.1: a successful token response. {@code refreshToken} is null when none is issued; {@code idToken}
 * (OpenID Connect Core §3.1.3.3) only when the grant has the scope {@code openid}; {@code dpop}: the access token is
 * DPoP-bound ({@code token_type: DPoP}, RFC 9449 §5.1).
 */
public record TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken, String idToken, boolean dpop) {
    public TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken, String idToken) {
        this(accessToken, expiresIn, scope, refreshToken, idToken, false);
    }

    public TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken) {
        this(accessToken, expiresIn, scope, refreshToken, null, false);
    }

    /** The same response carrying {@code idToken} (null: none). */
    public TokenResponse withIdToken(String idToken) {
        return new TokenResponse(accessToken, expiresIn, scope, refreshToken, idToken, dpop);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", accessToken);
        m.put("token_type", dpop ? "DPoP" : "Bearer");
        m.put("expires_in", expiresIn);
        m.put("scope", scope);
        if (refreshToken != null) m.put("refresh_token", refreshToken);
        if (idToken != null) m.put("id_token", idToken);
        return m;
    }
}
