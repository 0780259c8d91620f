package gatehouse.web;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The base of Gatehouse's servlets: a method the servlet does not implement ({@code PATCH}, {@code TRACE}, {@code PUT},
 * a made-up one) is {@code 405} with {@code Allow} (RFC 9110 §15.5.6), never {@code HttpServlet}'s {@code 501};
 * {@code OPTIONS} is {@code 204} with {@code Allow}. The methods are the {@code doGet}/{@code doPost}/{@code doPut}/
 * {@code doDelete} the subclass overrides ({@code GET} brings {@code HEAD}). The 405's body is the error page's
 * ({@link ErrorPageServlet}: the endpoint's own error shape).
 */
public abstract class GatehouseServlet extends HttpServlet {
    private static final Map<String, String> HANDLERS = Map.of("doGet", "GET", "doPost", "POST", "doPut", "PUT", "doDelete", "DELETE");
    private String allow;

    /** Finds the methods before the subclass's own {@code init()} runs (which need not call this class's). */
    @Override
    public void init(ServletConfig config) throws ServletException {
        Set<String> methods = new LinkedHashSet<>();
        for (Class<?> c = getClass(); c != GatehouseServlet.class; c = c.getSuperclass())
            for (Method m : c.getDeclaredMethods()) {
                String method = HANDLERS.get(m.getName());
                if (method != null) methods.add(method);
            }
        if (methods.contains("GET")) methods.add("HEAD");
        methods.add("OPTIONS");
        allow = String.join(", ", methods);
        super.init(config);
    }

    /** The value of {@code Allow} for this servlet. */
    protected final String allow() { return allow; }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        String method = req.getMethod();
        if (method.equals("OPTIONS")) {
            res.setHeader("Allow", allow);
            res.setStatus(204);
        } else if (!(", " + allow + ",").contains(", " + method + ",") || method.equals("TRACE")) {
            res.setHeader("Allow", allow);
            res.sendError(405);
        } else {
            super.service(req, res);
        }
    }
}
