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
 * {@link QueryFields} whitelist. Supported: {@code field=value}, {@code field!=value},
 * {@code fieldLIKEvalue} (contains, case-insensitive), {@code fieldSTARTSWITHvalue} (case-insensitive),
 * {@code ^} (and), {@code ^OR} (or; binds tighter than and, as in ServiceNow), {@code ORDERBYfield},
 * {@code ORDERBYDESCfield}; an empty part and ServiceNow's trailing {@code EQ} are ignored.
 * Values are typed here and later bound as query parameters ({@link RecordList}); the text never
 * becomes part of a JPQL or SQL string.
 *
 * @param where  conditions: every group must hold (and); within a group one condition suffices (or)
 * @param orders sort keys, first to last
 */
public record EncodedQuery(List<List<Condition>> where, List<Order> orders) {
    public static final int MAX_LENGTH = 4000;
    public static final int MAX_CONDITIONS = 100;
    public static final int MAX_ORDERS = 10;
    public static final EncodedQuery NONE = new EncodedQuery(List.of(), List.of());

    public enum Operator { EQUALS, NOT_EQUALS, LIKE, STARTSWITH }

    /**
     * One condition; {@code value} is a String, Integer, Boolean or, for a time, a {@link TimeRange};
     * null means "is empty" ({@code field=} with no value).
     */
    public record Condition(QueryFields.Field field, Operator operator, Object value) { }

    /** The epoch milliseconds {@code [from, until)} of the second (or day) a time condition names. */
    public record TimeRange(long from, long until) { }

    public record Order(QueryFields.Field field, boolean descending) { }

    private static final Pattern CONDITION = Pattern.compile("([a-z0-9_.]*)(.*)", Pattern.DOTALL);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    /** Parses {@code text} (null or blank: no conditions) for a table whose queryable fields are {@code fields}. */
    public static EncodedQuery parse(String text, QueryFields fields) {
        if (text == null || text.isBlank()) return NONE;
        if (text.length() > MAX_LENGTH) throw new InvalidQueryException("sysparm_query may be at most " + MAX_LENGTH + " characters");
        List<List<Condition>> where = new ArrayList<>();
        List<Order> orders = new ArrayList<>();
        int conditions = 0;
        for (String part : text.split("\\^", -1)) {
            if (part.isEmpty() || part.equals("EQ")) continue;
            if (part.startsWith("ORDERBYDESC")) {
                orders.add(new Order(field(part.substring("ORDERBYDESC".length()), fields), true));
            } else if (part.startsWith("ORDERBY")) {
                orders.add(new Order(field(part.substring("ORDERBY".length()), fields), false));
            } else if (part.startsWith("OR")) {
                if (where.isEmpty()) throw new InvalidQueryException("^OR must follow a condition");
                where.get(where.size() - 1).add(condition(part.substring(2), fields));
                conditions++;
            } else if (part.equals("NQ") || part.startsWith("NQ")) {
                throw new InvalidQueryException("^NQ (new query) is not supported");
            } else {
                List<Condition> group = new ArrayList<>();
                group.add(condition(part, fields));
                where.add(group);
                conditions++;
            }
            if (conditions > MAX_CONDITIONS) throw new InvalidQueryException("sysparm_query may hold at most " + MAX_CONDITIONS + " conditions");
            if (orders.size() > MAX_ORDERS) throw new InvalidQueryException("sysparm_query may hold at most " + MAX_ORDERS + " ORDERBY");
        }
        List<List<Condition>> frozen = new ArrayList<>();
        for (List<Condition> g : where) frozen.add(List.copyOf(g));
        return new EncodedQuery(List.copyOf(frozen), List.copyOf(orders));
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
        Operator op;
        String raw;
        if (rest.startsWith("!=")) {
            op = Operator.NOT_EQUALS;
            raw = rest.substring(2);
        } else if (rest.startsWith("=")) {
            op = Operator.EQUALS;
            raw = rest.substring(1);
        } else if (rest.startsWith("LIKE")) {
            op = Operator.LIKE;
            raw = rest.substring(4);
        } else if (rest.startsWith("STARTSWITH")) {
            op = Operator.STARTSWITH;
            raw = rest.substring(10);
        } else {
            throw new InvalidQueryException("unsupported operator in '" + printable(part)
                    + "'; supported: =, !=, LIKE, STARTSWITH, ^, ^OR, ORDERBY, ORDERBYDESC");
        }
        QueryFields.Field f = field(name, fields);
        return new Condition(f, op, value(f, op, raw));
    }

    private static Object value(QueryFields.Field f, Operator op, String raw) {
        if (op == Operator.LIKE || op == Operator.STARTSWITH) {
            if (f.type() != QueryFields.Type.STRING)
                throw new InvalidQueryException(op + " works on text fields only, not on '" + f.name() + "'");
            return raw;
        }
        if (raw.isEmpty()) {
            if (f.type() != QueryFields.Type.STRING) throw new InvalidQueryException("'" + f.name() + "' needs a value");
            return null;
        }
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
