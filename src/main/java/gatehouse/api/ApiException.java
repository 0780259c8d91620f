package gatehouse.api;

/** An API refusal with its HTTP status, rendered as {@code {"error":{"message","detail"},"status":"failure"}}. */
public class ApiException extends RuntimeException {
    public final int status;
    public final String detail;
    /** A WWW-Authenticate value for 401/403, or null. */
    public final String authenticate;

    public ApiException(int status, String message, String detail) {
        this(status, message, detail, null);
    }

    public ApiException(int status, String message, String detail, String authenticate) {
        super(message);
        this.status = status;
        this.detail = detail;
        this.authenticate = authenticate;
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "User Not Authorized", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Invalid request", detail);
    }
}
