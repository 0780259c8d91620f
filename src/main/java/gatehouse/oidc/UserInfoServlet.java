package gatehouse.oidc;

import gatehouse.Gatehouse;
import gatehouse.web.Json;
import gatehouse.web.Requests;
import jakarta.servlet.annotation.WebServlet;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /oauth_userinfo.do} (OpenID Connect Core §5.3), GET and POST: the bearer token in the
 * {@code Authorization} header (RFC 6750 §2.1) or, on POST, as the form field {@code access_token} (§2.2).
 * HTTP in, HTTP out: the logic is {@link UserInfo}; errors carry {@code WWW-Authenticate} (§3).
 */
@WebServlet("/oauth_userinfo.do")
public class UserInfoServlet extends GatehouseServlet {
    private static final String REALM = "Bearer realm=\"Gatehouse\"";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        answer(req, res, false);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        answer(req, res, true);
    }

    private void answer(HttpServletRequest req, HttpServletResponse res, boolean post) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Pragma", "no-cache");
        try {
            Json.write(res, 200, g.userInfo.claims(token(req, post)));
        } catch (UserInfo.BearerError e) {
            if (e.code != null) g.metrics.refused("userinfo", e.code);     // as on the API: no code, no credentials, not counted
            StringBuilder challenge = new StringBuilder(REALM);
            if (e.code != null) {
                challenge.append(", error=\"").append(e.code).append("\", error_description=\"").append(e.description).append('"');
                if (e.status == 403) challenge.append(", scope=\"").append(Scopes.OPENID).append('"');
            }
            res.setHeader("WWW-Authenticate", challenge.toString());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.code == null ? "invalid_request" : e.code);
            body.put("error_description", e.description);
            Json.write(res, e.status, body);
        }
    }

    /** The token of this request (null: none); a token in the URL, or two of them, is an error. */
    private static String token(HttpServletRequest req, boolean post) {
        if (req.getQueryString() != null && req.getQueryString().contains("access_token=")) throw UserInfo.tokenInQuery();
        String header = req.getHeader("Authorization");
        String fromHeader = null;
        if (header != null && !header.isBlank()) {
            String[] parts = header.trim().split("\\s+", 2);
            if (!parts[0].equalsIgnoreCase("Bearer") || parts.length < 2)
                throw new UserInfo.BearerError(401, "invalid_token", "Use the Bearer scheme");
            fromHeader = parts[1].trim();
        }
        String fromBody = null;
        String type = req.getContentType();
        if (post && type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            try {
                fromBody = Requests.single(req, "access_token");
            } catch (Requests.DuplicateParameterException e) {
                throw UserInfo.twoMethods();
            }
        }
        if (fromHeader != null && fromBody != null) throw UserInfo.twoMethods();
        String token = fromHeader != null ? fromHeader : fromBody;
        return token == null || token.isEmpty() ? null : token;
    }
}
