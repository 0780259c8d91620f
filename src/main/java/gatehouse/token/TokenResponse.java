package gatehouse.token;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 6749 §5.1: a successful token response. {@code refreshToken} is null when none is issued. */
public record TokenResponse(String accessToken, long expiresIn, String scope, String refreshToken) {
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", accessToken);
        m.put("token_type", "Bearer");
        m.put("expires_in", expiresIn);
        m.put("scope", scope);
        if (refreshToken != null) m.put("refresh_token", refreshToken);
        return m;
    }
}
