package gatehouse.token;

import gatehouse.metrics.Metrics;
import gatehouse.store.DatabaseUnavailableException;
import gatehouse.web.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place that turns an {@link OAuthError} into HTTP for the token, revocation, introspection, device
 * authorization and pushed authorization request endpoints: RFC 6749 §5.2 JSON ({@code error},
 * {@code error_description}), never HTML or a stack trace.
 */
public final class OAuthErrorResponse {
    static final String BASIC_CHALLENGE = "Basic realm=\"Gatehouse\"";

    private OAuthErrorResponse() { }

    /** What an endpoint's POST does; it may refuse with an {@link OAuthError} or fail to read the request body. */
    @FunctionalInterface
    public interface Answer {
        void write() throws IOException;
    }

    /**
     * Runs {@code answer}; a refusal, an unreadable body or an unexpected failure is written as RFC 6749 §5.2 JSON and
     * counted under {@code endpoint} ({@link Metrics#refused}); {@code what} names the request in the log.
     */
    public static void answer(Metrics metrics, HttpServletResponse res, String endpoint, Logger log, String what, Answer answer) throws IOException {
        try {
            answer.write();
        } catch (OAuthError e) {
            metrics.refused(endpoint, write(res, e).code);
        } catch (IOException e) {
            metrics.refused(endpoint, write(res, OAuthError.invalidRequest("The request body could not be read")).code);
        } catch (RuntimeException e) {
            metrics.refused(endpoint, unexpected(res, e, log, what).code);
        }
    }

    /** @return {@code e}, for the caller's metrics */
    public static OAuthError write(HttpServletResponse res, OAuthError e) throws IOException {
        if (res.isCommitted()) return e;
        noStore(res);
        // RFC 6749 §5.2: invalid_client is 401 with a challenge for the scheme the client may use (RFC 7235 §3.1).
        if (e.status == 401) res.setHeader("WWW-Authenticate", BASIC_CHALLENGE);
        if (e.dpopNonce != null) res.setHeader("DPoP-Nonce", e.dpopNonce);
        if (e.retryAfter > 0) res.setHeader("Retry-After", Long.toString(e.retryAfter));
        else if (e.status == 503) res.setHeader("Retry-After", Integer.toString(DatabaseUnavailableException.RETRY_AFTER_SECONDS));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code);
        if (e.description() != null) body.put("error_description", e.description());
        Json.write(res, e.status, body);
        return e;
    }

    /**
     * A request that failed unexpectedly: logged (one line when the database is out of reach, with the stack
     * otherwise) and answered by {@link OAuthError#unexpected}, which is returned.
     */
    public static OAuthError unexpected(HttpServletResponse res, RuntimeException e, Logger log, String what) throws IOException {
        OAuthError answer = OAuthError.unexpected(e);
        if (answer.status == 400) log.fine(() -> what + " refused: the database refused a value (" + e + ")");
        else if (answer.status == 503) log.warning(what + " failed: the database is not available (" + e + ")");
        else log.log(Level.SEVERE, what + " failed", e);
        return write(res, answer);
    }

    /** RFC 6749 §5.1: token responses and errors must not be cached. */
    public static void noStore(HttpServletResponse res) {
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Pragma", "no-cache");
    }
}
