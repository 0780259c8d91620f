package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.client.ApplicationDictionary;
import gatehouse.cors.CorsRuleDictionary;
import gatehouse.incident.IncidentDictionary;
import gatehouse.incident.JournalDictionary;
import gatehouse.outbound.OutboundDictionary;
import gatehouse.idtoken.OidcProviderDictionary;
import gatehouse.idtoken.OidcProviders;
import gatehouse.outbound.Providers;
import gatehouse.record.Actor;
import gatehouse.record.Dictionary;
import gatehouse.record.EncodedQuery;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordList;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.user.UserDictionary;
import java.util.HashMap;
import java.util.Map;

/**
 * The tables of the Table API, by name, and the one access check every API over them uses (the Table,
 * Aggregate and Attachment APIs): the table exists, the application's API access policy allows
 * {@code table/<name>}, the token's scopes, the user's roles, and for writes that the table is not read-only.
 * Cheap to build (each table only keeps references to the services), so built per request.
 */
public final class Tables {
    private final Gatehouse g;
    private final Map<String, Table> tables = new HashMap<>();

    private Tables(Gatehouse g) {
        this.g = g;
        Dictionary<Application> provider = OutboundDictionary.provider(g.outbound.providers);
        add(new Writes(IncidentDictionary.INCIDENT,
                (f, c, a) -> new Table.Created(g.incidents.create(new RecordInput(f), a), Map.of()),
                (id, f, c, a) -> g.incidents.update(id, new RecordInput(f), a),
                (id, c, a) -> g.incidents.delete(id, a)));
        add(new Writes(JournalDictionary.JOURNAL, null, null, null));
        add(new Writes(UserDictionary.USER,
                (f, c, a) -> new Table.Created(g.users.create(new RecordInput(f), a), Map.of()),
                (id, f, c, a) -> g.users.update(id, new RecordInput(f), a),
                (id, c, a) -> {
                    if (id.equals(c.user().sysId)) throw ApiException.badRequest("You cannot delete your own account");
                    g.users.delete(id, a);
                }));
        add(new Table() {
            @Override
            public Dictionary<?> dictionary() { return ApplicationDictionary.APPLICATION; }

            @Override
            public Dictionary<?> dictionaryOf(Object row) {
                if (OidcProviders.isOidcProvider((Application) row)) return OidcProviderDictionary.PROVIDER;
                return Providers.isProvider((Application) row) ? provider : ApplicationDictionary.APPLICATION;
            }

            @Override
            public Created create(Map<String, Object> f, Caller c, Actor a) {
                if (Providers.TYPE.equals(f.get("type"))) return new Created(g.outbound.providers.create(new RecordInput(f), a), Map.of());
                if (OidcProviders.TYPE.equals(f.get("type"))) return new Created(g.oidcProviders.create(new RecordInput(f), a), Map.of());
                gatehouse.client.Registry.WithSecret created = g.registry.create(new RecordInput(f), a);
                return new Created(created.application(), java.util.Collections.singletonMap("client_secret", created.clientSecret()));   // null for a public client
            }

            @Override
            public Object update(String id, Map<String, Object> f, Caller c, Actor a) {
                if (Providers.isProvider(g.registry.find(id))) return g.outbound.providers.update(id, new RecordInput(f), a);
                if (OidcProviders.isOidcProvider(g.registry.find(id))) return g.oidcProviders.update(id, new RecordInput(f), a);
                return g.registry.update(id, new RecordInput(f), a);
            }

            @Override
            public void delete(String id, Caller c, Actor a) {
                if (Providers.isProvider(g.registry.find(id))) g.outbound.providers.delete(id, a);
                else if (OidcProviders.isOidcProvider(g.registry.find(id))) g.oidcProviders.delete(id, a);
                else g.registry.delete(id, a);
            }
        });
        add(new Writes(OutboundDictionary.PROFILE,
                (f, c, a) -> new Table.Created(g.outbound.profiles.create(new RecordInput(f), a), Map.of()),
                (id, f, c, a) -> g.outbound.profiles.update(id, new RecordInput(f), a),
                (id, c, a) -> g.outbound.profiles.delete(id, a)));
        add(new Writes(OutboundDictionary.CREDENTIAL, null, null, null));
        add(new Writes(OutboundDictionary.MESSAGE,
                (f, c, a) -> new Table.Created(g.outbound.messages.create(new RecordInput(f), a), Map.of()),
                (id, f, c, a) -> g.outbound.messages.update(id, new RecordInput(f), a),
                (id, c, a) -> g.outbound.messages.delete(id, a)));
        add(new Writes(OutboundDictionary.FUNCTION,
                (f, c, a) -> new Table.Created(g.outbound.messages.createFunction(new RecordInput(f), a), Map.of()),
                (id, f, c, a) -> g.outbound.messages.updateFunction(id, new RecordInput(f), a),
                (id, c, a) -> g.outbound.messages.deleteFunction(id, a)));
        add(new Writes(OutboundDictionary.LOG, null, null, null));
        add(new Writes(CorsRuleDictionary.CORS_RULE,
                (f, c, a) -> new Table.Created(g.corsRules.create(new RecordInput(f), a), Map.of()),
                (id, f, c, a) -> g.corsRules.update(id, new RecordInput(f), a),
                (id, c, a) -> g.corsRules.delete(id, a)));
    }

