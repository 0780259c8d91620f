package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.record.Actor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outbound records over the Table API (CONTRACT "Outbound OAuth"): roles {@code admin} or
 * {@code oauth_admin}. Lists are small configuration tables, filtered in memory; {@code sysparm_query} takes
 * {@code field=value} conditions joined by {@code ^}.
 */
abstract class OutboundTable implements Table {
    protected final Gatehouse g;
    private final String name;
    private final boolean readOnly;

    OutboundTable(Gatehouse g, String name, boolean readOnly) {
        this.g = g;
        this.name = name;
        this.readOnly = readOnly;
    }

    @Override
    public void authorizeRead(Caller c) {
        if (!c.isOAuthAdmin()) throw ApiException.forbidden(name + " needs the admin or oauth_admin role");
        Scopes.require(c, "useraccount");
    }

    @Override
    public void authorizeWrite(Caller c) {
        authorizeRead(c);
        if (readOnly) throw new ApiException(405, "Method not allowed", name + " is read-only");
    }

    /** Every record, as JSON-ready maps, in list order. */
    abstract List<Map<String, Object>> rows();

    @Override
    public Page list(ListQuery q, Caller c) {
        Map<String, String> filter = conditions(q.query());
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> r : rows()) if (matches(r, filter)) all.add(r);
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = q.offset(); i < all.size() && page.size() < q.limit(); i++) page.add(ListQuery.select(all.get(i), q.fields()));
        return new Page(page, all.size(), q.limit(), q.offset());
    }

    /** {@code a=b^c=d}: equality conditions only. */
    static Map<String, String> conditions(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null) return out;
        for (String part : query.split("\\^")) {
            if (part.isBlank()) continue;
            int eq = part.indexOf('=');
            if (eq <= 0 || part.startsWith("ORDERBY") || part.contains("!=") || part.equals("OR") || part.startsWith("OR"))
                throw ApiException.badRequest("sysparm_query supports only field=value conditions joined by ^ on this table");
            out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    static boolean matches(Map<String, Object> row, Map<String, String> filter) {
        for (Map.Entry<String, String> f : filter.entrySet()) {
            if (!row.containsKey(f.getKey())) throw ApiException.badRequest("Unknown field " + f.getKey() + " in sysparm_query");
            Object v = row.get(f.getKey());
            String s = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : v == null ? "" : String.valueOf(v);
            if (!Objects.equals(s, f.getValue())) return false;
        }
        return true;
    }

    @Override
    public Map<String, Object> create(Map<String, Object> body, Caller c, Actor actor) {
        throw new ApiException(405, "Method not allowed", name + " is read-only");
    }

    @Override
    public Map<String, Object> update(String sysId, Map<String, Object> body, Caller c, Actor actor) {
        throw new ApiException(405, "Method not allowed", name + " is read-only");
    }

    @Override
    public void delete(String sysId, Caller c, Actor actor) {
        throw new ApiException(405, "Method not allowed", name + " is read-only");
    }

    static void checkId(String sysId, Map<String, Object> body) {
        Object id = body.remove("sys_id");
        if (id != null && !sysId.equals(id)) throw ApiException.badRequest("sys_id in the body does not match the URL");
    }
}
