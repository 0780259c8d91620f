package gatehouse.record;

/** An encoded query ({@code sysparm_query}) that cannot be run: unknown field, operator or value. */
public class InvalidQueryException extends RuntimeException {
    public InvalidQueryException(String message) {
        super(message);
    }
}
