package gatehouse.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import gatehouse.record.InvalidQueryException;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.DatabaseUnavailableException;
import gatehouse.store.UnstorableValue;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place that turns an API failure into ServiceNow's error shape; never a stack trace. */
@Provider
public class ApiErrors implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());
    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("error=\"([a-z_]{1,40})\"");

    @jakarta.ws.rs.core.Context private jakarta.servlet.ServletContext servletContext;

    @Override
    public Response toResponse(Throwable t) {
        if (t instanceof ApiException e) {
            String code = refusalCode(e);
            if (code != null && servletContext != null && servletContext.getAttribute(gatehouse.Gatehouse.class.getName()) instanceof gatehouse.Gatehouse g)
                g.metrics.refused("api", code);
            Response.ResponseBuilder b = body(e.status, e.getMessage(), e.detail);
            if (e.authenticate != null) b.header("WWW-Authenticate", e.authenticate);
            if (e.retryAfter > 0) b.header("Retry-After", e.retryAfter);
            if (e.dpopNonce != null) b.header("DPoP-Nonce", e.dpopNonce);
            return b.build();
        }
        if (t instanceof InvalidRecordException e) return body(400, "Invalid field value", e.getMessage()).build();
        if (t instanceof InvalidQueryException e) return body(400, "Invalid sysparm_query", e.getMessage()).build();
        if (t instanceof RecordNotFoundException e) return body(404, "No Record found", e.getMessage()).build();
        if (t instanceof JsonProcessingException) return body(400, "Invalid JSON", "The request body is not valid JSON").build();
        if (t instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            String message = switch (status) {
                case 404 -> "Requested URI does not represent any resource";
                case 405 -> "Method not allowed";
                case 406 -> "Not acceptable";
                case 415 -> "Unsupported media type";
                default -> e.getResponse().getStatusInfo().getReasonPhrase();
            };
            Response.ResponseBuilder b = body(status, message, null);
            if (status == 405 && e.getResponse().getHeaderString("Allow") != null) b.header("Allow", e.getResponse().getHeaderString("Allow"));
            return b.build();
        }
        if (t instanceof jakarta.persistence.OptimisticLockException || t instanceof jakarta.persistence.RollbackException
                && t.getCause() instanceof jakarta.persistence.OptimisticLockException)
            return body(409, "Conflict", "The record was changed by someone else; read it again").build();
        if (UnstorableValue.isCause(t))
            return body(400, "Invalid request", "A parameter or field holds a value that cannot be stored or searched for").build();
        if (DatabaseUnavailableException.isCause(t)) {
            LOG.warning("API request failed: the database is not available (" + t + ")");
            return body(503, "Service Unavailable", "The database is not available; try again shortly. Nothing was changed")
                    .header("Retry-After", DatabaseUnavailableException.RETRY_AFTER_SECONDS).build();
        }
        LOG.log(Level.SEVERE, "API request failed", t);
        return body(500, "Internal error", "The request could not be completed; nothing was changed").build();
    }

    /**
     * The OAuth error code of a refusal, for the metrics: the challenge's {@code error} (RFC 6750 §3.1 {@code invalid_token},
     * {@code insufficient_scope}; RFC 9449 §7.1 {@code invalid_dpop_proof}, {@code use_dpop_nonce}), or {@code too_many_requests}
     * for a 429; null for the rest (no credentials, a wrong Basic password: counted as a failed log-in, an ACL's 403).
     */
    static String refusalCode(ApiException e) {
        if (e.status == 429) return "too_many_requests";
        if (e.authenticate == null) return null;
        java.util.regex.Matcher m = ERROR_CODE.matcher(e.authenticate);
        return m.find() ? m.group(1) : null;
    }

    static Response.ResponseBuilder body(int status, String message, String detail) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("detail", detail);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("status", "failure");
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).header("Cache-Control", "no-store");
    }
}
