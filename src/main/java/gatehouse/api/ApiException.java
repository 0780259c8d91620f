package gatehouse.api;

/** An API refusal with its HTTP status, rendered as {@code {"error":{"message","detail"},"status":"failure"}}. */
public class ApiException extends RuntimeException {
    public final int status;
    public final String detail;
    /** A WWW-Authenticate value for 401/403, or null. */
    public final String authenticate;
    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public final long retryAfter;
    /** A nonce for a {@code DPoP-Nonce} header (RFC 9449 §9), or null. */
    public final String dpopNonce;

    public ApiException(int status, String message, String detail) {
        this(status, message, detail, null);
    }

    public ApiException(int status, String message, String detail, String authenticate) {
        this(status, message, detail, authenticate, 0);
    }

    public ApiException(int status, String message, String detail, String authenticate, long retryAfter) {
        this(status, message, detail, authenticate, retryAfter, null);
    }

    public ApiException(int status, String message, String detail, String authenticate, long retryAfter, String dpopNonce) {
        super(message);
        this.dpopNonce = dpopNonce;
        this.status = status;
        this.detail = detail;
        this.authenticate = authenticate;
        this.retryAfter = retryAfter;
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "User Not Authorized", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Invalid request", detail);
    }
}
