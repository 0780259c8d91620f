package gatehouse.record;

import gatehouse.keys.Secrets;
import gatehouse.store.AuditEntry;
import jakarta.persistence.EntityManager;

/** Writes audit entries inside the caller's transaction, so an entry exists exactly when its change does. */
public final class Audit {
    private Audit() { }

    public static void record(EntityManager em, Actor actor, String action, String table, String recordId, String detail) {
        AuditEntry e = new AuditEntry();
        e.id = Secrets.sysId();
        e.at = System.currentTimeMillis();
        e.actor = actor == null ? null : truncate(actor.userName(), 100);
        e.remoteAddress = actor == null ? null : truncate(actor.remoteAddress(), 64);
        e.action = action;
        e.tableName = table;
        e.recordId = truncate(recordId, 200);
        e.detail = truncate(detail, 4000);
        em.persist(e);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
