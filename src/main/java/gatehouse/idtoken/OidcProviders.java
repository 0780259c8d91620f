package gatehouse.idtoken;

import gatehouse.client.RedirectUris;
import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.ReadCache;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OIDC providers ({@code oauth_entity} rows with {@code type = oidc_provider}; ServiceNow's "Configure an OIDC
 * provider to verify ID tokens"): external OpenID Providers whose ID tokens the API accepts as bearer tokens
 * ({@link ExternalIdTokens}). The one place that validates and writes them, for the console and the Table API.
 * <p>The provider's Client ID (the {@code aud} its ID tokens must carry) is kept in {@code provider_client_id};
 * {@code client_id} holds {@code oidc_provider:{sys_id}}, so that it can never name an inbound client.
 */
public final class OidcProviders {
    public static final String TYPE = "oidc_provider";
    public static final String TABLE = "oauth_entity";
    /** The {@code sys_user} columns a claim may be matched against. */
    public static final List<String> USER_FIELDS = List.of("user_name", "email", "sys_id");
    public static final Set<String> FIELDS = Set.of("sys_id", "type", "name", "client_id", "oidc_metadata_url", "user_claim",
            "user_field", "enable_jti_verification", "clock_skew", "auth_scopes", "active",
            "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    private static final Set<String> READ_ONLY = Set.of("sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    /** A JSON member name as claims are named (RFC 7519 §4): letters, digits and {@code _ . : -}. */
    static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    static final int MAX_SKEW = 600;

    private final Database db;
    private final boolean httpOnLoopback;
    /** The active providers; see {@link ReadCache} for how stale (a write through this class on this node clears it). */
    private final ReadCache<String, List<Application>> active;

    /**
     * @param httpOnLoopback {@code gatehouse.idtoken.allow.http.loopback}: accept {@code http} metadata and JWKS
     *                       URLs on 127.0.0.1 / [::1] (tests and development only)
     */
    public OidcProviders(Database db, boolean httpOnLoopback, long cacheTtlMillis) {
        this.db = db;
        this.httpOnLoopback = httpOnLoopback;
        this.active = new ReadCache<>(cacheTtlMillis, 4);
    }

    public static boolean isOidcProvider(Application a) {
        return a != null && TYPE.equals(a.type);
    }

    public boolean httpOnLoopback() { return httpOnLoopback; }

    public Application find(String sysId) {
        Application a = db.read(em -> em.find(Application.class, sysId));
        if (!isOidcProvider(a)) throw new RecordNotFoundException(TABLE, sysId);
        return a;
    }

    public List<Application> list() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT a FROM Application a WHERE a.type = :t ORDER BY a.name", Application.class)
                .setParameter("t", TYPE).getResultList()));
    }

    /** The active providers, from a short cache (never modify the result). */
    public List<Application> activeCached() {
        return active.get("active", k -> db.read(em -> List.copyOf(em.createQuery(
                "SELECT a FROM Application a WHERE a.type = :t AND a.active = :on ORDER BY a.sysId", Application.class)
                .setParameter("t", TYPE).setParameter("on", true).getResultList())));
    }

    public Application create(RecordInput in, Actor actor) {
        try {
            return db.tx(em -> {
                Application a = new Application();
                a.sysId = Secrets.sysId();
                a.type = TYPE;
                a.clientId = TYPE + ":" + a.sysId;
                a.grantTypes = null;
                a.authScopes = "useraccount";
                a.userClaim = "sub";
                a.userField = "user_name";
                apply(em, a, in, true);
                long now = System.currentTimeMillis();
                a.createdOn = now;
                a.updatedOn = now;
                a.createdBy = actor.userName();
                a.updatedBy = actor.userName();
                em.persist(a);
                Audit.record(em, actor, "create", TABLE, a.sysId, "type=" + TYPE + " name=" + a.name + " fields=" + changed(in));
                return a;
            });
        } finally {
            active.clear();
        }
    }

    public Application update(String sysId, RecordInput in, Actor actor) {
        try {
            return db.tx(em -> {
                Application a = em.find(Application.class, sysId);
                if (!isOidcProvider(a)) throw new RecordNotFoundException(TABLE, sysId);
                apply(em, a, in, false);
                a.updatedOn = System.currentTimeMillis();
                a.updatedBy = actor.userName();
                Audit.record(em, actor, "update", TABLE, a.sysId, "type=" + TYPE + " name=" + a.name + " fields=" + changed(in));
                return a;
            });
        } finally {
            active.clear();
        }
    }

    public void delete(String sysId, Actor actor) {
        try {
            db.tx(em -> {
                Application a = em.find(Application.class, sysId);
                if (!isOidcProvider(a)) throw new RecordNotFoundException(TABLE, sysId);
                em.remove(a);
                Audit.record(em, actor, "delete", TABLE, sysId, "type=" + TYPE + " name=" + a.name);
                return null;
            });
        } finally {
            active.clear();
        }
    }

    /** Validates every field (all errors at once), then writes them. */
    private void apply(EntityManager em, Application a, RecordInput in, boolean creating) {
        for (String f : READ_ONLY) if (in.has(f)) in.error(f, "is read-only");
        if (in.has("sys_id") && !creating) in.text("sys_id", 32);
        in.refuseUnknown(FIELDS);
        String type = in.text("type", 40);
        if (type != null && !type.equals(TYPE)) in.error("type", "cannot be changed");
        String name = in.text("name", 200);
        if ((creating || in.has("name")) && name == null) in.error("name", "is required");
        String clientId = in.text("client_id", 200);
        if ((creating || in.has("client_id")) && clientId == null) in.error("client_id", "is required (the aud of the provider's ID tokens)");
        String metadataUrl = in.text("oidc_metadata_url", 2000);
        if ((creating || in.has("oidc_metadata_url")) && metadataUrl == null) in.error("oidc_metadata_url", "is required");
        if (metadataUrl != null) {
            String problem = urlProblem(metadataUrl, httpOnLoopback);
            if (problem != null) in.error("oidc_metadata_url", problem);
        }
        String claim = in.text("user_claim", 100);
        if (in.has("user_claim") && claim == null) in.error("user_claim", "is required (sub, email, preferred_username, …)");
        if (claim != null && !CLAIM.matcher(claim).matches()) in.error("user_claim", "must be a claim name (letters, digits and _ . : -)");
        String field = in.choice("user_field", USER_FIELDS);
        if (in.has("user_field") && field == null && !in.errors().containsKey("user_field"))
            in.error("user_field", "is required: one of " + String.join(", ", USER_FIELDS));
        Boolean jti = in.bool("enable_jti_verification");
        Integer skew = in.integer("clock_skew", 0, MAX_SKEW);
        List<String> scopes = in.list("auth_scopes", 50, 100);
        if (scopes != null) {
            Set<String> known = new LinkedHashSet<>(em.createQuery("SELECT s.name FROM AuthScope s", String.class).getResultList());
            for (String s : scopes) if (!known.contains(s)) in.error("auth_scopes", "'" + s + "' is not an auth scope (create it first)");
            if (scopes.isEmpty()) in.error("auth_scopes", "needs at least one scope: the API calls an ID token may make");
        }
        Boolean on = in.bool("active");
        in.throwIfInvalid();

        if (name != null) a.name = name;
        if (clientId != null) a.providerClientId = clientId;
        if (metadataUrl != null) a.oidcMetadataUrl = metadataUrl;
        if (claim != null) a.userClaim = claim;
        if (field != null) a.userField = field;
        if (jti != null) a.enableJtiVerification = jti;
        if (skew != null) a.clockSkew = skew;
        if (scopes != null) a.authScopes = RecordInput.join(scopes);
        if (on != null) a.active = on;
    }

    /**
     * Why {@code url} cannot be a metadata or JWKS URL, or null: an absolute https URL with a host, no user
     * information and no fragment ({@code http} on a loopback address only with {@code httpOnLoopback}).
     */
    static String urlProblem(String url, boolean httpOnLoopback) {
        URI u;
        try {
            u = new URI(url);
        } catch (Exception e) {
            return "is not a URL";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean loopbackHttp = httpOnLoopback && scheme.equals("http") && RedirectUris.isLoopbackHost(u.getHost());
        if (!(scheme.equals("https") || loopbackHttp) || u.getHost() == null || u.getHost().isEmpty())
            return "must be an https URL" + (httpOnLoopback ? " (or http on 127.0.0.1 / [::1])" : "");
        if (u.getRawUserInfo() != null) return "must not hold user information";
        if (u.getRawFragment() != null) return "must not have a fragment";
        return null;
    }

    private static String changed(RecordInput in) {
        return String.join(",", in.names().stream().sorted().toList());
    }
}
