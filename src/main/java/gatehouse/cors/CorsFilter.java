package gatehouse.cors;

import gatehouse.client.Origins;
import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.Gatehouse;
import gatehouse.record.RecordInput;
import gatehouse.store.CorsRule;
import gatehouse.token.FormParameters;
import gatehouse.token.OAuthError;
import gatehouse.web.Json;
import gatehouse.web.LoginSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cross-origin resource sharing for browser apps (Fetch standard, "CORS protocol"; CONTRACT "Browser apps (CORS)").
 * Declared in {@code web.xml} right after the issuer filter, so a preflight is answered before any authentication.
 * Which paths get which CORS: {@link CorsResource}. Never {@code Access-Control-Allow-Credentials}: a browser
 * then neither sends cookies with such a call nor lets a page read an answer to one that did.
 * <ul>
 * <li>OAuth endpoints: an actual request's origin must be one of the calling client's ({@link ApplicationOrigins}):
 * the client_id of the request decides (Basic credentials, {@code client_id}, the {@code sub} of a client
 * assertion, or the client a bearer token was issued to). A preflight names no client, so it is answered for any
 * origin some active application registered; the actual request is then checked against its own client.</li>
 * <li>Table and Attachment APIs: the closest active CORS rule ({@link CorsRules}) decides the methods and headers.
 * A cross-origin call authenticated by Basic or by the session cookie is refused (403).</li>
 * </ul>
 * A request without {@code Origin}, or from this server's own origin, passes untouched (but for {@code Vary}).
 */
