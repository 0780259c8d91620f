package gatehouse.token;

import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;

/**
 * The live grants ("Manage tokens" in the console): grants not revoked that still hold a usable token, listed
 * per application and per user without any token value; revoked one at a time or all for an application or a
 * user. A revocation goes through {@link Grants#revoke}, so the API refuses the tokens at once (opaque and JWT
 * alike: {@link AccessTokens} looks every token up), and is written to the audit log in the same transaction.
 */
public final class LiveGrants {
    public static final String TABLE = "oauth_grant";

    /** One live grant: when it began, when its last usable token expires, and what it covers. */
    public record Live(Grant grant, long expiresAt, int liveTokens) { }

    public record Page(List<Live> items, long total) { }

    private static final String LIVE = " FROM Grant g WHERE g.revokedAt IS NULL AND EXISTS (SELECT t FROM Token t WHERE "
            + "t.grantId = g.id AND t.revokedAt IS NULL AND t.rotatedAt IS NULL AND t.expiresAt > :now)";

    private final Database db;

    public LiveGrants(Database db) {
        this.db = db;
    }

    /** Live grants, newest first; {@code clientId} and {@code userSysId} narrow the list when not null. */
    public Page list(String clientId, String userSysId, int offset, int limit) {
        long now = System.currentTimeMillis();
        String where = (clientId != null ? " AND g.clientId = :c" : "") + (userSysId != null ? " AND g.userSysId = :u" : "");
        return db.read(em -> {
            TypedQuery<Grant> q = em.createQuery("SELECT g" + LIVE + where + " ORDER BY g.createdAt DESC, g.id", Grant.class);
            TypedQuery<Long> n = em.createQuery("SELECT COUNT(g)" + LIVE + where, Long.class);
            for (TypedQuery<?> query : List.of(q, n)) {
                query.setParameter("now", now);
                if (clientId != null) query.setParameter("c", clientId);
                if (userSysId != null) query.setParameter("u", userSysId);
            }
            List<Live> items = new ArrayList<>();
            for (Grant g : q.setFirstResult(offset).setMaxResults(limit).getResultList()) items.add(live(em, g, now));
            return new Page(items, n.getSingleResult());
        });
    }

    private static Live live(EntityManager em, Grant g, long now) {
        // a standing client_credentials grant may hold many tokens: count them, never load them
        Object[] agg = em.createQuery("SELECT COUNT(t), MAX(t.expiresAt) FROM Token t WHERE t.grantId = :g AND t.revokedAt IS NULL "
                + "AND t.rotatedAt IS NULL AND t.expiresAt > :now", Object[].class).setParameter("g", g.id).setParameter("now", now).getSingleResult();
        long count = agg[0] == null ? 0 : ((Number) agg[0]).longValue();
        long expires = agg[1] == null ? now : ((Number) agg[1]).longValue();
        return new Live(g, expires, (int) Math.min(Integer.MAX_VALUE, count));
    }

    /** Revokes one grant and every token issued from it. */
    public void revoke(String grantId, Actor actor) {
        long now = System.currentTimeMillis();
        db.tx(em -> {
            Grant g = em.find(Grant.class, grantId);
            if (g == null) throw new RecordNotFoundException(TABLE, grantId);
            int tokens = Grants.revoke(em, grantId, now);
            Audit.record(em, actor, "revoke", TABLE, grantId, "client_id=" + g.clientId + " user=" + g.userSysId + " tokens=" + tokens);
            return null;
        });
    }

    /** Revokes every live grant of one application; returns how many grants. */
    public int revokeAllForClient(String clientId, Actor actor) {
        return revokeAll("g.clientId = :v", clientId, actor, "client_id=" + clientId);
    }

    /** Revokes every live grant of one user; returns how many grants. */
    public int revokeAllForUser(String userSysId, Actor actor) {
        return revokeAll("g.userSysId = :v", userSysId, actor, "user=" + userSysId);
    }

    private int revokeAll(String condition, String value, Actor actor, String what) {
        long now = System.currentTimeMillis();
        return db.tx(em -> {
            List<String> ids = em.createQuery("SELECT g.id FROM Grant g WHERE g.revokedAt IS NULL AND " + condition, String.class)
                    .setParameter("v", value).getResultList();
            int tokens = 0;
            for (String id : ids) tokens += Grants.revoke(em, id, now);
            Audit.record(em, actor, "revoke_all", TABLE, value, what + " grants=" + ids.size() + " tokens=" + tokens);
            return ids.size();
        });
    }
}
