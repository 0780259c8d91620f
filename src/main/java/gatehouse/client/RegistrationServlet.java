package gatehouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.Gatehouse;
import gatehouse.client.ClientRegistration.RegistrationError;
import gatehouse.web.ClientAddress;
import gatehouse.web.GatehouseServlet;
import gatehouse.web.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client registration endpoint (RFC 7591 §3) at {@code /oauth_register.do} and each client's configuration
 * endpoint (RFC 7592 §2) at {@code /oauth_register.do/{client_id}}. With {@code gatehouse.registration=off} both answer
 * {@code 404}, as if they did not exist. Answers are JSON, {@code Cache-Control: no-store}; errors are RFC 7591 §3.2.2
 * ({@code invalid_redirect_uri}, {@code invalid_client_metadata}, {@code invalid_software_statement}) or RFC 6750 §3
 * ({@code 401 invalid_token} with {@code WWW-Authenticate: Bearer}).
 */
@WebServlet(urlPatterns = {"/oauth_register.do", "/oauth_register.do/*"})
public class RegistrationServlet extends GatehouseServlet {
    static final int MAX_BODY = 64 * 1024;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        handle(req, res, (g, reg) -> {
            if (clientId(req) != null) return methodNotAllowed(req, res);
            ClientRegistration.Registered r = reg.register(body(req), bearer(req), ClientAddress.of(req).address(), base(g));
            res.setHeader("Location", (String) r.body().get("registration_client_uri"));
            return new Answer(201, r.body());
        });
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        handle(req, res, (g, reg) -> clientId(req) == null ? methodNotAllowed(req, res)
                : new Answer(200, reg.read(clientId(req), bearer(req), base(g))));
    }

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse res) throws IOException {
        handle(req, res, (g, reg) -> {
            if (clientId(req) == null) return methodNotAllowed(req, res);
            String token = bearer(req);
            reg.authorize(clientId(req), token);   // 401 before the body is even read
            return new Answer(200, reg.update(clientId(req), token, body(req), ClientAddress.of(req).address(), base(g)));
        });
    }

    @Override
    protected void doDelete(HttpServletRequest req, HttpServletResponse res) throws IOException {
        handle(req, res, (g, reg) -> {
            if (clientId(req) == null) return methodNotAllowed(req, res);
            reg.delete(clientId(req), bearer(req), ClientAddress.of(req).address());
            return new Answer(204, null);
        });
    }

    private record Answer(int status, Object body) { }

    private interface Work {
        Answer run(Gatehouse g, ClientRegistration reg) throws IOException;
    }

    private void handle(HttpServletRequest req, HttpServletResponse res, Work work) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Pragma", "no-cache");
        if (!g.registration.enabled()) {
            Json.write(res, 404, error("not_found", "Dynamic client registration is not enabled on this server"));
            return;
        }
        Answer a;
        try {
            a = work.run(g, g.registration);
        } catch (RegistrationError e) {
            if (e.status == 401) res.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + e.getMessage() + "\"");
            if (e.retryAfterSeconds > 0) res.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds));
            Json.write(res, e.status, error(e.error, e.getMessage()));
            return;
        }
        if (a == null) return;
        if (a.body() == null) res.setStatus(a.status());
        else Json.write(res, a.status(), a.body());
    }

    private Answer methodNotAllowed(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Allow", clientId(req) == null ? "POST, OPTIONS" : "GET, HEAD, PUT, DELETE, OPTIONS");
        Json.write(res, 405, error("invalid_request", "Use POST on /oauth_register.do and GET, PUT or DELETE on the registration_client_uri"));
        return null;
    }

    private static Map<String, Object> error(String code, String description) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", code);
        if (description != null) m.put("error_description", description);
        return m;
    }

    private static String base(Gatehouse g) {
        return g.issuer() + "/oauth_register.do";
    }

    /** The client_id of {@code /oauth_register.do/{client_id}}; null on the registration endpoint itself. */
    private static String clientId(HttpServletRequest req) {
        String p = req.getPathInfo();
        if (p == null || p.equals("/")) return null;
        return p.substring(1);
    }

    /** The bearer token of {@code Authorization} (RFC 6750 §2.1), or null. */
    static String bearer(HttpServletRequest req) {
        List<String> values = java.util.Collections.list(req.getHeaders("Authorization"));
        if (values.size() != 1) return null;
        String h = values.get(0);
        if (h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String t = h.substring(7).trim();
        return t.isEmpty() || t.length() > 500 ? null : t;
    }

    private static JsonNode body(HttpServletRequest req) throws IOException {
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))
            throw RegistrationError.metadata("The request must be a JSON object (Content-Type: application/json)");
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) throw RegistrationError.metadata("The request body is larger than " + MAX_BODY + " bytes");
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) throw RegistrationError.metadata("The request body must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw RegistrationError.metadata("The request body is not valid JSON");
        }
    }
}
