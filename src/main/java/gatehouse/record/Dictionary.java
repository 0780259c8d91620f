package gatehouse.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One table declared once, as ServiceNow's dictionary ({@code sys_dictionary}, {@code sys_choice}) declares it:
 * its columns, their types, choices with labels, references, read-only and write-only columns, and who may read
 * and write it. The Table API's output and display values, its input parsing, the encoded-query whitelist and
 * the Aggregate API all read this; the JPA entity {@code T} stays the storage.
 *
 * @param <T> the entity a row is stored as
 */
public final class Dictionary<T> {
    /** How a column's value is stored and shown. */
    public enum Type { STRING, INTEGER, BOOLEAN, DATE_TIME, REFERENCE, LIST, OBJECT, JOURNAL }

    /** One choice of a choice column: the stored value and the label ServiceNow shows. */
    public record Choice(String value, String label) { }

    /**
     * Who may read and write the table. An empty role set means any active user; a scope of null means only
     * {@code useraccount} (everything the user may do) opens it to a bearer token.
     */
    public record Access(Set<String> readRoles, String readScope, Set<String> writeRoles, String writeScope, boolean readOnly) { }

    /**
     * One column.
     *
     * @param attribute the JPA attribute it is stored in (null: not stored as one attribute, so not queryable)
     * @param value     reads the stored value from a row: String, Number, Boolean, epoch millis (DATE_TIME),
     *                  List of String (LIST), JSON text or Map (OBJECT), a sys_id (REFERENCE)
     * @param reference the referenced table, for REFERENCE
     */
    public record Column<T>(String name, String label, Type type, String attribute, Function<T, Object> value,
                            List<Choice> choices, Supplier<Dictionary<?>> reference, boolean readOnly, boolean writeOnly) {
        /** The label of a stored value, or the value itself when it is not a choice. */
        public String labelOf(String v) {
            for (Choice c : choices) if (c.value().equals(v)) return c.label();
            return v;
        }

        /** The stored value a label (or a value) names, case-insensitively; null when it names none. */
        public String valueOf(String labelOrValue) {
            for (Choice c : choices) if (c.value().equals(labelOrValue)) return c.value();
            for (Choice c : choices) if (c.label().equalsIgnoreCase(labelOrValue.trim())) return c.value();
            return null;
        }

        public boolean numeric() { return type == Type.INTEGER; }
    }

    private final String table;
    private final Class<T> entity;
    private final Map<String, Column<T>> columns;
    private final Access access;
    private final Function<T, String> display;
    private final List<String> lookupAttributes;
    private final List<String> displayAttributes;
    private final List<String> defaultOrder;
    private volatile QueryFields queryFields;

