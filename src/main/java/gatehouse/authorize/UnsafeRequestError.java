package gatehouse.authorize;

/**
 * An error that must never be sent to a redirect URI, because the client or the redirect URI is not known
 * good (RFC 6749 §4.1.2.1, §10.15; RFC 9700 §4.1): shown to the person as a 400 HTML page instead.
 */
public final class UnsafeRequestError extends RuntimeException {
    public static final String MISSING_STATE = "Missing State parameter in request";

    public UnsafeRequestError(String message) {
        super(message);
    }
}
