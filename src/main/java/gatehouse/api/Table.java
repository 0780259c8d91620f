package gatehouse.api;

import gatehouse.record.Actor;
import java.util.List;
import java.util.Map;

/** One table of the Table API: who may read and write it, and its records as JSON-ready maps. */
public interface Table {
    /** One page of a list, with the total count for {@code X-Total-Count} and {@code Link}. */
    record Page(List<Map<String, Object>> rows, long total, int limit, int offset) { }

    void authorizeRead(Caller caller);

    void authorizeWrite(Caller caller);

    Page list(ListQuery query, Caller caller);

    Map<String, Object> get(String sysId, Caller caller);

    Map<String, Object> create(Map<String, Object> body, Caller caller, Actor actor);

    /** PATCH: changes the fields sent. */
    Map<String, Object> update(String sysId, Map<String, Object> body, Caller caller, Actor actor);

    /** PUT: as {@link #update} unless the table says otherwise. */
    default Map<String, Object> replace(String sysId, Map<String, Object> body, Caller caller, Actor actor) {
        return update(sysId, body, caller, actor);
    }

    void delete(String sysId, Caller caller, Actor actor);
}
