package gatehouse.token;

import gatehouse.store.Application;
import gatehouse.store.Grant;
import jakarta.persistence.EntityManager;
import java.util.Set;

/** Grants (one authorization, every token issued from it; table {@code oauth_grant}): start and revoke, inside the caller's transaction. */
public final class Grants {
    /** How long housekeeping keeps a grant after it began once no token of it is left. */
    public static final long RETENTION_MILLIS = 86_400_000L;

    private Grants() { }

    public static Grant start(EntityManager em, String id, Application app, String userSysId, Set<String> scopes, String grantType, long now) {
        Grant g = create(id, app, userSysId, scopes, grantType, now);
        em.persist(g);
        return g;
    }

    /** A new grant, not yet stored. */
    public static Grant create(String id, Application app, String userSysId, Set<String> scopes, String grantType, long now) {
        Grant g = new Grant();
        g.id = id;
        g.clientId = app.clientId;
        g.userSysId = userSysId;
        g.scopes = ScopeRequest.join(scopes);
        g.grantType = grantType;
        g.createdAt = now;
        return g;
    }

    /** Revokes the grant and every token issued from it (RFC 6749 §4.1.2, §10.4; RFC 7009 §2.1). Returns the tokens revoked. */
    public static int revoke(EntityManager em, String grantId, long now) {
        if (grantId == null) return 0;
        em.createQuery("UPDATE Grant g SET g.revokedAt = :now WHERE g.id = :id AND g.revokedAt IS NULL")
                .setParameter("now", now).setParameter("id", grantId).executeUpdate();
        return em.createQuery("UPDATE Token t SET t.revokedAt = :now WHERE t.grantId = :id AND t.revokedAt IS NULL")
                .setParameter("now", now).setParameter("id", grantId).executeUpdate();
    }
}