public class CorsFilter extends HttpFilter {
    static final String OAUTH_ALLOWED_HEADERS = "Authorization, Content-Type, Accept, DPoP";
    static final String OAUTH_EXPOSED_HEADERS = "WWW-Authenticate, DPoP-Nonce";
    static final int OAUTH_MAX_AGE = 600;
    /** The token endpoint's form limit (FormParameters); a larger body is passed on unread. */
    private static final int MAX_FORM = 64 * 1024;

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        CorsResource resource = CorsResource.of(path);
        String originHeader = req.getHeader("Origin");
        Object attribute = req.getServletContext().getAttribute(Gatehouse.class.getName());
        if (originHeader == null || !(attribute instanceof Gatehouse g)) {
            if (resource != null && resource.kind() != CorsResource.Kind.PUBLIC) res.addHeader("Vary", "Origin");
            chain.doFilter(req, res);
            return;
        }
        String origin = Origins.parse(originHeader);
        if (origin != null && origin.equals(Origins.of(g.issuer()))) {   // same origin: not CORS
            if (resource != null && resource.kind() != CorsResource.Kind.PUBLIC) res.addHeader("Vary", "Origin");
            chain.doFilter(req, res);
            return;
        }
        boolean preflight = "OPTIONS".equals(req.getMethod()) && req.getHeader("Access-Control-Request-Method") != null;
        if (!preflight && path.startsWith("/api/") && ambientlyAuthenticated(req)) {
            res.addHeader("Vary", "Origin");
            refuseApi(res, "Cross-origin request refused",
                    "A call from another origin must authenticate with a bearer token, never with Basic credentials or a session cookie");
            return;
        }
        if (resource == null) {
            chain.doFilter(req, res);
            return;
        }
        switch (resource.kind()) {
            case PUBLIC -> publicDocument(req, res, chain, preflight);
            case OAUTH -> oauth(g, resource, origin, req, res, chain, preflight);
            case REST_API -> restApi(g, resource, origin, req, res, chain, preflight);
        }
    }

    private static void publicDocument(HttpServletRequest req, HttpServletResponse res, FilterChain chain, boolean preflight)
            throws IOException, ServletException {
        if (!preflight) {
            chain.doFilter(req, res);   // the servlets answer Access-Control-Allow-Origin: *
            return;
        }
        res.setHeader("Access-Control-Allow-Origin", "*");
        res.setHeader("Access-Control-Allow-Methods", "GET, HEAD");
        res.setHeader("Access-Control-Max-Age", String.valueOf(OAUTH_MAX_AGE));
        res.setStatus(204);
    }

    private static void oauth(Gatehouse g, CorsResource resource, String origin, HttpServletRequest req, HttpServletResponse res,
                              FilterChain chain, boolean preflight) throws IOException, ServletException {
        res.addHeader("Vary", "Origin");
        if (preflight) {
            res.addHeader("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers");
            boolean allowed = origin != null && resource.methods().contains(req.getHeader("Access-Control-Request-Method"))
                    && within(requestedHeaders(req), List.of(OAUTH_ALLOWED_HEADERS.split(", "))) && g.applicationOrigins.anyAllows(origin);
            if (!allowed) {
                res.setHeader("Cache-Control", "no-store");
                Json.write(res, 403, Map.of("error", "invalid_request", "error_description", "This origin, method or header is not allowed "
                        + "from a browser here: register the origin as a redirect URL or allowed origin of the application"));
                return;
            }
            res.setHeader("Access-Control-Allow-Origin", origin);
            res.setHeader("Access-Control-Allow-Methods", String.join(", ", resource.methods()));
            res.setHeader("Access-Control-Allow-Headers", OAUTH_ALLOWED_HEADERS);
            res.setHeader("Access-Control-Max-Age", String.valueOf(OAUTH_MAX_AGE));
            res.setStatus(204);
            return;
        }
        HttpServletRequest forward = req;
        String clientId;
        if (resource.bearer()) {
            clientId = bearerClient(g, req.getHeader("Authorization"));
        } else {
            BufferedBody body = BufferedBody.of(req, MAX_FORM);
            forward = body.request();
            clientId = claimedClient(req.getHeader("Authorization"), body.form(req));
        }
        if (origin != null && g.applicationOrigins.allows(clientId, origin)) {
            res.setHeader("Access-Control-Allow-Origin", origin);
            res.setHeader("Access-Control-Expose-Headers", OAUTH_EXPOSED_HEADERS);
        }
        chain.doFilter(forward, res);
    }

    private static void restApi(Gatehouse g, CorsResource resource, String origin, HttpServletRequest req, HttpServletResponse res,
                                FilterChain chain, boolean preflight) throws IOException, ServletException {
        res.addHeader("Vary", "Origin");
        CorsRule rule = origin == null ? null : g.corsRules.match(resource.restApi(), origin);
        if (preflight) {
            res.addHeader("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers");
            List<String> methods = rule == null ? List.of() : RecordInput.split(rule.httpMethods);
            List<String> allowedHeaders = rule == null ? List.of() : RecordInput.split(rule.allowedHeaders);
            if (rule == null || !methods.contains(req.getHeader("Access-Control-Request-Method"))
                    || !within(requestedHeaders(req), allowedHeaders)) {
                res.setHeader("Cache-Control", "no-store");
                refuseApi(res, "CORS request refused", "No active CORS rule of the " + CorsRules.apiLabel(resource.restApi())
                        + " allows this origin with this method and these headers");
                return;
            }
            res.setHeader("Access-Control-Allow-Origin", origin);
            res.setHeader("Access-Control-Allow-Methods", String.join(", ", methods));
            if (!allowedHeaders.isEmpty()) res.setHeader("Access-Control-Allow-Headers", String.join(", ", allowedHeaders));
            res.setHeader("Access-Control-Max-Age", String.valueOf(rule.maxAge));
            res.setStatus(204);
            return;
        }
        if (rule != null && RecordInput.split(rule.httpMethods).contains(req.getMethod())) {
            res.setHeader("Access-Control-Allow-Origin", origin);
            List<String> exposed = RecordInput.split(rule.exposedHeaders);
            if (!exposed.isEmpty()) res.setHeader("Access-Control-Expose-Headers", String.join(", ", exposed));
        }
        chain.doFilter(req, res);
    }

    /** Authenticated by what a browser adds by itself or a page may send without a token: Basic, or the session cookie. */
    private static boolean ambientlyAuthenticated(HttpServletRequest req) {
        String authorization = req.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic", 0, 5)) return true;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        Cookie[] cookies = req.getCookies();
        if (cookies != null) for (Cookie c : cookies) if (LoginSessions.COOKIE.equals(c.getName())) return true;
        return false;
    }

    private static List<String> requestedHeaders(HttpServletRequest req) {
        String h = req.getHeader("Access-Control-Request-Headers");
        List<String> out = new ArrayList<>();
        if (h != null) for (String s : h.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** Whether every requested header is among the allowed ones (header names ignore case). */
    static boolean within(List<String> requested, List<String> allowed) {
        List<String> lower = allowed.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        for (String r : requested) if (!lower.contains(r.toLowerCase(Locale.ROOT))) return false;
        return true;
    }

    /**
     * The client a token, revocation or introspection request claims to be (RFC 6749 §2.3.1 Basic, {@code client_id},
     * or the {@code sub} of an RFC 7523 client assertion), or null. Only picks whose origins apply: the servlet still
     * authenticates the client, and a request whose claim is false fails there.
     */
    static String claimedClient(String authorization, FormParameters form) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon <= 0 ? null : URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (form == null) return null;
        if (form.get("client_id") != null) return form.get("client_id");
        String assertion = form.get("client_assertion");
        if (assertion == null) return null;
        String[] parts = assertion.split("\\.");
        if (parts.length != 3) return null;
        try {
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("sub").isTextual() ? claims.get("sub").asText() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The client a valid bearer token was issued to, or null. */
    private static String bearerClient(Gatehouse g, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return g.accessTokens.validate(authorization.substring(7).trim()).map(v -> v.clientId()).orElse(null);
    }

    private static void refuseApi(HttpServletResponse res, String message, String detail) throws IOException {
        Json.write(res, 403, Map.of("error", Map.of("message", message, "detail", detail), "status", "failure"));
    }

    /** A POSTed form read ahead (at most {@code limit} bytes), for the servlet to read again. */
    record BufferedBody(byte[] bytes, boolean whole, HttpServletRequest request) {
        static BufferedBody of(HttpServletRequest req, int limit) throws IOException {
            if (!"POST".equals(req.getMethod())) return new BufferedBody(new byte[0], false, req);
            byte[] bytes = req.getInputStream().readNBytes(limit + 1);
            return new BufferedBody(bytes, bytes.length <= limit, new ReplayedBodyRequest(req, bytes));
        }

        FormParameters form(HttpServletRequest req) {
            if (!whole) return null;
            try {
                return FormParameters.read("POST", req.getContentType(), bytes.length, new ByteArrayInputStream(bytes), null);
            } catch (OAuthError | IOException e) {
                return null;
            }
        }
    }
}
