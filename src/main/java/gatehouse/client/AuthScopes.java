package gatehouse.client;

import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.store.AuthScope;
import gatehouse.store.Database;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Auth scopes ({@code oauth_auth_scope}, CONTRACT "Auth scopes"): the name an application asks for, the
 * words the consent page shows, and the APIs the scope opens. The one place that validates and writes
 * them, for the console and the Table API alike. A scope an application still lists cannot be deleted
 * or renamed (applications refer to scopes by name).
 */
public final class AuthScopes {
    public static final String TABLE = "oauth_auth_scope";
    /** The built-in scope: everything the user may do. */
    public static final String USERACCOUNT = "useraccount";
    public static final Set<String> FIELDS = Set.of("sys_id", "name", "description", "apis", "sys_created_on");
    /** RFC 6749 §3.3 scope-token, narrowed to characters that are safe everywhere a scope is shown. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");

    private final Database db;

    public AuthScopes(Database db) {
        this.db = db;
    }

    public List<AuthScope> list() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT s FROM AuthScope s ORDER BY s.name", AuthScope.class).getResultList()));
    }

    public AuthScope find(String sysId) {
        return db.read(em -> em.find(AuthScope.class, sysId));
    }

    public AuthScope findByName(String name) {
        return db.read(em -> byName(em, name));
    }

    static AuthScope byName(EntityManager em, String name) {
        List<AuthScope> found = em.createQuery("SELECT s FROM AuthScope s WHERE s.name = :n", AuthScope.class)
                .setParameter("n", name).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    /** Names of the applications that list {@code scopeName} among their auth scopes. */
    public List<String> usedBy(String scopeName) {
        return db.read(em -> usedBy(em, scopeName));
    }

    private static List<String> usedBy(EntityManager em, String scopeName) {
        List<String> names = new ArrayList<>();
        for (Application a : em.createQuery("SELECT a FROM Application a WHERE a.authScopes LIKE :p", Application.class)
                .setParameter("p", "%" + scopeName + "%").getResultList())
            if (RecordInput.split(a.authScopes).contains(scopeName)) names.add(a.name);
        return names;
    }

    /** The APIs the named scopes open together (an unknown name opens none). */
    public List<String> apisOf(List<String> scopeNames) {
        Set<String> apis = new LinkedHashSet<>();
        for (AuthScope s : list()) if (scopeNames.contains(s.name)) apis.addAll(RecordInput.split(s.apis));
        return List.copyOf(apis);
    }

    public AuthScope create(RecordInput in, Actor actor) {
        return db.tx(em -> {
            AuthScope s = new AuthScope();
            s.sysId = Secrets.sysId();
            apply(em, s, in, true);
            s.createdOn = System.currentTimeMillis();
            em.persist(s);
            Audit.record(em, actor, "create", TABLE, s.sysId, "name=" + s.name + " fields=" + changed(in));
            return s;
        });
    }

    public AuthScope update(String sysId, RecordInput in, Actor actor) {
        return db.tx(em -> {
            AuthScope s = em.find(AuthScope.class, sysId);
            if (s == null) throw new RecordNotFoundException(TABLE, sysId);
            String oldName = s.name;
            apply(em, s, in, false);
            if (!s.name.equals(oldName)) {
                List<String> users = usedBy(em, oldName);
                if (!users.isEmpty() || USERACCOUNT.equals(oldName))
                    throw new InvalidRecordException("name", "cannot change while applications use this scope ("
                            + (users.isEmpty() ? "built in" : String.join(", ", users)) + ")");
            }
            Audit.record(em, actor, "update", TABLE, s.sysId, "name=" + s.name + " fields=" + changed(in));
            return s;
        });
    }

    /** Deletes a scope that no application lists; otherwise refuses, naming the applications. */
    public void delete(String sysId, Actor actor) {
        db.tx(em -> {
            AuthScope s = em.find(AuthScope.class, sysId);
            if (s == null) throw new RecordNotFoundException(TABLE, sysId);
            if (USERACCOUNT.equals(s.name)) throw new InvalidRecordException("name", "is built in and cannot be deleted");
            List<String> users = usedBy(em, s.name);
            if (!users.isEmpty())
                throw new InvalidRecordException("name", "is still used by " + users.size() + " application"
                        + (users.size() == 1 ? "" : "s") + " (" + String.join(", ", users) + "); remove it from them first");
            em.remove(s);
            Audit.record(em, actor, "delete", TABLE, sysId, "name=" + s.name);
            return null;
        });
    }

    private static void apply(EntityManager em, AuthScope s, RecordInput in, boolean creating) {
        if (in.has("sys_created_on")) in.error("sys_created_on", "is read-only");
        in.refuseUnknown(FIELDS);
        String name = in.text("name", 100);
        if (name != null && !NAME.matcher(name).matches())
            in.error("name", "may hold only letters, digits and . _ : -");
        if ((creating || in.has("name")) && name == null && !in.errors().containsKey("name")) in.error("name", "is required");
        String description = in.text("description", 1000);
        if ((creating || in.has("description")) && description == null && !in.errors().containsKey("description"))
            in.error("description", "is required: the consent page shows these words");
        List<String> apis = in.list("apis", 100, 200);
        if (apis != null) for (String api : apis)
            if (!Registry.API.matcher(api).matches()) in.error("apis", "'" + api + "' is not an API name such as table/incident");
        if (name != null && !name.equals(s.name)) {
            AuthScope other = byName(em, name);
            if (other != null && !other.sysId.equals(s.sysId)) in.error("name", "is already an auth scope");
        }
        in.throwIfInvalid();
        if (name != null) s.name = name;
        if (description != null) s.description = description;
        if (apis != null) s.apis = RecordInput.join(apis);
    }

    private static String changed(RecordInput in) {
        return String.join(",", in.names().stream().sorted().toList());
    }
}
