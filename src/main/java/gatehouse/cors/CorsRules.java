package gatehouse.cors;

import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.CorsRule;
import gatehouse.store.Database;
import gatehouse.store.ReadCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ServiceNow's CORS rules ({@code sys_cors_rule}) for the Table and Attachment APIs: the one place that validates
 * and writes them, for the console and the Table API alike, and finds the rule for a request.
 */
public final class CorsRules {
    public static final String TABLE = "sys_cors_rule";
    /** The REST APIs a rule may name, with the words the console shows. */
    public static final List<String> REST_APIS = List.of("table", "attachment");
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    public static final List<String> DEFAULT_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
    public static final List<String> DEFAULT_ALLOWED_HEADERS = List.of("Authorization", "Content-Type", "Accept");
    public static final int DEFAULT_MAX_AGE = 600;
    public static final Set<String> FIELDS = Set.of("sys_id", "name", "rest_api", "domain", "http_method", "allowed_headers",
            "exposed_headers", "max_age", "active", "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    private static final Set<String> READ_ONLY = Set.of("sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    /** RFC 9110 §5.1 field-name (a token). */
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");

    private final Database db;
    /** Active rules by REST API; a write on this node clears it, one on another node is seen within the TTL. */
    private final ReadCache<String, List<CorsRule>> active;

    public CorsRules(Database db, long cacheTtlMillis) {
        this.db = db;
        this.active = new ReadCache<>(cacheTtlMillis, 10);
    }

    public static String apiLabel(String restApi) {
        return "attachment".equals(restApi) ? "Attachment API" : "Table API";
    }

    public CorsRule find(String sysId) {
        return sysId == null ? null : db.read(em -> em.find(CorsRule.class, sysId));
    }

    public List<CorsRule> list() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT r FROM CorsRule r ORDER BY r.name, r.sysId", CorsRule.class).getResultList()));
    }

    /**
     * The active rule of {@code restApi} whose domain matches {@code origin} most closely (ServiceNow: an exact
     * domain first, then the closest wildcard), or null.
     */
    public CorsRule match(String restApi, String origin) {
        CorsRule best = null;
        int bestScore = -1;
        for (CorsRule r : active.get(restApi, this::loadActive)) {
            int score = CorsDomain.parse(r.domain).match(origin);
            if (score > bestScore) {
                best = r;
                bestScore = score;
            }
        }
        return best;
    }

    private List<CorsRule> loadActive(String restApi) {
        return db.read(em -> List.copyOf(em.createQuery("SELECT r FROM CorsRule r WHERE r.restApi = :a AND r.active = TRUE ORDER BY r.sysId",
                CorsRule.class).setParameter("a", restApi).getResultList()));
    }

    public CorsRule create(RecordInput in, Actor actor) {
        try {
            return db.tx(em -> {
                CorsRule r = new CorsRule();
                r.sysId = Secrets.sysId();
                r.httpMethods = RecordInput.join(DEFAULT_METHODS);
                r.allowedHeaders = RecordInput.join(DEFAULT_ALLOWED_HEADERS);
                r.maxAge = DEFAULT_MAX_AGE;
                r.restApi = "table";
                apply(r, in, true);
                long now = System.currentTimeMillis();
                r.createdOn = now;
                r.updatedOn = now;
                r.createdBy = actor.userName();
                r.updatedBy = actor.userName();
                em.persist(r);
                Audit.record(em, actor, "create", TABLE, r.sysId, "name=" + r.name + " domain=" + r.domain + " fields=" + changed(in));
                return r;
            });
        } finally {
            active.clear();
        }
    }

    public CorsRule update(String sysId, RecordInput in, Actor actor) {
        try {
            return db.tx(em -> {
                CorsRule r = em.find(CorsRule.class, sysId);
                if (r == null) throw new RecordNotFoundException(TABLE, sysId);
                apply(r, in, false);
                r.updatedOn = System.currentTimeMillis();
                r.updatedBy = actor.userName();
                Audit.record(em, actor, "update", TABLE, r.sysId, "name=" + r.name + " fields=" + changed(in));
                return r;
            });
        } finally {
            active.clear();
        }
    }

    public void delete(String sysId, Actor actor) {
        try {
            db.tx(em -> {
                CorsRule r = em.find(CorsRule.class, sysId);
                if (r == null) throw new RecordNotFoundException(TABLE, sysId);
                em.remove(r);
                Audit.record(em, actor, "delete", TABLE, sysId, "name=" + r.name + " domain=" + r.domain);
                return null;
            });
        } finally {
            active.clear();
        }
    }

    /** Validates every field, then writes them (nothing when one is invalid). */
    private static void apply(CorsRule r, RecordInput in, boolean creating) {
        for (String f : READ_ONLY) if (in.has(f)) in.error(f, "is read-only");
        if (in.has("sys_id") && !creating) in.text("sys_id", 32);
        in.refuseUnknown(FIELDS);
        String name = in.text("name", 200);
        if ((creating || in.has("name")) && name == null && !in.errors().containsKey("name")) in.error("name", "is required");
        String restApi = in.choice("rest_api", REST_APIS);
        if (in.has("rest_api") && restApi == null && !in.errors().containsKey("rest_api")) in.error("rest_api", "is required");
        String domain = in.text("domain", 300);
        if ((creating || in.has("domain")) && domain == null && !in.errors().containsKey("domain")) in.error("domain", "is required");
        if (domain != null) {
            String problem = CorsDomain.problem(domain);
            if (problem != null) in.error("domain", problem);
            else domain = domain.toLowerCase(Locale.ROOT);
        }
        List<String> methods = in.list("http_method", 10, 10);
        if (methods != null) {
            methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).distinct().toList();
            for (String m : methods) if (!METHODS.contains(m)) in.error("http_method", "'" + m + "' is not one of " + String.join(", ", METHODS));
            if (methods.isEmpty()) in.error("http_method", "needs at least one method");
        }
        List<String> allowed = headers(in, "allowed_headers");
        List<String> exposed = headers(in, "exposed_headers");
        Integer maxAge = in.integer("max_age", 0, 86_400);
        Boolean isActive = in.bool("active");
        in.throwIfInvalid();
        if (name != null) r.name = name;
        if (restApi != null) r.restApi = restApi;
        if (domain != null) r.domain = domain;
        if (methods != null) r.httpMethods = RecordInput.join(methods);
        if (allowed != null) r.allowedHeaders = RecordInput.join(allowed);
        if (exposed != null) r.exposedHeaders = RecordInput.join(exposed);
        if (maxAge != null) r.maxAge = maxAge;
        if (isActive != null) r.active = isActive;
    }

    private static List<String> headers(RecordInput in, String field) {
        List<String> names = in.list(field, 50, 100);
        if (names != null) for (String h : names)
            if (!HEADER.matcher(h).matches() || h.equals("*")) in.error(field, "'" + h + "' is not a header name");
        return names;
    }

    private static String changed(RecordInput in) {
        return String.join(",", in.names().stream().sorted().toList());
    }
}
