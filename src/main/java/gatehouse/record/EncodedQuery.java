package gatehouse.record;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ServiceNow encoded query ({@code sysparm_query}), parsed and checked against a table's
 * {@link QueryFields} whitelist. Operators: {@code = != > >= < <= IN NOT IN LIKE NOT LIKE STARTSWITH ENDSWITH
 * ISEMPTY ISNOTEMPTY ANYTHING BETWEEN SAMEAS NSAMEAS}; {@code ^} (and), {@code ^OR} (or; binds tighter than and,
 * as in ServiceNow), {@code ^NQ} (a new query whose rows are added), {@code ORDERBYfield}, {@code ORDERBYDESCfield};
 * one level of dot-walking through a reference ({@code caller_id.user_name=abel.tuter}); an empty part and
 * ServiceNow's trailing {@code EQ} are ignored. Values are typed here and later bound as query parameters
 * ({@link RecordList}); the text never becomes part of a JPQL or SQL string.
 *
 * @param queries the queries joined by {@code ^NQ}, any of which a row may match; each is a list of groups that
 *                must all hold (and), within a group one condition suffices (or)
 * @param orders  sort keys, first to last
 */
public record EncodedQuery(List<List<List<Condition>>> queries, List<Order> orders) {
    public static final int MAX_LENGTH = 4000;
    public static final int MAX_CONDITIONS = 100;
    public static final int MAX_ORDERS = 10;
    public static final int MAX_IN = 100;
    public static final EncodedQuery NONE = new EncodedQuery(List.of(), List.of());

    /** The operators, each with its text in a query; longer texts are tried first where one starts another. */
    public enum Operator {
        ISNOTEMPTY("ISNOTEMPTY"), ISEMPTY("ISEMPTY"), ANYTHING("ANYTHING"), NOT_LIKE("NOT LIKE"), NOT_IN("NOT IN"),
        NSAMEAS("NSAMEAS"), SAMEAS("SAMEAS"), STARTSWITH("STARTSWITH"), ENDSWITH("ENDSWITH"), BETWEEN("BETWEEN"),
        LIKE("LIKE"), IN("IN"), NOT_EQUALS("!="), GREATER_OR_EQUAL(">="), LESS_OR_EQUAL("<="), GREATER(">"), LESS("<"),
        EQUALS("=");

        public final String text;

        Operator(String text) { this.text = text; }

        boolean takesNoValue() { return this == ISEMPTY || this == ISNOTEMPTY || this == ANYTHING; }

        boolean onText() { return this == LIKE || this == NOT_LIKE || this == STARTSWITH || this == ENDSWITH; }
    }

    /**
     * One condition. {@code value} is a String, Integer, Boolean or, for a time, a {@link TimeRange}; null means
     * "is empty" ({@code field=} with no value) or no value at all (ISEMPTY…); a List for IN, NOT IN and BETWEEN
     * (its two ends); another {@link QueryFields.Field} for SAMEAS and NSAMEAS.
     *
     * @param via the reference field walked through ({@code caller_id} of {@code caller_id.user_name}), or null
     */
    public record Condition(QueryFields.Field field, Operator operator, Object value, QueryFields.Field via) {
        public Condition(QueryFields.Field field, Operator operator, Object value) {
            this(field, operator, value, null);
        }
    }

    /** The epoch milliseconds {@code [from, until)} of the second (or day) a time condition names. */
    public record TimeRange(long from, long until) { }

    public record Order(QueryFields.Field field, boolean descending) { }

    private static final Pattern CONDITION = Pattern.compile("([a-z0-9_.]*)(.*)", Pattern.DOTALL);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    /** The groups of the first query (the whole query when it has no {@code ^NQ}). */
    public List<List<Condition>> where() {
        return queries.isEmpty() ? List.of() : queries.get(0);
    }

