package gatehouse.web;

import gatehouse.Gatehouse;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: 200 when the database answers, 503 when it does not. */
@WebServlet("/health")
public class HealthServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        String probe = g.db.probe();
        boolean up = probe != null;
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("status", up ? "UP" : "DOWN");
        if (up) db.put("detail", probe);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", db);
        res.setHeader("Cache-Control", "no-store");
        Json.write(res, up ? 200 : 503, body);
    }
}
