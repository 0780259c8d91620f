package gatehouse.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Database;
import gatehouse.store.OAuthProfile;
import gatehouse.store.RestMessage;
import gatehouse.store.RestMessageFunction;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * REST messages ({@code sys_rest_message}) and their HTTP methods ({@code sys_rest_message_fn}): outbound
 * endpoints, how to authenticate to them, and request templates with {@code ${name}} variables.
 */
public final class RestMessages {
    public static final String TABLE = "sys_rest_message";
    public static final String FN_TABLE = "sys_rest_message_fn";
    public static final List<String> AUTHENTICATION_TYPES = List.of("no_authentication", "basic", "oauth2");
    public static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    public static final Set<String> FIELDS = Set.of("sys_id", "name", "description", "endpoint", "authentication_type", "oauth_profile",
            "basic_user", "basic_password", "basic_password_set", "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    public static final Set<String> FN_FIELDS = Set.of("sys_id", "rest_message", "name", "http_method", "endpoint", "headers",
            "query_parameters", "content", "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    private static final Set<String> READ_ONLY = Set.of("basic_password_set", "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    /** Headers Gatehouse sets itself, or that a template must not set (RFC 9110 connection management). */
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "connection", "transfer-encoding", "upgrade",
            "expect", "te", "trailer", "keep-alive", "proxy-authorization", "proxy-connection");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final Sealer sealer;

    public RestMessages(Database db, Sealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    static String passwordContext(String sysId) {
        return "sys_rest_message/" + sysId + "/basic_password";
    }

    String basicPassword(RestMessage m) {
        return m.basicPasswordEnc == null ? null : sealer.open(m.basicPasswordEnc, passwordContext(m.sysId));
    }

    public RestMessage find(String sysId) {
        RestMessage m = sysId == null ? null : db.read(em -> em.find(RestMessage.class, sysId));
        if (m == null) throw new RecordNotFoundException(TABLE, sysId);
        return m;
    }

    /** By sys_id or by name. */
    public RestMessage byIdOrName(String ref) {
        RestMessage m = db.read(em -> byIdOrName(em, ref));
        if (m == null) throw new RecordNotFoundException(TABLE, ref);
        return m;
    }

    static RestMessage byIdOrName(EntityManager em, String ref) {
        if (ref == null) return null;
        RestMessage m = em.find(RestMessage.class, ref);
        if (m != null) return m;
        return em.createQuery("SELECT m FROM RestMessage m WHERE m.name = :n", RestMessage.class).setParameter("n", ref)
                .getResultStream().findFirst().orElse(null);
    }

    public List<RestMessage> list() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT m FROM RestMessage m ORDER BY m.name", RestMessage.class).getResultList()));
    }

    public RestMessage create(RecordInput in, Actor actor) {
        return db.tx(em -> {
            RestMessage m = new RestMessage();
            m.sysId = Secrets.sysId();
            apply(em, m, in, true);
            long now = System.currentTimeMillis();
            m.createdOn = now;
            m.updatedOn = now;
            m.createdBy = actor.userName();
            m.updatedBy = actor.userName();
            em.persist(m);
            Audit.record(em, actor, "create", TABLE, m.sysId, "name=" + m.name + " fields=" + Providers.changed(in));
            return m;
        });
    }

    public RestMessage update(String sysId, RecordInput in, Actor actor) {
        return db.tx(em -> {
            RestMessage m = em.find(RestMessage.class, sysId);
            if (m == null) throw new RecordNotFoundException(TABLE, sysId);
            apply(em, m, in, false);
            m.updatedOn = System.currentTimeMillis();
            m.updatedBy = actor.userName();
            Audit.record(em, actor, "update", TABLE, m.sysId, "name=" + m.name + " fields=" + Providers.changed(in));
            return m;
        });
    }

    public void delete(String sysId, Actor actor) {
        db.tx(em -> {
            RestMessage m = em.find(RestMessage.class, sysId);
            if (m == null) throw new RecordNotFoundException(TABLE, sysId);
            em.createQuery("DELETE FROM RestMessageFunction f WHERE f.restMessage = :m").setParameter("m", sysId).executeUpdate();
            em.remove(m);
            Audit.record(em, actor, "delete", TABLE, sysId, "name=" + m.name);
            return null;
        });
    }

