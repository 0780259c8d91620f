package gatehouse.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The whitelist of fields an encoded query may name on one table: the field's API name, the JPA attribute
 * it reads and the type its values are parsed as. A field not listed here cannot be filtered or sorted on.
 */
public final class QueryFields {
    public enum Type { STRING, INTEGER, BOOLEAN, DATE_TIME }

    /**
     * One queryable field; a reference also names the whitelist and entity of the table it points to, so a
     * query may walk one level through it ({@code caller_id.user_name=abel.tuter}).
     */
    public record Field(String name, String attribute, Type type, Supplier<QueryFields> target, Supplier<Class<?>> targetEntity) {
        public Field(String name, String attribute, Type type) {
            this(name, attribute, type, null, null);
        }

        public boolean isReference() { return target != null; }
    }

    private final Map<String, Field> fields;

    private QueryFields(Map<String, Field> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Field get(String name) { return fields.get(name); }

    public Set<String> names() { return fields.keySet(); }

    /** Collects fields in order. */
    public static final class Builder {
        private final Map<String, Field> fields = new LinkedHashMap<>();

        public Builder string(String name, String attribute) { return add(name, attribute, Type.STRING); }

        public Builder integer(String name, String attribute) { return add(name, attribute, Type.INTEGER); }

        public Builder bool(String name, String attribute) { return add(name, attribute, Type.BOOLEAN); }

        public Builder dateTime(String name, String attribute) { return add(name, attribute, Type.DATE_TIME); }

        /** A text field holding a sys_id of {@code targetEntity}, whose own fields are {@code target}. */
        public Builder reference(String name, String attribute, Supplier<QueryFields> target, Supplier<Class<?>> targetEntity) {
            fields.put(name, new Field(name, attribute, Type.STRING, target, targetEntity));
            return this;
        }

        private Builder add(String name, String attribute, Type type) {
            fields.put(name, new Field(name, attribute, type));
            return this;
        }

        public QueryFields build() { return new QueryFields(new LinkedHashMap<>(fields)); }
    }
}
