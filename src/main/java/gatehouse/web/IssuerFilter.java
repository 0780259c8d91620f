package gatehouse.web;

import gatehouse.Gatehouse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Gives each request its issuer ({@link Issuer}) before anything else runs (declared first in {@code web.xml}).
 * Without {@code gatehouse.issuer}, a request that may not derive one (not from and to this machine's loopback) is
 * refused with {@code 421 Misdirected Request} (RFC 9110 §15.5.20) and a message naming the setting, in the
 * endpoint's own error shape; {@code /health} and the static files are still served (load balancers' probes).
 */
public class IssuerFilter extends HttpFilter {
    private static final Logger LOG = Logger.getLogger(IssuerFilter.class.getName());
    static final String MESSAGE = "This Gatehouse has no gatehouse.issuer setting, so it serves only requests from and to "
            + "this machine's loopback (localhost). Set gatehouse.issuer to its public URL, e.g. https://auth.example.com";
    /** Only so that the log says it once per node, not once per request. */
    private final AtomicBoolean logged = new AtomicBoolean();

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        Object attribute = req.getServletContext().getAttribute(Gatehouse.class.getName());
        if (!(attribute instanceof Gatehouse g) || g.issuerRule().isConfigured()) {
            chain.doFilter(req, res);
            return;
        }
        // the loopback rule looks at the real client (a trusted proxy's X-Forwarded-For), the scheme at what it used
        ClientAddress.Client client = ClientAddress.of(req);
        String derived = Issuer.derive(client.address(), client.scheme(), req.getServerName(), port(req, client), req.getContextPath());
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (derived == null && !path.equals("/health") && !path.startsWith("/health/") && !path.startsWith("/static/")) {
            if (logged.compareAndSet(false, true))
                LOG.warning("gatehouse.issuer is not set: requests not from and to this machine's loopback are refused (421). "
                        + "Set gatehouse.issuer to this server's public URL.");
            refuse(path, res);
            return;
        }
        res.addHeader("Vary", "Host");
        try {
            g.issuerRule().during(derived, () -> {
                chain.doFilter(req, res);
                return null;
            });
        } catch (IOException | ServletException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ServletException(e);
        }
    }

    /**
     * The port the client addressed: the container's, unless a trusted proxy changed the scheme and the Host header names
     * no port (the container would then give the default port of its own connection's scheme).
     */
    private static int port(HttpServletRequest req, ClientAddress.Client client) {
        if (client.scheme().equals(req.getScheme())) return req.getServerPort();
        String host = req.getHeader("Host");
        if (host != null && host.lastIndexOf(':') > host.lastIndexOf(']')) return req.getServerPort();
        return client.secure() ? 443 : 80;
    }

    private static void refuse(String path, HttpServletResponse res) throws IOException {
        res.setHeader("Cache-Control", "no-store");
        if (path.startsWith("/api/")) {
            Json.write(res, 421, Map.of("error", Map.of("message", "Misdirected request", "detail", MESSAGE), "status", "failure"));
        } else if (path.startsWith("/.well-known/") || path.equals("/oauth_token.do") || path.equals("/oauth_revoke_token.do")
                || path.equals("/oauth_introspect.do") || path.equals("/oauth_par.do")) {
            Json.write(res, 421, Map.of("error", "invalid_request", "error_description", MESSAGE));
        } else {
            res.setStatus(421);
            res.setContentType("text/html;charset=UTF-8");
            res.getOutputStream().write(("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Gatehouse: not configured</title></head>"
                    + "<body><main><h1>Gatehouse is not configured for this address</h1><p>" + MESSAGE + ".</p></main></body></html>\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
