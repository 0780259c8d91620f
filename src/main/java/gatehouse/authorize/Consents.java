package gatehouse.authorize;

import gatehouse.client.Registry;
import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.store.Application;
import gatehouse.store.Consent;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A person's remembered Allow per application and scope set ({@code oauth_consent}), and the applications
 * they connected (consents and live grants), which they may revoke.
 */
public final class Consents {
    private final Database db;

    public Consents(Database db) {
        this.db = db;
    }

    /** Whether {@code user} already allowed {@code clientId} every one of {@code scopes} in one consent. */
    public boolean covers(String userSysId, String clientId, List<String> scopes) {
        List<Consent> found = db.read(em -> em.createQuery(
                        "SELECT c FROM Consent c WHERE c.userSysId = :u AND c.clientId = :c", Consent.class)
                .setParameter("u", userSysId).setParameter("c", clientId).getResultList());
        for (Consent c : found) {
            if (new HashSet<>(Arrays.asList(c.scopes.split(" "))).containsAll(scopes)) return true;
        }
        return false;
    }

    /** Remembers an Allow (inside the caller's transaction), unless the same scope set is already remembered. */
    public void remember(EntityManager em, String userSysId, String clientId, List<String> scopes) {
        String set = String.join(" ", new TreeSet<>(scopes));
        Long existing = em.createQuery("SELECT COUNT(c) FROM Consent c WHERE c.userSysId = :u AND c.clientId = :c AND c.scopes = :s", Long.class)
                .setParameter("u", userSysId).setParameter("c", clientId).setParameter("s", set).getSingleResult();
        if (existing > 0) return;
        Consent c = new Consent();
        c.id = Secrets.sysId();
        c.userSysId = userSysId;
        c.clientId = clientId;
        c.scopes = set;
        c.grantedAt = System.currentTimeMillis();
        em.persist(c);
    }

    /** An application on a person's Connected apps page. */
    public record ConnectedApp(String clientId, String name, String logoUrl, List<String> scopes, long since, int liveGrants) { }

    /** The applications {@code user} allowed or holds live grants for, by name. */
    public List<ConnectedApp> connectedApps(String userSysId) {
        return db.read(em -> {
            Map<String, Set<String>> scopes = new TreeMap<>();
            Map<String, Long> since = new TreeMap<>();
            Map<String, Integer> grants = new TreeMap<>();
            for (Consent c : em.createQuery("SELECT c FROM Consent c WHERE c.userSysId = :u", Consent.class)
                    .setParameter("u", userSysId).getResultList()) {
                scopes.computeIfAbsent(c.clientId, k -> new TreeSet<>()).addAll(Arrays.asList(c.scopes.split(" ")));
                since.merge(c.clientId, c.grantedAt, Math::min);
            }
            for (Grant g : em.createQuery("SELECT g FROM Grant g WHERE g.userSysId = :u AND g.revokedAt IS NULL", Grant.class)
                    .setParameter("u", userSysId).getResultList()) {
                if (g.scopes != null) scopes.computeIfAbsent(g.clientId, k -> new TreeSet<>()).addAll(Arrays.asList(g.scopes.split(" ")));
                else scopes.computeIfAbsent(g.clientId, k -> new TreeSet<>());
                since.merge(g.clientId, g.createdAt, Math::min);
                grants.merge(g.clientId, 1, Integer::sum);
            }
            List<ConnectedApp> apps = new ArrayList<>();
            for (Map.Entry<String, Set<String>> e : scopes.entrySet()) {
                Application a = Registry.byClientId(em, e.getKey());
                apps.add(new ConnectedApp(e.getKey(), a == null ? e.getKey() : a.name, a == null ? null : a.logoUrl,
                        List.copyOf(e.getValue()), since.getOrDefault(e.getKey(), 0L), grants.getOrDefault(e.getKey(), 0)));
            }
            apps.sort((x, y) -> x.name().compareToIgnoreCase(y.name()));
            return apps;
        });
    }

    /**
     * Disconnects an application: forgets the person's consents and revokes their grants and tokens for it,
     * in one transaction (RFC 7009 §2.1 spirit: revoking the grant revokes every token of it). Returns whether
     * anything was connected.
     */
    public boolean revoke(String userSysId, String clientId, Actor actor) {
        return db.tx(em -> {
            long now = System.currentTimeMillis();
            int consents = em.createQuery("DELETE FROM Consent c WHERE c.userSysId = :u AND c.clientId = :c")
                    .setParameter("u", userSysId).setParameter("c", clientId).executeUpdate();
            int grants = em.createQuery("UPDATE Grant g SET g.revokedAt = :now WHERE g.userSysId = :u AND g.clientId = :c AND g.revokedAt IS NULL")
                    .setParameter("now", now).setParameter("u", userSysId).setParameter("c", clientId).executeUpdate();
            int tokens = em.createQuery("UPDATE Token t SET t.revokedAt = :now WHERE t.userSysId = :u AND t.clientId = :c AND t.revokedAt IS NULL")
                    .setParameter("now", now).setParameter("u", userSysId).setParameter("c", clientId).executeUpdate();
            if (consents + grants + tokens == 0) return false;
            Audit.record(em, actor, "revoke_connected_app", "oauth_consent", clientId,
                    "user=" + userSysId + " client_id=" + clientId + " consents=" + consents + " grants=" + grants + " tokens=" + tokens);
            return true;
        });
    }
}
