package gatehouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.store.AuthScope;
import gatehouse.store.Database;
import gatehouse.store.ReadCache;
import gatehouse.store.User;
import gatehouse.user.Users;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The Application Registry ({@code oauth_entity}, CONTRACT "Application Registry"): the one place that
 * validates and writes applications, for the Table API and the console alike.
 */
public final class Registry {
    public static final String TABLE = "oauth_entity";
    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String PASSWORD = "password";
    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public static final String IMPLICIT = "implicit";
    /** RFC 8628 §3.4 */
    public static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    /** RFC 8693 §2.1 */
    public static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final List<String> GRANT_TYPES = List.of(AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS, PASSWORD, JWT_BEARER, IMPLICIT,
            DEVICE_CODE, TOKEN_EXCHANGE);
    public static final List<String> DEFAULT_GRANT_TYPES = List.of(AUTHORIZATION_CODE, REFRESH_TOKEN);

    public static final Set<String> FIELDS = Set.of("sys_id", "type", "name", "provider_name", "client_id", "client_secret",
            "public_client", "redirect_urls", "post_logout_redirect_uris", "grant_types", "auth_scopes", "default_scopes", "enforce_token_restriction",
            "api_access_policies", "token_format", "access_token_lifespan", "refresh_token_lifespan", "login_url", "logo_url",
            "signing_alg", "client_credentials_user", "jwks", "jwks_url", "allowed_origins", "first_party", "active",
            "dpop_bound_access_tokens", "resources", "require_pushed_authorization_requests", "token_exchange_oidc_providers",
            "registered_dynamically", "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    private static final Set<String> READ_ONLY = Set.of("registered_dynamically", "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._~-]{1,200}");
    static final Pattern API = Pattern.compile("[a-z0-9_]+(/[a-z0-9_]+)*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A created or regenerated application with its secret in clear: shown once, never stored. */
    public record WithSecret(Application application, String clientSecret) { }

    private final Database db;
    /** Applications by client_id for the API's bearer path; see {@link ReadCache} for how stale an entry may be. */
    private final ReadCache<String, Application> cache;

    public Registry(Database db) {
        this(db, 5_000);
    }

    public Registry(Database db, long cacheTtlMillis) {
        this.db = db;
        this.cache = new ReadCache<>(cacheTtlMillis, 10_000);
    }

    /**
     * An application by client_id from a short-lived cache (never modify the result): a change made through
     * this class on this node is seen at once, one made elsewhere within {@code cacheTtlMillis}.
     */
    public Application findByClientIdCached(String clientId) {
        return cache.get(clientId, this::findByClientId);
    }

    public Application find(String sysId) {
        return db.read(em -> em.find(Application.class, sysId));
    }

    public Application findByClientId(String clientId) {
        if (clientId == null) return null;
        return db.read(em -> byClientId(em, clientId));
    }

    public static Application byClientId(EntityManager em, String clientId) {
        // only inbound clients: an outbound provider (type oauth_provider) is never a client of this server
        List<Application> found = em.createQuery("SELECT a FROM Application a WHERE a.clientId = :c AND a.type = 'client'", Application.class)
                .setParameter("c", clientId).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    public WithSecret create(RecordInput in, Actor actor) {
        return create(in, actor, null);
    }

    /**
     * As {@link #create(RecordInput, Actor)}; {@code before} runs in the same transaction after every field is valid and
     * before the application is stored (it may set more fields, or throw to store nothing).
     */
    public WithSecret create(RecordInput in, Actor actor, BiConsumer<EntityManager, Application> before) {
        try {
            return createInTx(in, actor, before);
        } finally {
            cache.clear();
        }
    }

    private WithSecret createInTx(RecordInput in, Actor actor, BiConsumer<EntityManager, Application> before) {
        return db.tx(em -> {
            Application a = new Application();
            a.sysId = Secrets.sysId();
            a.grantTypes = RecordInput.join(DEFAULT_GRANT_TYPES);
            a.authScopes = "useraccount";
            String secret = apply(em, a, in, true);
            if (!a.publicClient && secret == null) secret = Secrets.random(32);
            a.clientSecretHash = a.publicClient ? null : Secrets.sha256(secret);
            if (byClientId(em, a.clientId) != null) throw new InvalidRecordException("client_id", "is already used by another application");
            long now = System.currentTimeMillis();
            a.createdOn = now;
            a.updatedOn = now;
            a.createdBy = actor.userName();
            a.updatedBy = actor.userName();
            if (before != null) before.accept(em, a);
            em.persist(a);
            Audit.record(em, actor, "create", TABLE, a.sysId, "name=" + a.name + " client_id=" + a.clientId + " fields=" + changed(in));
            return new WithSecret(a, a.publicClient ? null : secret);
        });
    }

    public Application update(String sysId, RecordInput in, Actor actor) {
        return update(sysId, in, actor, null);
    }

    /** As {@link #update(String, RecordInput, Actor)}; {@code after} runs in the same transaction once the fields are written. */
    public Application update(String sysId, RecordInput in, Actor actor, BiConsumer<EntityManager, Application> after) {
        try {
            return updateInTx(sysId, in, actor, after);
        } finally {
            cache.clear();   // keyed by client_id, which an update may change
        }
    }

    private Application updateInTx(String sysId, RecordInput in, Actor actor, BiConsumer<EntityManager, Application> after) {
        return db.tx(em -> {
            Application a = em.find(Application.class, sysId);
            if (a == null) throw new RecordNotFoundException(TABLE, sysId);
            if (!"client".equals(a.type)) throw new InvalidRecordException("type", "is an OAuth or OIDC provider; change it as one");
            String oldClientId = a.clientId;
            if (in.has("client_secret")) in.error("client_secret", "cannot be set; use Regenerate secret");
            apply(em, a, in, false);
            if (!a.clientId.equals(oldClientId) && byClientId(em, a.clientId) != null)
                throw new InvalidRecordException("client_id", "is already used by another application");
            if (a.publicClient) a.clientSecretHash = null;
            a.updatedOn = System.currentTimeMillis();
            a.updatedBy = actor.userName();
            if (after != null) after.accept(em, a);
            Audit.record(em, actor, "update", TABLE, a.sysId, "name=" + a.name + " fields=" + changed(in));
            return a;
        });
    }

    /** A new secret; the old one stops working at once. */
    public WithSecret regenerateSecret(String sysId, Actor actor) {
        return db.tx(em -> {
            Application a = em.find(Application.class, sysId);
            if (a == null) throw new RecordNotFoundException(TABLE, sysId);
            if (!"client".equals(a.type)) throw new InvalidRecordException("type", "is an OAuth or OIDC provider; change it as one");
            if (a.publicClient) throw new InvalidRecordException("client_secret", "a public client has no secret");
            String secret = Secrets.random(32);
            a.clientSecretHash = Secrets.sha256(secret);
            a.updatedOn = System.currentTimeMillis();
            a.updatedBy = actor.userName();
            Audit.record(em, actor, "regenerate_secret", TABLE, a.sysId, "name=" + a.name);
            return new WithSecret(a, secret);
        });
    }

    /** Deletes the application and revokes every grant and token it holds. */
    public void delete(String sysId, Actor actor) {
        try {
            deleteInTx(sysId, actor);
        } finally {
            cache.clear();
        }
    }

    private void deleteInTx(String sysId, Actor actor) {
        db.tx(em -> {
            Application a = em.find(Application.class, sysId);
            if (a == null) throw new RecordNotFoundException(TABLE, sysId);
            if (!"client".equals(a.type)) throw new InvalidRecordException("type", "is an OAuth or OIDC provider; change it as one");
            long now = System.currentTimeMillis();
            em.createQuery("UPDATE Grant g SET g.revokedAt = :now WHERE g.clientId = :c AND g.revokedAt IS NULL")
                    .setParameter("now", now).setParameter("c", a.clientId).executeUpdate();
            em.createQuery("UPDATE Token t SET t.revokedAt = :now WHERE t.clientId = :c AND t.revokedAt IS NULL")
                    .setParameter("now", now).setParameter("c", a.clientId).executeUpdate();
            em.createQuery("DELETE FROM Consent c WHERE c.clientId = :c").setParameter("c", a.clientId).executeUpdate();
            em.remove(a);
            Audit.record(em, actor, "delete", TABLE, sysId, "name=" + a.name + " client_id=" + a.clientId);
            return null;
        });
    }

    /** Validates every field, then writes them; returns a client secret the caller supplied, if any. */
    private String apply(EntityManager em, Application a, RecordInput in, boolean creating) {
        for (String f : READ_ONLY) if (in.has(f)) in.error(f, "is read-only");
        if (in.has("sys_id") && !creating) in.text("sys_id", 32);
        in.refuseUnknown(FIELDS);
        String type = in.text("type", 40);
        if (type != null && !type.equals("client"))   // oauth_provider rows are written by gatehouse.outbound.Providers only
            in.error("type", "oauth_provider".equals(type) ? "an OAuth provider cannot be made from an inbound application" : "must be client, oauth_provider or oidc_provider");
        String name = in.text("name", 200);
        String provider = in.text("provider_name", 200);
        if ((creating || in.has("name")) && name == null) in.error("name", "is required");
        if ((creating || in.has("provider_name")) && provider == null) in.error("provider_name", "is required");
        String clientId = in.text("client_id", 200);
        if (clientId != null && !CLIENT_ID.matcher(clientId).matches())
            in.error("client_id", "may hold only letters, digits and . _ ~ -");
        String secret = null;
        if (in.has("client_secret")) {
            secret = in.text("client_secret", 200);
            if (secret != null && secret.length() < 24) in.error("client_secret", "must be at least 24 characters (or leave it out to have one generated)");
        }
        Boolean publicClient = in.bool("public_client");
        boolean isPublic = publicClient != null ? publicClient : a.publicClient;
        if (isPublic && secret != null) in.error("client_secret", "a public client has no secret");
        List<String> redirects = in.list("redirect_urls", 50, 2000);
        if (redirects != null) for (String r : redirects) {
            String problem = RedirectUris.problem(r);
            if (problem != null) in.error("redirect_urls", "'" + r + "' " + problem);
        }
        List<String> postLogout = in.list("post_logout_redirect_uris", 50, 2000);
        if (postLogout != null) for (String r : postLogout) {
            String problem = RedirectUris.problem(r);
            if (problem != null) in.error("post_logout_redirect_uris", "'" + r + "' " + problem);
        }
        List<String> grants = in.list("grant_types", 10, 100);
        if (grants != null) for (String g : grants)
            if (!GRANT_TYPES.contains(g)) in.error("grant_types", "'" + g + "' is not one of " + String.join(", ", GRANT_TYPES));
        List<String> effectiveGrants = grants != null ? grants : RecordInput.split(a.grantTypes);
        if (isPublic && (effectiveGrants.contains(CLIENT_CREDENTIALS) || effectiveGrants.contains(JWT_BEARER)))
            in.error("grant_types", "client_credentials and the JWT bearer grant need a confidential client");
        else if (isPublic && effectiveGrants.contains(TOKEN_EXCHANGE))
            in.error("grant_types", "token exchange needs a confidential client");
        List<String> scopes = in.list("auth_scopes", 50, 100);
        Set<String> known = scopeNames(em);
        if (scopes != null) for (String s : scopes)
            if (!known.contains(s)) in.error("auth_scopes", "'" + s + "' is not an auth scope (create it first)");
        List<String> effectiveScopes = scopes != null ? scopes : RecordInput.split(a.authScopes);
        List<String> defaults = in.list("default_scopes", 50, 100);
        if (defaults != null) for (String s : defaults)
            if (!effectiveScopes.contains(s)) in.error("default_scopes", "'" + s + "' is not among the application's auth scopes");
        Boolean enforce = in.bool("enforce_token_restriction");
        List<String> apis = in.list("api_access_policies", 100, 200);
        if (apis != null) for (String s : apis)
            if (!API.matcher(s).matches()) in.error("api_access_policies", "'" + s + "' is not an API name such as table/incident");
        String format = in.choice("token_format", List.of("jwt", "opaque"));
        Integer accessLife = in.integer("access_token_lifespan", 60, 86_400);
        Integer refreshLife = in.integer("refresh_token_lifespan", 0, 365 * 86_400);
        String loginUrl = url(in, "login_url");
        String logoUrl = url(in, "logo_url");
        String alg = in.choice("signing_alg", List.of("RS256", "ES256"));
        String ccUser = null;
        if (in.has("client_credentials_user")) {
            String ref = in.text("client_credentials_user", 100);
            if (ref != null) {
                User u = em.find(User.class, ref);
                if (u == null) u = Users.byName(em, ref);
                if (u == null) in.error("client_credentials_user", "is not a user name or sys_id of a user");
                else ccUser = u.sysId;
            }
        }
        String jwks = null;
        if (in.has("jwks") && in.raw("jwks") != null) jwks = jwks(in);
        String jwksUrl = url(in, "jwks_url");
        List<String> origins = in.list("allowed_origins", 50, 300);
        if (origins != null) for (String o : origins) {
            String problem = Origins.problem(o);
            if (problem != null) in.error("allowed_origins", "'" + o + "' " + problem);
        }
        Boolean firstParty = in.bool("first_party");
        Boolean active = in.bool("active");
        Boolean dpopBound = in.bool("dpop_bound_access_tokens");
        List<String> resources = in.list("resources", ResourceUris.MAX_RESOURCES, ResourceUris.MAX_LENGTH);
        if (resources != null) for (String r : resources) {
            String problem = ResourceUris.problem(r);
            if (problem != null) in.error("resources", "'" + r + "' " + problem);
        }
        Boolean parRequired = in.bool("require_pushed_authorization_requests");
        List<String> idTokenProviders = in.list("token_exchange_oidc_providers", 50, 100);
        if (idTokenProviders != null) for (String p : idTokenProviders) {
            Application idp = em.find(Application.class, p);
            if (idp == null || !"oidc_provider".equals(idp.type))
                in.error("token_exchange_oidc_providers", "'" + p + "' is not the sys_id of an OIDC provider");
        }
        in.throwIfInvalid();

        if (name != null) a.name = name;
        if (provider != null) a.providerName = provider;
        if (clientId != null) a.clientId = clientId;
        else if (creating) a.clientId = Secrets.sysId();
        if (publicClient != null) a.publicClient = publicClient;
        if (redirects != null) a.redirectUrls = RecordInput.join(redirects);
        if (postLogout != null) a.postLogoutRedirectUris = RecordInput.join(postLogout);
        if (grants != null) a.grantTypes = RecordInput.join(grants);
        if (scopes != null) a.authScopes = RecordInput.join(scopes);
        if (defaults != null) a.defaultScopes = RecordInput.join(defaults);
        else if (scopes != null && a.defaultScopes != null)
            a.defaultScopes = RecordInput.join(RecordInput.split(a.defaultScopes).stream().filter(scopes::contains).toList());
        if (enforce != null) a.enforceTokenRestriction = enforce;
        if (apis != null) a.apiAccessPolicies = RecordInput.join(apis);
        if (format != null) a.tokenFormat = format;
        if (accessLife != null) a.accessTokenLifespan = accessLife;
        if (refreshLife != null) a.refreshTokenLifespan = refreshLife;
        if (in.has("login_url")) a.loginUrl = loginUrl;
        if (in.has("logo_url")) a.logoUrl = logoUrl;
        if (alg != null) a.signingAlg = alg;
        if (in.has("client_credentials_user")) a.clientCredentialsUser = ccUser;
        if (in.has("jwks")) a.jwks = jwks;
        if (in.has("jwks_url")) a.jwksUrl = jwksUrl;
        if (origins != null) a.allowedOrigins = RecordInput.join(origins.stream().map(o -> o.toLowerCase(java.util.Locale.ROOT)).distinct().toList());
        if (firstParty != null) a.firstParty = firstParty;
        if (active != null) a.active = active;
        if (dpopBound != null) a.dpopBoundAccessTokens = dpopBound;
        if (resources != null) a.resources = RecordInput.join(resources.stream().distinct().toList());
        if (parRequired != null) a.requirePushedAuthorizationRequests = parRequired;
        if (idTokenProviders != null) a.tokenExchangeOidcProviders = RecordInput.join(idTokenProviders.stream().distinct().toList());
        return secret;
    }

    /** The console's check of a URL field (https, or http on loopback for jwks_url), for other writers of application metadata. */
    public static String checkedUrl(RecordInput in, String field) {
        return url(in, field);
    }

    private static String url(RecordInput in, String field) {
        String v = in.text(field, 2000);
        if (v == null) return null;
        try {
            URI u = new URI(v);
            boolean https = "https".equals(u.getScheme());
            boolean loopbackHttp = "http".equals(u.getScheme()) && RedirectUris.isLoopbackHost(u.getHost());
            if (!(https || loopbackHttp || ("http".equals(u.getScheme()) && !field.equals("jwks_url"))) || u.getHost() == null) {
                in.error(field, "must be an https URL" + (field.equals("jwks_url") ? " (http only on loopback)" : ""));
                return null;
            }
        } catch (Exception e) {
            in.error(field, "is not a URL");
            return null;
        }
        return v;
    }

    private static String jwks(RecordInput in) {
        Object raw = in.raw("jwks");
        try {
            JsonNode node = raw instanceof String s ? JSON.readTree(s) : JSON.valueToTree(raw);
            if (node == null || !node.isObject() || !node.path("keys").isArray()) {
                in.error("jwks", "must be a JWK Set: {\"keys\":[…]}");
                return null;
            }
            for (JsonNode k : node.get("keys")) {
                if (!k.isObject() || !k.path("kty").isTextual()) {
                    in.error("jwks", "every key needs a kty");
                    return null;
                }
                if (k.has("d") || k.has("p") || k.has("q") || k.has("k")) {
                    in.error("jwks", "must hold public keys only");
                    return null;
                }
            }
            String s = JSON.writeValueAsString(node);
            if (s.length() > 32000) {
                in.error("jwks", "is too large");
                return null;
            }
            return s;
        } catch (Exception e) {
            in.error("jwks", "is not valid JSON");
            return null;
        }
    }

    private static Set<String> scopeNames(EntityManager em) {
        return new LinkedHashSet<>(em.createQuery("SELECT s.name FROM AuthScope s", String.class).getResultList());
    }

    public List<AuthScope> scopes() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT s FROM AuthScope s ORDER BY s.name", AuthScope.class).getResultList()));
    }

    private static String changed(RecordInput in) {
        return String.join(",", in.names().stream().filter(n -> !n.equals("client_secret")).sorted().toList());
    }
}
