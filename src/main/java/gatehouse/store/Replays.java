package gatehouse.store;

import jakarta.persistence.PersistenceException;

/**
 * One-time values (a JWT's {@code jti}) used once across every node and restart: a {@link ReplayRecord} row whose
 * primary key refuses a second insert. Housekeeping purges the rows once they have expired.
 */
public final class Replays {
    private Replays() { }

    /** True the first time {@code id} is presented; false when any node has recorded it already. */
    public static boolean firstUse(Database db, String id, long expiresAtMillis) {
        try {
            return db.tx(em -> {
                if (em.find(ReplayRecord.class, id) != null) return false;
                ReplayRecord r = new ReplayRecord();
                r.id = id;
                r.expiresAt = expiresAtMillis;
                em.persist(r);
                return true;
            });
        } catch (PersistenceException raced) {   // another node inserted it between our find and our commit
            return false;
        }
    }
}
