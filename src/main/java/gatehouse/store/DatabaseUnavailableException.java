package gatehouse.store;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The database cannot be reached or used. At start-up it stops Gatehouse with its message; while serving,
 * {@link #isCause} tells a request that failed for that reason (answered {@code 503} with
 * {@code Retry-After: }{@value #RETRY_AFTER_SECONDS}, never a {@code 500}).
 */
public class DatabaseUnavailableException extends RuntimeException {
    /** What {@code Retry-After} says while the database does not answer (the same as {@code /health/ready}). */
    public static final int RETRY_AFTER_SECONDS = 5;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when {@code t} (or one of its causes, e.g. the SQLException inside EclipseLink's DatabaseException)
     * says the database is out of reach rather than that the request was wrong: SQLState class {@code 08}
     * (connection exception), {@code 53} (insufficient resources: too many connections), {@code 57P} (PostgreSQL:
     * shutting down, cannot connect now), or a refused or broken socket.
     */
    public static boolean isCause(Throwable t) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailableException || t instanceof SQLTransientConnectionException
                    || t instanceof ConnectException || t instanceof SocketException) return true;
            if (t instanceof SQLException e) {
                String state = e.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P"))) return true;
                if (e.getNextException() != null && isCause(e.getNextException())) return true;
            }
        }
        return false;
    }
}