    private Dictionary(Builder<T> b) {
        this.table = b.table;
        this.entity = b.entity;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(b.columns));
        this.access = b.access;
        this.display = b.display;
        this.lookupAttributes = List.copyOf(b.lookupAttributes);
        this.displayAttributes = List.copyOf(b.displayAttributes);
        this.defaultOrder = List.copyOf(b.defaultOrder);
    }

    public static <T> Builder<T> of(String table, Class<T> entity) {
        return new Builder<>(table, entity);
    }

    public String table() { return table; }

    public Class<T> entity() { return entity; }

    public Access access() { return access; }

    public Column<T> column(String name) { return columns.get(name); }

    public Iterable<Column<T>> columns() { return columns.values(); }

    public Set<String> names() { return columns.keySet(); }

    /** The stored value of {@code column} in {@code row} (a row of this table). */
    public Object value(String column, Object row) { return columns.get(column).value().apply(entity.cast(row)); }

    /** The record's sys_id. */
    public String sysIdOf(Object row) { return (String) value("sys_id", row); }

    /** The record's display value (ServiceNow's display field: a user's name, an incident's number). */
    public String displayValue(Object row) { return display.apply(entity.cast(row)); }

    /** Attributes that name a record uniquely in words (user_name, name): a reference may be given by them. */
    public List<String> lookupAttributes() { return lookupAttributes; }

    /** Attributes whose values, joined by spaces, make the display value (first and last name), or empty. */
    public List<String> displayAttributes() { return displayAttributes; }

    public List<String> defaultOrder() { return defaultOrder; }

    /** Columns a client never sets. */
    public List<String> readOnlyColumns() {
        List<String> out = new ArrayList<>();
        for (Column<T> c : columns.values()) if (c.readOnly()) out.add(c.name());
        return out;
    }

    /**
     * The encoded-query whitelist: every stored column that is not write-only, with references walkable one
     * level into the referenced table's own whitelist.
     */
    public QueryFields queryFields() {
        QueryFields q = queryFields;
        if (q != null) return q;
        QueryFields.Builder b = QueryFields.builder();
        for (Column<T> c : columns.values()) {
            if (c.attribute() == null || c.writeOnly()) continue;
            switch (c.type()) {
                case INTEGER -> b.integer(c.name(), c.attribute());
                case BOOLEAN -> b.bool(c.name(), c.attribute());
                case DATE_TIME -> b.dateTime(c.name(), c.attribute());
                case REFERENCE -> {
                    Supplier<Dictionary<?>> ref = c.reference();
                    b.reference(c.name(), c.attribute(), () -> ref.get().queryFields(), () -> ref.get().entity());
                }
                default -> b.string(c.name(), c.attribute());
            }
        }
        queryFields = q = b.build();
        return q;
    }

    /** Declares a table column by column, in output order. */
    public static final class Builder<T> {
        private final String table;
        private final Class<T> entity;
        private final Map<String, Column<T>> columns = new LinkedHashMap<>();
        private Access access;
        private Function<T, String> display = t -> null;
        private final List<String> lookupAttributes = new ArrayList<>();
        private final List<String> displayAttributes = new ArrayList<>();
        private final List<String> defaultOrder = new ArrayList<>();
        private String last;

        private Builder(String table, Class<T> entity) {
            this.table = table;
            this.entity = entity;
        }

        public Builder<T> access(Access a) { this.access = a; return this; }

        /** The display value, and the attributes it is made of (for finding a record by it). */
        public Builder<T> display(Function<T, String> d, String... attributes) {
            this.display = d;
            displayAttributes.addAll(List.of(attributes));
            return this;
        }

        public Builder<T> lookup(String... attributes) { lookupAttributes.addAll(List.of(attributes)); return this; }

        public Builder<T> order(String... attributes) { defaultOrder.addAll(List.of(attributes)); return this; }

        public Builder<T> string(String name, String label, String attribute, Function<T, Object> v) {
            return add(name, label, Type.STRING, attribute, v, null);
        }

        public Builder<T> integer(String name, String label, String attribute, Function<T, Object> v) {
            return add(name, label, Type.INTEGER, attribute, v, null);
        }

        public Builder<T> bool(String name, String label, String attribute, Function<T, Object> v) {
            return add(name, label, Type.BOOLEAN, attribute, v, null);
        }

        public Builder<T> dateTime(String name, String label, String attribute, Function<T, Object> v) {
            return add(name, label, Type.DATE_TIME, attribute, v, null);
        }

        public Builder<T> list(String name, String label, String attribute, Function<T, Object> v) {
            return add(name, label, Type.LIST, attribute, v, null);
        }

        public Builder<T> object(String name, String label, Function<T, Object> v) {
            return add(name, label, Type.OBJECT, null, v, null);
        }

        public Builder<T> journal(String name, String label) {
            return add(name, label, Type.JOURNAL, null, t -> null, null);
        }

        public Builder<T> reference(String name, String label, String attribute, Function<T, Object> v, Supplier<Dictionary<?>> to) {
            return add(name, label, Type.REFERENCE, attribute, v, to);
        }

        /** The last column's choices, as value, label, value, label… */
        public Builder<T> choices(String... valueLabel) {
            List<Choice> cs = new ArrayList<>();
            for (int i = 0; i + 1 < valueLabel.length; i += 2) cs.add(new Choice(valueLabel[i], valueLabel[i + 1]));
            Column<T> c = columns.get(last);
            columns.put(last, new Column<>(c.name(), c.label(), c.type(), c.attribute(), c.value(), List.copyOf(cs), c.reference(), c.readOnly(), c.writeOnly()));
            return this;
        }

        /** The last column is set only by the server. */
        public Builder<T> readOnly() {
            Column<T> c = columns.get(last);
            columns.put(last, new Column<>(c.name(), c.label(), c.type(), c.attribute(), c.value(), c.choices(), c.reference(), true, false));
            return this;
        }

        /** The last column may be written but is never shown or queried (a password, a secret). */
        public Builder<T> writeOnly() {
            Column<T> c = columns.get(last);
            columns.put(last, new Column<>(c.name(), c.label(), c.type(), null, t -> null, c.choices(), c.reference(), false, true));
            return this;
        }

        /** ServiceNow's system columns, all read-only. */
        public Builder<T> system(Function<T, Object> createdOn, Function<T, Object> updatedOn, Function<T, Object> createdBy,
                                 Function<T, Object> updatedBy, Function<T, Object> modCount) {
            if (createdOn != null) dateTime("sys_created_on", "Created", "createdOn", createdOn).readOnly();
            if (updatedOn != null) dateTime("sys_updated_on", "Updated", "updatedOn", updatedOn).readOnly();
            if (createdBy != null) string("sys_created_by", "Created by", "createdBy", createdBy).readOnly();
            if (updatedBy != null) string("sys_updated_by", "Updated by", "updatedBy", updatedBy).readOnly();
            if (modCount != null) integer("sys_mod_count", "Updates", "modCount", modCount).readOnly();
            return this;
        }

        private Builder<T> add(String name, String label, Type type, String attribute, Function<T, Object> v, Supplier<Dictionary<?>> to) {
            if (columns.containsKey(name)) throw new IllegalStateException(table + "." + name + " declared twice");
            columns.put(name, new Column<>(name, label, type, attribute, v, List.of(), to, false, false));
            last = name;
            return this;
        }

        public Dictionary<T> build() {
            if (access == null) throw new IllegalStateException(table + " declares no access");
            return new Dictionary<>(this);
        }
    }
}
