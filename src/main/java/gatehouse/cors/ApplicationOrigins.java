package gatehouse.cors;

import gatehouse.client.Origins;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.ReadCache;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which browser origins may call the OAuth endpoints for an application (Keycloak's "web origins"): the origins of
 * its registered redirect URLs and its explicit {@code allowed_origins}. Only active inbound applications count.
 */
public final class ApplicationOrigins {
    private final Database db;
    private final Function<String, Application> byClientId;
    /** Whether any application allows an origin, for preflights; an entry is at most {@code cacheTtlMillis} old. */
    private final ReadCache<String, Boolean> anyApplication;

    /** @param byClientId an active or inactive inbound application by client_id (may be cached), or null */
    public ApplicationOrigins(Database db, Function<String, Application> byClientId, long cacheTtlMillis) {
        this.db = db;
        this.byClientId = byClientId;
        this.anyApplication = new ReadCache<>(cacheTtlMillis, 10_000);
    }

    /** The origins an application allows, normalized as browsers send them. */
    public static Set<String> of(Application a) {
        Set<String> origins = new LinkedHashSet<>();
        for (String url : RecordInput.split(a.redirectUrls)) {
            String o = Origins.of(url);
            if (o != null) origins.add(o);
        }
        for (String o : RecordInput.split(a.allowedOrigins)) {
            String normalized = Origins.of(o);
            if (normalized != null) origins.add(normalized);
        }
        return origins;
    }

    /** Whether the active application {@code clientId} allows {@code origin}. */
    public boolean allows(String clientId, String origin) {
        if (clientId == null || clientId.length() > 200 || origin == null) return false;
        Application a = byClientId.apply(clientId);
        return a != null && a.active && "client".equals(a.type) && of(a).contains(origin);
    }

    /** Whether some active application allows {@code origin} (a preflight names no client). */
    public boolean anyAllows(String origin) {
        if (origin == null) return false;
        return Boolean.TRUE.equals(anyApplication.get(origin, this::load));
    }

    private Boolean load(String origin) {
        // rows naming the host may match ('_' in a host matches more, never less); the exact origin is checked on each
        String host = java.net.URI.create(origin).getHost();
        List<Application> candidates = db.read(em -> em.createQuery("SELECT a FROM Application a WHERE a.type = 'client' AND a.active = TRUE "
                + "AND (LOWER(a.redirectUrls) LIKE :h OR a.allowedOrigins LIKE :h)", Application.class)
                .setParameter("h", "%" + host.replace("%", "") + "%").getResultList());
        for (Application a : candidates) if (of(a).contains(origin)) return true;
        return false;
    }
}
