package gatehouse.metrics;

import gatehouse.Gatehouse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Times the requests operators care about ({@code gatehouse_http_requests_seconds}, by endpoint, method and status
 * class). The endpoint label is the servlet's fixed name, never the path a caller sent.
 */
@WebFilter(urlPatterns = {"/oauth_token.do", "/oauth_auth.do", "/oauth_revoke_token.do", "/oauth_introspect.do", "/oauth_userinfo.do",
        "/oauth_par.do", "/login.do", "/api/*"}, asyncSupported = true)
public class RequestMetricsFilter extends HttpFilter {
    private static final Map<String, String> ENDPOINTS = Map.of("/oauth_token.do", "token", "/oauth_auth.do", "authorize",
            "/oauth_revoke_token.do", "revoke", "/oauth_introspect.do", "introspect", "/oauth_userinfo.do", "userinfo",
            "/oauth_par.do", "par", "/login.do", "login");

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(req, res);
        } finally {
            Object g = getServletContext().getAttribute(Gatehouse.class.getName());
            if (g instanceof Gatehouse gatehouse)
                gatehouse.metrics.request(ENDPOINTS.getOrDefault(req.getServletPath(), "api"), req.getMethod(), res.getStatus(), System.nanoTime() - start);
        }
    }
}
