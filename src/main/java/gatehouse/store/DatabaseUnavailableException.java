package gatehouse.store;

/** The database cannot be reached or used; start-up stops with this message. */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