    public static Tables of(Gatehouse g) {
        return new Tables(g);
    }

    private void add(Table t) {
        tables.put(t.dictionary().table(), t);
    }

    /** The table of that name, or null. */
    public Table table(String name) {
        return tables.get(name);
    }

    /** The names of the tables. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(tables.keySet());
    }

    /**
     * May {@code caller} read (or, with {@code write}, change) the table {@code name}? Returns the table, or throws
     * the refusal in the Table API's shape: 400 for an unknown table, 403 ({@code insufficient_scope} for a
     * token's scopes or API access policy, "User Not Authorized" for roles), 405 for a write to a read-only table.
     */
    public Table authorize(Caller caller, String name, boolean write) {
        Table t = tables.get(name);
        if (t == null) throw new ApiException(400, "Invalid table " + printable(name), null);
        Scopes.requireApi(caller, "table/" + name);
        Dictionary.Access access = t.dictionary().access();
        if (write) {
            Scopes.require(caller, access.writeScope() == null ? Scopes.USERACCOUNT : access.writeScope());
            requireRole(caller, name, access.writeRoles(), "Writing " + name);
            if (access.readOnly()) throw new ApiException(405, "Method not allowed", name + " is read-only");
        } else {
            Scopes.require(caller, access.readScope() == null ? Scopes.USERACCOUNT : access.readScope());
            requireRole(caller, name, access.readRoles(), name);
        }
        return t;
    }

    /** As {@link #authorize}, for one record, which must exist (404 otherwise). Returns the record. */
    public Object authorize(Caller caller, String name, String sysId, boolean write) {
        Table t = authorize(caller, name, write);
        return find(t, sysId);
    }

    private static void requireRole(Caller c, String table, java.util.Set<String> roles, String what) {
        if (roles.isEmpty()) return;
        for (String r : roles) if (c.hasRole(r)) return;
        throw ApiException.forbidden(what + " needs the " + String.join(" or ", roles.stream().sorted().toList()) + " role");
    }

    /** The record, or a 404. */
    Object find(Table t, String sysId) {
        Dictionary<?> d = t.dictionary();
        Object row = sysId == null || sysId.length() > 64 ? null : g.db.read(em -> em.find(d.entity(), sysId));
        if (row == null) throw new RecordNotFoundException(d.table(), sysId);
        return row;
    }

    /** One page of the rows matching {@code query}, in the table's default order unless it names one. */
    RecordList.Page<?> list(Table t, EncodedQuery query, int offset, int limit, boolean count) {
        Dictionary<?> d = t.dictionary();
        return g.db.read(em -> RecordList.run(em, d.entity(), query, offset, limit, d.defaultOrder(), "sysId", count));
    }

    static String printable(String s) {
        String t = s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** A table whose writes go to its service's create, update and delete (null: read-only). */
    private record Writes(Dictionary<?> dictionary, Create create, Update update, Delete delete) implements Table {
        interface Create { Table.Created apply(Map<String, Object> f, Caller c, Actor a); }

        interface Update { Object apply(String id, Map<String, Object> f, Caller c, Actor a); }

        interface Delete { void apply(String id, Caller c, Actor a); }

        @Override
        public Table.Created create(Map<String, Object> f, Caller c, Actor a) {
            if (create == null) return Table.super.create(f, c, a);
            return create.apply(f, c, a);
        }

        @Override
        public Object update(String id, Map<String, Object> f, Caller c, Actor a) {
            if (update == null) return Table.super.update(id, f, c, a);
            return update.apply(id, f, c, a);
        }

        @Override
        public void delete(String id, Caller c, Actor a) {
            if (delete == null) Table.super.delete(id, c, a);
            else delete.apply(id, c, a);
        }
    }
}
