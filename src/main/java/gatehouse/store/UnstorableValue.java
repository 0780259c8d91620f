package gatehouse.store;

import java.sql.SQLException;

/**
 * Whether a failure is the database refusing a value the request carried: SQLState class {@code 22} (data exception:
 * a NUL character, which PostgreSQL cannot store or compare, a string longer than its column, a number out of range).
 * That is the request's fault, answered as a {@code 400}, never a {@code 500}; the transaction was rolled back.
 */
public final class UnstorableValue {
    private UnstorableValue() { }

    public static boolean isCause(Throwable t) {
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null && e.getSQLState().startsWith("22")) return true;
        }
        return false;
    }
}
