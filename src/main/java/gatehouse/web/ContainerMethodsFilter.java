package gatehouse.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * What {@link GatehouseServlet} does for Gatehouse's servlets, for the container's own: its default servlet (the
 * static files, the home page) and its JSP servlet answer a method they do not know with {@code 501}; here it is
 * {@code 405} with {@code Allow}. Both are called {@code default} and {@code jsp} on Tomcat and on Payara.
 */
public class ContainerMethodsFilter extends HttpFilter {
    static final Set<String> SERVLETS = Set.of("default", "jsp");
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "OPTIONS");
    static final String ALLOW = "GET, HEAD, POST, OPTIONS";

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!METHODS.contains(req.getMethod()) && SERVLETS.contains(req.getHttpServletMapping().getServletName())) {
            res.setHeader("Allow", ALLOW);
            res.sendError(405);
            return;
        }
        chain.doFilter(req, res);
    }
}