    private void apply(EntityManager em, RestMessage m, RecordInput in, boolean creating) {
        for (String f : READ_ONLY) if (in.has(f)) in.error(f, "is read-only");
        in.refuseUnknown(FIELDS);
        String name = in.text("name", 200);
        if ((creating || in.has("name")) && name == null) in.error("name", "is required");
        if (name != null && name.contains("/")) in.error("name", "must not contain /");
        if (name != null && !name.equals(m.name)) {
            RestMessage other = em.createQuery("SELECT m FROM RestMessage m WHERE m.name = :n", RestMessage.class).setParameter("n", name)
                    .getResultStream().findFirst().orElse(null);
            if (other != null) in.error("name", "is already used by another REST message");
        }
        String description = in.text("description", 1000);
        String endpoint = endpoint(in, "endpoint");
        String auth = in.choice("authentication_type", AUTHENTICATION_TYPES);
        String profile = in.text("oauth_profile", 32);
        if (profile != null && em.find(OAuthProfile.class, profile) == null) in.error("oauth_profile", "is not the sys_id of an OAuth profile");
        String user = in.text("basic_user", 200);
        if (user != null && user.contains(":")) in.error("basic_user", "must not contain ':' (RFC 7617 §2)");
        String password = in.has("basic_password") ? in.text("basic_password", 1000) : null;
        String effectiveAuth = auth != null ? auth : (m.authenticationType == null ? "no_authentication" : m.authenticationType);
        String effectiveProfile = in.has("oauth_profile") ? profile : m.oauthProfile;
        String effectiveUser = in.has("basic_user") ? user : m.basicUser;
        if ("oauth2".equals(effectiveAuth) && effectiveProfile == null && !in.errors().containsKey("oauth_profile"))
            in.error("oauth_profile", "is required for OAuth 2.0 authentication");
        if ("basic".equals(effectiveAuth) && effectiveUser == null && !in.errors().containsKey("basic_user"))
            in.error("basic_user", "is required for basic authentication");
        in.throwIfInvalid();
        if (name != null) m.name = name;
        if (in.has("description")) m.description = description;
        if (in.has("endpoint")) m.endpoint = endpoint;
        m.authenticationType = effectiveAuth;
        if (in.has("oauth_profile")) m.oauthProfile = profile;
        if (in.has("basic_user")) m.basicUser = user;
        if (in.has("basic_password")) m.basicPasswordEnc = password == null ? null : sealer.seal(password, passwordContext(m.sysId));
    }

    // ---- HTTP methods ----

    public RestMessageFunction findFunction(String sysId) {
        RestMessageFunction f = sysId == null ? null : db.read(em -> em.find(RestMessageFunction.class, sysId));
        if (f == null) throw new RecordNotFoundException(FN_TABLE, sysId);
        return f;
    }

    /** A method of a message, each given by sys_id or name. */
    public record Target(RestMessage message, RestMessageFunction function) { }

    public Target target(String messageRef, String functionRef) {
        return db.read(em -> {
            RestMessage m = byIdOrName(em, messageRef);
            if (m == null) throw new RecordNotFoundException(TABLE, messageRef);
            RestMessageFunction f = em.find(RestMessageFunction.class, functionRef);
            if (f == null || !f.restMessage.equals(m.sysId))
                f = em.createQuery("SELECT f FROM RestMessageFunction f WHERE f.restMessage = :m AND f.name = :n", RestMessageFunction.class)
                        .setParameter("m", m.sysId).setParameter("n", functionRef).getResultStream().findFirst().orElse(null);
            if (f == null) throw new RecordNotFoundException(FN_TABLE, functionRef);
            return new Target(m, f);
        });
    }

