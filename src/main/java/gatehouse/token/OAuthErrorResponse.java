package gatehouse.token;

import gatehouse.web.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place that turns an {@link OAuthError} into HTTP for the token, revocation and introspection
 * endpoints: RFC 6749 §5.2 JSON ({@code error}, {@code error_description}), never HTML or a stack trace.
 */
public final class OAuthErrorResponse {
    static final String BASIC_CHALLENGE = "Basic realm=\"Gatehouse\"";

    private OAuthErrorResponse() { }

    public static void write(HttpServletResponse res, OAuthError e) throws IOException {
        if (res.isCommitted()) return;
        noStore(res);
        // RFC 6749 §5.2: invalid_client is 401 with a challenge for the scheme the client may use (RFC 7235 §3.1).
        if (e.status == 401) res.setHeader("WWW-Authenticate", BASIC_CHALLENGE);
        if (e.retryAfter > 0) res.setHeader("Retry-After", Long.toString(e.retryAfter));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code);
        if (e.description() != null) body.put("error_description", e.description());
        Json.write(res, e.status, body);
    }

    /** RFC 6749 §5.1: token responses and errors must not be cached. */
    public static void noStore(HttpServletResponse res) {
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Pragma", "no-cache");
    }
}
