package gatehouse.keys;

import gatehouse.Gatehouse;
import gatehouse.web.Json;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /api/now/oauth/jwks}: the RFC 7517 JWK Set of the published signing keys (public parts only).
 * An exact servlet mapping, so it wins over Jersey's {@code /api/*} and needs no authentication. Caches may
 * keep it {@value #MAX_AGE} s: a new key is published at rotation and used for signing at once, so clients
 * that cache the set re-fetch it when they meet an unknown {@code kid}.
 */
@WebServlet("/api/now/oauth/jwks")
public class JwksServlet extends GatehouseServlet {
    static final int MAX_AGE = 300;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Cache-Control", "public, max-age=" + MAX_AGE);
        res.setHeader("Access-Control-Allow-Origin", "*");
        res.setContentType("application/jwk-set+json;charset=UTF-8");
        res.setStatus(200);
        res.getOutputStream().write(Json.MAPPER.writeValueAsBytes(Gatehouse.from(getServletContext()).signingKeys.jwks()));
    }
}