    public List<RestMessageFunction> functions(String messageSysId) {
        if (messageSysId == null)
            return db.read(em -> new ArrayList<>(em.createQuery("SELECT f FROM RestMessageFunction f ORDER BY f.restMessage, f.name",
                    RestMessageFunction.class).getResultList()));
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT f FROM RestMessageFunction f WHERE f.restMessage = :m ORDER BY f.name",
                RestMessageFunction.class).setParameter("m", messageSysId).getResultList()));
    }

    public RestMessageFunction createFunction(RecordInput in, Actor actor) {
        return db.tx(em -> {
            RestMessageFunction f = new RestMessageFunction();
            f.sysId = Secrets.sysId();
            applyFunction(em, f, in, true);
            long now = System.currentTimeMillis();
            f.createdOn = now;
            f.updatedOn = now;
            f.createdBy = actor.userName();
            f.updatedBy = actor.userName();
            em.persist(f);
            Audit.record(em, actor, "create", FN_TABLE, f.sysId, "name=" + f.name + " fields=" + Providers.changed(in));
            return f;
        });
    }

    public RestMessageFunction updateFunction(String sysId, RecordInput in, Actor actor) {
        return db.tx(em -> {
            RestMessageFunction f = em.find(RestMessageFunction.class, sysId);
            if (f == null) throw new RecordNotFoundException(FN_TABLE, sysId);
            applyFunction(em, f, in, false);
            f.updatedOn = System.currentTimeMillis();
            f.updatedBy = actor.userName();
            Audit.record(em, actor, "update", FN_TABLE, f.sysId, "name=" + f.name + " fields=" + Providers.changed(in));
            return f;
        });
    }

    public void deleteFunction(String sysId, Actor actor) {
        db.tx(em -> {
            RestMessageFunction f = em.find(RestMessageFunction.class, sysId);
            if (f == null) throw new RecordNotFoundException(FN_TABLE, sysId);
            em.remove(f);
            Audit.record(em, actor, "delete", FN_TABLE, sysId, "name=" + f.name);
            return null;
        });
    }

    private static void applyFunction(EntityManager em, RestMessageFunction f, RecordInput in, boolean creating) {
        for (String x : READ_ONLY) if (in.has(x)) in.error(x, "is read-only");
        in.refuseUnknown(FN_FIELDS);
        String messageRef = in.text("rest_message", 200);
        RestMessage message = null;
        if (creating && messageRef == null && !in.errors().containsKey("rest_message")) in.error("rest_message", "is required");
        if (messageRef != null) {
            message = byIdOrName(em, messageRef);
            if (message == null) in.error("rest_message", "is not a REST message (sys_id or name)");
            else if (!creating && !message.sysId.equals(f.restMessage)) in.error("rest_message", "cannot be changed");
        }
        String name = in.text("name", 200);
        if ((creating || in.has("name")) && name == null) in.error("name", "is required");
        if (name != null && name.contains("/")) in.error("name", "must not contain /");
        String parent = message != null ? message.sysId : f.restMessage;
        if (name != null && parent != null && !name.equals(f.name)) {
            boolean taken = !em.createQuery("SELECT f FROM RestMessageFunction f WHERE f.restMessage = :m AND f.name = :n", RestMessageFunction.class)
                    .setParameter("m", parent).setParameter("n", name).getResultList().isEmpty();
            if (taken) in.error("name", "is already used by another HTTP method of this REST message");
        }
        String method = in.text("http_method", 10);
        if (method != null) {
            method = method.toUpperCase(Locale.ROOT);
            if (!HTTP_METHODS.contains(method)) in.error("http_method", "must be one of " + String.join(", ", HTTP_METHODS));
        }
        String endpoint = endpoint(in, "endpoint");
        String headers = object(in, "headers", true);
        String query = object(in, "query_parameters", false);
        String content = in.has("content") ? rawText(in, "content", 32000) : null;
        in.throwIfInvalid();
        if (creating) f.restMessage = message.sysId;
        if (name != null) f.name = name;
        if (method != null) f.httpMethod = method;
        else if (creating) f.httpMethod = "GET";
        if (in.has("endpoint")) f.endpoint = endpoint;
        if (in.has("headers")) f.headers = headers;
        if (in.has("query_parameters")) f.queryParameters = query;
        if (in.has("content")) f.content = content;
    }

    /** An endpoint template: a URL, perhaps with ${variables}; checked fully once variables are substituted. */
    private static String endpoint(RecordInput in, String field) {
        String v = in.text(field, 2000);
        if (v == null) return null;
        if (!v.startsWith("https://") && !v.startsWith("http://")) {
            in.error(field, "must be an http(s) URL");
            return null;
        }
        if (!v.contains("${")) {
            try {
                java.net.URI u = new java.net.URI(v);
                if (u.getHost() == null) in.error(field, "must be an absolute URL with a host");
            } catch (Exception e) {
                in.error(field, "is not a URL");
                return null;
            }
        }
        return v;
    }

    /** The body template as sent (not trimmed: whitespace may matter). */
    private static String rawText(RecordInput in, String field, int max) {
        Object v = in.raw(field);
        if (v == null) return null;
        if (!(v instanceof String s)) {
            try {
                String json = JSON.writeValueAsString(v);
                if (json.length() > max) in.error(field, "must be at most " + max + " characters");
                return json;
            } catch (Exception e) {
                in.error(field, "must be text");
                return null;
            }
        }
        if (s.length() > max) {
            in.error(field, "must be at most " + max + " characters");
            return null;
        }
        return s.isEmpty() ? null : s;
    }

    /** A JSON object of names to text values, stored as JSON text. */
    private static String object(RecordInput in, String field, boolean headers) {
        Object raw = in.raw(field);
        if (raw == null) return null;
        JsonNode node;
        try {
            node = raw instanceof String s ? (s.isBlank() ? JSON.createObjectNode() : JSON.readTree(s)) : JSON.valueToTree(raw);
        } catch (Exception e) {
            in.error(field, "must be a JSON object of names to values");
            return null;
        }
        if (node == null || !node.isObject()) {
            in.error(field, "must be a JSON object of names to values");
            return null;
        }
        ObjectNode out = JSON.createObjectNode();
        var it = node.fields();
        while (it.hasNext()) {
            var e = it.next();
            String n = e.getKey();
            JsonNode v = e.getValue();
            if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                in.error(field, "'" + n + "' must have a text value");
                return null;
            }
            String value = v.asText();
            if (headers) {
                if (!HEADER_NAME.matcher(n).matches()) {
                    in.error(field, "'" + n + "' is not a header name");
                    return null;
                }
                if (FORBIDDEN_HEADERS.contains(n.toLowerCase(Locale.ROOT))) {
                    in.error(field, "'" + n + "' is set by Gatehouse itself");
                    return null;
                }
                if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    in.error(field, "'" + n + "' must not contain line breaks");
                    return null;
                }
            } else if (n.isEmpty() || n.length() > 200) {
                in.error(field, "has an empty or too long parameter name");
                return null;
            }
            out.put(n, value);
        }
        String s = out.toString();
        if (s.length() > 8000) {
            in.error(field, "is too large");
            return null;
        }
        return out.isEmpty() ? null : s;
    }
}
