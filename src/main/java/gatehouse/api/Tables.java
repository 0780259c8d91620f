package gatehouse.api;

import gatehouse.Gatehouse;
import java.util.Map;

/** The tables of the Table API, by name. */
final class Tables {
    private Tables() { }

    static Map<String, Table> of(Gatehouse g) {
        return Map.of(
                "sys_user", new UserTable(g),
                "oauth_entity", new ApplicationTable(g));
    }
}
