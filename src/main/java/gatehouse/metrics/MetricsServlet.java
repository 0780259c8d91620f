package gatehouse.metrics;

import gatehouse.Gatehouse;
import gatehouse.keys.Secrets;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code /metrics}: the node's meters in Prometheus' text format, for a scraper that sends
 * {@code Authorization: Bearer <gatehouse.metrics.token>}. Without that setting the endpoint does not exist (404);
 * a missing or wrong token gets 401 with a Bearer challenge. The token is compared by its hash in constant time.
 */
@WebServlet("/metrics")
public class MetricsServlet extends GatehouseServlet {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        res.setHeader("Cache-Control", "no-store");
        String expected = g.settings.get("gatehouse.metrics.token").orElse(null);
        if (expected == null) {
            res.sendError(404);
            return;
        }
        if (!matches(req.getHeader("Authorization"), expected)) {
            res.setHeader("WWW-Authenticate", "Bearer realm=\"Gatehouse metrics\"");
            res.setStatus(401);
            res.setContentType("text/plain;charset=UTF-8");
            res.getWriter().write("401: send Authorization: Bearer with the value of gatehouse.metrics.token\n");
            return;
        }
        res.setContentType(CONTENT_TYPE);
        res.getOutputStream().write(g.metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    static boolean matches(String authorization, String expected) {
        if (authorization == null || authorization.length() > 1000 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
        byte[] given = Secrets.sha256(authorization.substring(7).trim()).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, Secrets.sha256(expected).getBytes(StandardCharsets.US_ASCII));
    }
}