    /** Parses {@code text} (null or blank: no conditions) for a table whose queryable fields are {@code fields}. */
    public static EncodedQuery parse(String text, QueryFields fields) {
        if (text == null || text.isBlank()) return NONE;
        if (text.length() > MAX_LENGTH) throw new InvalidQueryException("sysparm_query may be at most " + MAX_LENGTH + " characters");
        List<List<List<Condition>>> queries = new ArrayList<>();
        List<List<Condition>> where = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        int conditions = 0;
        for (String part : text.split("\\^", -1)) {
            if (part.isEmpty() || part.equals("EQ")) continue;
            if (part.startsWith("NQ")) {
                if (where.isEmpty()) throw new InvalidQueryException("^NQ must follow a condition");
                queries.add(where);
                where = new ArrayList<>();
                part = part.substring(2);
                if (part.isEmpty()) continue;
            }
            if (part.startsWith("ORDERBYDESC")) {
                orders.add(new Order(orderField(part.substring("ORDERBYDESC".length()), fields), true));
            } else if (part.startsWith("ORDERBY")) {
                orders.add(new Order(orderField(part.substring("ORDERBY".length()), fields), false));
            } else if (part.startsWith("OR")) {
                if (where.isEmpty()) throw new InvalidQueryException("^OR must follow a condition");
                where.get(where.size() - 1).add(condition(part.substring(2), fields));
                conditions++;
            } else {
                List<Condition> group = new ArrayList<>();
                group.add(condition(part, fields));
                where.add(group);
                conditions++;
            }
            if (conditions > MAX_CONDITIONS) throw new InvalidQueryException("sysparm_query may hold at most " + MAX_CONDITIONS + " conditions");
            if (orders.size() > MAX_ORDERS) throw new InvalidQueryException("sysparm_query may hold at most " + MAX_ORDERS + " ORDERBY");
        }
        if (!where.isEmpty()) queries.add(where);
        else if (!queries.isEmpty()) throw new InvalidQueryException("^NQ must be followed by a condition");
        List<List<List<Condition>>> frozen = new ArrayList<>();
        for (List<List<Condition>> q : queries) {
            List<List<Condition>> groups = new ArrayList<>();
            for (List<Condition> g : q) groups.add(List.copyOf(g));
            frozen.add(List.copyOf(groups));
        }
        return new EncodedQuery(List.copyOf(frozen), List.copyOf(orders));
    }

    private static QueryFields.Field orderField(String name, QueryFields fields) {
        if (name.contains(".")) throw new InvalidQueryException("ORDERBY takes a field of this table, not '" + printable(name) + "'");
        return field(name, fields);
    }

    private static QueryFields.Field field(String name, QueryFields fields) {
        if (name.isEmpty()) throw new InvalidQueryException("a field name is missing");
        QueryFields.Field f = fields.get(name);
        if (f == null) throw new InvalidQueryException("unknown field '" + printable(name) + "'; fields: " + String.join(", ", fields.names()));
        return f;
    }

    private static Condition condition(String part, QueryFields fields) {
        Matcher m = CONDITION.matcher(part);
        if (!m.matches()) throw new InvalidQueryException("cannot read the condition '" + printable(part) + "'");
        String name = m.group(1);
        String rest = m.group(2);
        if (name.isEmpty()) throw new InvalidQueryException("the condition '" + printable(part) + "' has no field name");
        Operator op = null;
        for (Operator o : Operator.values()) {
            if (rest.startsWith(o.text)) {
                op = o;
                break;
            }
        }
        if (op == null) throw new InvalidQueryException("unsupported operator in '" + printable(part) + "'; supported: "
                + String.join(", ", java.util.Arrays.stream(Operator.values()).map(o -> o.text).toList()) + ", ^, ^OR, ^NQ, ORDERBY, ORDERBYDESC");
        String raw = rest.substring(op.text.length());
        QueryFields.Field via = null;
        QueryFields.Field f;
        QueryFields scope = fields;
        int dot = name.indexOf('.');
        if (dot >= 0) {
            via = field(name.substring(0, dot), fields);
            if (!via.isReference()) throw new InvalidQueryException("'" + via.name() + "' is not a reference; only references can be dot-walked");
            String inner = name.substring(dot + 1);
            if (inner.contains(".")) throw new InvalidQueryException("dot-walking goes one level deep, not '" + printable(name) + "'");
            scope = via.target().get();
            f = field(inner, scope);
        } else {
            f = field(name, fields);
        }
        return new Condition(f, op, value(f, op, raw, scope), via);
    }

