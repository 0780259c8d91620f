package gatehouse.token;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 6749 §5.1: a successful token response. {@code refreshToken} is null when none is issued; {@code idToken}
 * (OpenID Connect Core §3.1.3.3) only when the grant has the scope {@code openid}; {@code dpop}: the access token is
 * DPoP-bound ({@code token_type: DPoP}, RFC 9449 §5.1); {@code issuedTokenType}: RFC 8693 §2.2.1, token exchange only (else null).
 */
public record TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken, String idToken, boolean dpop,
                            String issuedTokenType) {
    public TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken, String idToken, boolean dpop) {
        this(accessToken, expiresIn, scope, refreshToken, idToken, dpop, null);
    }

    public TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken, String idToken) {
        this(accessToken, expiresIn, scope, refreshToken, idToken, false);
    }

    public TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken) {
        this(accessToken, expiresIn, scope, refreshToken, null, false);
    }

    /** The same response carrying {@code idToken} (null: none). */
    public TokenResponse withIdToken(String idToken) {
        return new TokenResponse(accessToken, expiresIn, scope, refreshToken, idToken, dpop, issuedTokenType);
    }

    /** The same response naming the type of the token issued (RFC 8693 §2.2.1 issued_token_type). */
    public TokenResponse withIssuedTokenType(String type) {
        return new TokenResponse(accessToken, expiresIn, scope, refreshToken, idToken, dpop, type);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", accessToken);
        if (issuedTokenType != null) m.put("issued_token_type", issuedTokenType);
        m.put("token_type", dpop ? "DPoP" : "Bearer");
        m.put("expires_in", expiresIn);
        m.put("scope", scope);
        if (refreshToken != null) m.put("refresh_token", refreshToken);
        if (idToken != null) m.put("id_token", idToken);
        return m;
    }
}
