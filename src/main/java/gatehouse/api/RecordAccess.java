package gatehouse.api;

import gatehouse.Gatehouse;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Table API's access rules for other APIs that act on a table's records (the Attachment API): the same order
 * of checks as {@link TableResource} (the table exists, the application's API access policy {@code table/<name>},
 * the table's scope and role checks), then the record exists.
 */
public final class RecordAccess {
    private final Gatehouse g;

    public RecordAccess(Gatehouse g) {
        this.g = g;
    }

    /**
     * Passes when {@code caller} may read (or write) the record {@code sysId} of {@code table}; else an
     * {@link ApiException} (400 for an unknown table, 403) or {@link gatehouse.record.RecordNotFoundException}.
     */
    public void authorize(Caller caller, String table, String sysId, boolean write) {
        Table t = authorizeTable(caller, table, write);
        t.get(sysId, caller);
    }

    /** The tables whose records {@code caller} may read, for lists across tables. */
    public Set<String> readable(Caller caller) {
        Set<String> out = new TreeSet<>();
        for (String name : Tables.of(g).keySet()) {
            try {
                authorizeTable(caller, name, false);
                out.add(name);
            } catch (ApiException refused) {
                // not this one
            }
        }
        return out;
    }

    private Table authorizeTable(Caller caller, String table, boolean write) {
        Table t = table == null ? null : Tables.of(g).get(table);
        if (t == null) throw ApiException.badRequest("Invalid table_name: not a table of the Table API");
        Scopes.requireApi(caller, "table/" + table);
        if (write) t.authorizeWrite(caller); else t.authorizeRead(caller);
        return t;
    }
}
