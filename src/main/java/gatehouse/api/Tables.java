package gatehouse.api;

import gatehouse.Gatehouse;
import java.util.Map;

/** The tables of the Table API, by name. */
final class Tables {
    private Tables() { }

    /** Cheap to build (each table only keeps references to the services), so built per request. */
    static Map<String, Table> of(Gatehouse g) {
        Map<String, Table> tables = new java.util.HashMap<>(Map.of(
                "incident", new IncidentTable(g),
                "sys_user", new UserTable(g),
                "oauth_entity", new ApplicationTable(g)));
        tables.putAll(OutboundTables.of(g));
        return tables;
    }
}
