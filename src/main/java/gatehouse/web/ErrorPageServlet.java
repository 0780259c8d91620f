package gatehouse.web;

import gatehouse.store.DatabaseUnavailableException;
import gatehouse.store.UnstorableValue;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web application's one error page ({@code web.xml}'s default {@code error-page}): whatever failed (a
 * {@code sendError}, an exception out of a servlet, a JSP or Jersey), the answer is in the endpoint's own shape and
 * names no class, stack or server: {@code /api/…} ServiceNow's {@code {"error":{"message","detail"},"status":"failure"}},
 * the token, revocation and introspection endpoints and the metadata RFC 6749 §5.2 JSON, a plain HTML page elsewhere.
 * An exception from a value the database refused is {@code 400}; from a database out of reach {@code 503} with
 * {@code Retry-After}; any other is a {@code 500}
 * (logged with its stack, the one place that does). It answers every method: an error dispatch keeps the request's.
 */
public class ErrorPageServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());
    static final Set<String> OAUTH_JSON = Set.of("/oauth_token.do", "/oauth_revoke_token.do", "/oauth_introspect.do", "/oauth_userinfo.do",
            "/oauth_device.do", "/oauth_par.do");

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        if (res.isCommitted()) return;
        Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        if (req.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
            if (UnstorableValue.isCause(t)) {
                LOG.fine(() -> "request refused: the database refused one of its values (" + t + ")");
                status = 400;
            } else if (DatabaseUnavailableException.isCause(t)) {
                LOG.warning("request failed: the database is not available (" + t + ")");
                status = 503;
            } else {
                LOG.log(Level.SEVERE, "request failed", t);
                status = 500;
            }
        }
        if (status < 400) status = 500;
        String uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String u ? u : req.getRequestURI();
        String path = uri.startsWith(req.getContextPath()) ? uri.substring(req.getContextPath().length()) : uri;
        res.resetBuffer();
        res.setHeader("Cache-Control", "no-store");
        if (status == 503) res.setHeader("Retry-After", Integer.toString(DatabaseUnavailableException.RETRY_AFTER_SECONDS));
        if (path.startsWith("/api/")) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", apiMessage(status));
            error.put("detail", sentence(status));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("status", "failure");
            Json.write(res, status, body);
        } else if (OAUTH_JSON.contains(path) || path.startsWith("/.well-known/")) {
            Json.write(res, status, Map.of("error", oauthCode(status), "error_description", sentence(status)));
        } else {
            res.setStatus(status);
            res.setContentType("text/html;charset=UTF-8");
            res.getOutputStream().write(("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Gatehouse: error</title>"
                    + "<link rel=\"stylesheet\" href=\"" + req.getContextPath() + "/static/gatehouse.css\"></head>\n"
                    + "<body><main class=\"card\">\n<h1>Something went wrong</h1>\n<p>" + sentence(status) + "</p>\n"
                    + "<p><a href=\"" + req.getContextPath() + "/\">Gatehouse home</a></p>\n</main></body></html>\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String sentence(int status) {
        return switch (status) {
            case 404 -> "There is no page at this address.";
            case 405 -> "This address does not accept that method.";
            case 413 -> "The request is too large.";
            case 415 -> "This address does not accept that content type.";
            case 503 -> "The service is not available at the moment; try again shortly. Nothing was changed.";
            default -> status < 500 ? "The request is not valid." : "The request could not be completed. Nothing was changed.";
        };
    }

    private static String apiMessage(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 401 -> "User Not Authenticated";
            case 403 -> "User Not Authorized";
            case 404 -> "Requested URI does not represent any resource";
            case 405 -> "Method not allowed";
            case 413 -> "Request too large";
            case 415 -> "Unsupported media type";
            case 503 -> "Service Unavailable";
            default -> status < 500 ? "Invalid request" : "Internal error";
        };
    }

    /** RFC 6749 §5.2 / §4.1.2.1 codes. */
    private static String oauthCode(int status) {
        if (status == 503) return "temporarily_unavailable";
        if (status >= 500) return "server_error";
        return status == 401 ? "invalid_client" : "invalid_request";
    }
}
