package gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which failures {@link Database#txRetryingConflicts} runs again: conflicts with a concurrent transaction only. */
class DatabaseConflictTest {
    @Test
    void deadlocksSerializationFailuresAndDuplicateKeysAreConflicts() {
        assertTrue(Database.isConflict(new PersistenceException(new SQLException("deadlock", "40001"))), "Derby deadlock");
        assertTrue(Database.isConflict(new PersistenceException(new SQLException("deadlock", "40P01"))), "PostgreSQL deadlock");
        assertTrue(Database.isConflict(new RuntimeException(new PersistenceException(new SQLException("dup", "23505")))), "duplicate key");
        assertTrue(Database.isConflict(new PessimisticLockException("deadlock")), "as EclipseLink reports a deadlock");
        SQLException batch = new SQLException("batch", "XJ208");
        batch.setNextException(new SQLException("dup", "23505"));
        assertTrue(Database.isConflict(new PersistenceException(batch)), "a batch's next exception");
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(Database.isConflict(new PersistenceException(new SQLException("connection refused", "08001"))));
        assertFalse(Database.isConflict(new PersistenceException(new SQLException("syntax", "42X01"))));
        assertFalse(Database.isConflict(new IllegalStateException("no cause")));
        assertFalse(Database.isConflict(new PersistenceException(new SQLException("no state"))));
    }
}