    private static Object value(QueryFields.Field f, Operator op, String raw, QueryFields scope) {
        if (op.takesNoValue()) {
            if (!raw.isEmpty()) throw new InvalidQueryException(op.text + " takes no value ('" + f.name() + "')");
            return null;
        }
        if (op.onText()) {
            if (f.type() != QueryFields.Type.STRING)
                throw new InvalidQueryException(op.text + " works on text fields only, not on '" + f.name() + "'");
            return raw;
        }
        switch (op) {
            case SAMEAS, NSAMEAS -> {
                QueryFields.Field other = field(raw, scope);
                if (other.type() != f.type()) throw new InvalidQueryException(op.text + " compares fields of one type; '"
                        + f.name() + "' and '" + other.name() + "' differ");
                return other;
            }
            case IN, NOT_IN -> {
                if (f.type() == QueryFields.Type.DATE_TIME) throw new InvalidQueryException(op.text + " does not work on the time '" + f.name() + "'");
                String[] items = raw.split(",", -1);
                if (items.length > MAX_IN) throw new InvalidQueryException(op.text + " takes at most " + MAX_IN + " values");
                List<Object> values = new ArrayList<>();
                for (String item : items) {
                    if (item.isEmpty()) throw new InvalidQueryException(op.text + " on '" + f.name() + "' has an empty value");
                    values.add(typed(f, item));
                }
                return List.copyOf(values);
            }
            case BETWEEN -> {
                int at = raw.indexOf('@');
                if (at <= 0 || at == raw.length() - 1 || raw.indexOf('@', at + 1) >= 0)
                    throw new InvalidQueryException("BETWEEN takes two values as " + f.name() + "BETWEENlow@high");
                if (f.type() == QueryFields.Type.BOOLEAN) throw new InvalidQueryException("BETWEEN does not work on true/false '" + f.name() + "'");
                return List.of(typed(f, raw.substring(0, at)), typed(f, raw.substring(at + 1)));
            }
            case GREATER, GREATER_OR_EQUAL, LESS, LESS_OR_EQUAL -> {
                if (f.type() == QueryFields.Type.BOOLEAN) throw new InvalidQueryException(op.text + " does not work on true/false '" + f.name() + "'");
                if (raw.isEmpty()) throw new InvalidQueryException("'" + f.name() + "' needs a value after " + op.text);
                return typed(f, raw);
            }
            default -> {
                if (raw.isEmpty()) {
                    if (f.type() != QueryFields.Type.STRING) throw new InvalidQueryException("'" + f.name() + "' needs a value");
                    return null;
                }
                return typed(f, raw);
            }
        }
    }

    private static Object typed(QueryFields.Field f, String raw) {
        return switch (f.type()) {
            case STRING -> raw;
            case INTEGER -> {
                if (!raw.matches("-?\\d{1,9}")) throw new InvalidQueryException("'" + f.name() + "' takes a whole number");
                yield Integer.parseInt(raw);
            }
            case BOOLEAN -> switch (raw) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> throw new InvalidQueryException("'" + f.name() + "' takes true or false");
            };
            case DATE_TIME -> epochMillis(f, raw);
        };
    }

    /** {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-dd} (UTC, as the API shows times): that whole second or day. */
    private static TimeRange epochMillis(QueryFields.Field f, String raw) {
        try {
            if (raw.length() == 10) {
                long from = LocalDate.parse(raw, DATE).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                return new TimeRange(from, from + 86_400_000L);
            }
            long from = LocalDateTime.parse(raw, DATE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            return new TimeRange(from, from + 1000);
        } catch (DateTimeParseException e) {
            throw new InvalidQueryException("'" + f.name() + "' takes a time as yyyy-MM-dd HH:mm:ss");
        }
    }

    /** Echoes user text into an error message safely: short, without control characters. */
    private static String printable(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
