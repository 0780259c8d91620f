package gatehouse.web;

import gatehouse.Gatehouse;
import gatehouse.keys.SigningKeys;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health for load balancers and orchestrators. {@code /health}: 200 when the database answers, 503 when it does not.
 * {@code /health/live}: 200 while the process serves requests (it reads nothing). {@code /health/ready}: 200 when this
 * node can serve: the database answers, its schema is at the version this build expects, and the signing keys load;
 * else 503 with {@code Retry-After}.
 */
@WebServlet({"/health", "/health/live", "/health/ready"})
public class HealthServlet extends GatehouseServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setHeader("Cache-Control", "no-store");
        String path = req.getServletPath();
        if (path.equals("/health/live")) {
            Json.write(res, 200, Map.of("status", "UP"));
            return;
        }
        Gatehouse g = Gatehouse.from(getServletContext());
        Map<String, Object> body = new LinkedHashMap<>();
        String probe = g.db.probe();
        boolean up = probe != null;
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", up ? Map.of("status", "UP", "detail", probe) : Map.of("status", "DOWN"));
        if (path.equals("/health/ready")) {
            int[] versions = up ? g.db.schemaVersions() : null;
            boolean schema = versions != null && versions[0] == versions[1] && versions[2] == 0;
            body.put("schema", versions == null ? Map.of("status", "DOWN")
                    : Map.of("status", schema ? "UP" : "DOWN", "version", versions[0], "expected", versions[1]));
            boolean keys = up && keysLoad(g.signingKeys);
            body.put("signing_keys", Map.of("status", keys ? "UP" : "DOWN"));
            up = up && schema && keys;
            body.put("status", up ? "UP" : "DOWN");
        }
        if (!up) res.setHeader("Retry-After", "5");
        Json.write(res, up ? 200 : 503, body);
    }

    private static boolean keysLoad(SigningKeys keys) {
        try {
            for (String alg : SigningKeys.ALGORITHMS) keys.active(alg);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
