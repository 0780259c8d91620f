package gatehouse.api;

import gatehouse.record.Actor;
import gatehouse.record.Dictionary;
import java.util.Map;

/**
 * One table of the Table API. Its {@link Dictionary} says what it holds and who may read and write it; reading
 * is the same for every table ({@link Tables}); each table only says how a write reaches its service. The fields
 * a write receives are already stored values ({@link RecordJson#input}).
 */
public interface Table {
    /** A created record and what the create response adds to it once (an application's client secret). */
    record Created(Object record, Map<String, Object> once) { }

    Dictionary<?> dictionary();

    /** The dictionary a row is shown with: oauth_entity shows outbound providers with their own columns. */
    default Dictionary<?> dictionaryOf(Object row) {
        return dictionary();
    }

    default Created create(Map<String, Object> fields, Caller caller, Actor actor) {
        throw readOnly();
    }

    /** PATCH and PUT alike: changes the fields sent (ServiceNow's semantics). */
    default Object update(String sysId, Map<String, Object> fields, Caller caller, Actor actor) {
        throw readOnly();
    }

    default void delete(String sysId, Caller caller, Actor actor) {
        throw readOnly();
    }

    private ApiException readOnly() {
        return new ApiException(405, "Method not allowed", dictionary().table() + " is read-only");
    }
}
