package gatehouse.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.record.Dictionary;
import gatehouse.record.InvalidRecordException;
import gatehouse.store.Database;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records as ServiceNow's Table API writes and reads them, driven by the table's {@link Dictionary}: every
 * value a string ({@code ""} when empty, times {@code yyyy-MM-dd HH:mm:ss} UTC), references as
 * {@code {"link","value"}}, {@code sysparm_display_value} labels and display values; on input, labels
 * ({@code sysparm_input_display_value}) and references by name. Lists and objects (redirect URLs, a JWK Set) stay
 * JSON arrays and objects, as the registry's contract has them. One instance per request: it remembers the display
 * values it looked up.
 */
final class RecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code sysparm_display_value}. */
    enum DisplayValue { FALSE, TRUE, ALL }

    /** The output and input parameters of one call. */
    record Options(DisplayValue display, boolean excludeReferenceLink, boolean inputDisplayValue, List<String> fields) {
        static Options from(MultivaluedMap<String, String> params) {
            String d = ListQuery.single(params, "sysparm_display_value");
            DisplayValue display = switch (d == null ? "false" : d.toLowerCase(java.util.Locale.ROOT)) {
                case "", "false" -> DisplayValue.FALSE;
                case "true" -> DisplayValue.TRUE;
                case "all" -> DisplayValue.ALL;
                default -> throw ApiException.badRequest("sysparm_display_value must be true, false or all");
            };
            return new Options(display, ListQuery.flag(params, "sysparm_exclude_reference_link"),
                    ListQuery.flag(params, "sysparm_input_display_value"), ListQuery.fields(params));
        }
    }

    private final Database db;
    private final String base;
    private final Map<String, String> displayValues = new HashMap<>();

    /** @param base the issuer, which starts every link */
    RecordJson(Database db, String base) {
        this.db = db;
        this.base = base;
    }

    /** One record, with only {@code sysparm_fields} when given. Write-only columns never appear. */
    Map<String, Object> render(Dictionary<?> d, Object row, Options o) {
        return render(d, row, o, Map.of());
    }

    /** As above, with {@code journal} (column to display text) for the journal columns. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, Object> render(Dictionary<?> d, Object row, Options o, Map<String, String> journal) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Dictionary.Column c : (Iterable<Dictionary.Column>) (Iterable) d.columns()) {
            if (c.writeOnly()) continue;
            if (o.fields() != null && !o.fields().contains(c.name())) continue;
            Object raw = c.value().apply(row);
            m.put(c.name(), field(c, raw, o, journal.getOrDefault(c.name(), "")));
        }
        return m;
    }

    private Object field(Dictionary.Column<?> c, Object raw, Options o, String journal) {
        if (c.type() == Dictionary.Type.LIST || c.type() == Dictionary.Type.OBJECT) return structured(c, raw);
        String value = c.type() == Dictionary.Type.JOURNAL ? "" : text(c, raw);
        if (c.type() == Dictionary.Type.REFERENCE) {
            Dictionary<?> target = c.reference().get();
            String link = value.isEmpty() || o.excludeReferenceLink() ? null : base + "/api/now/table/" + target.table() + "/" + value;
            String display = o.display() == DisplayValue.FALSE || value.isEmpty() ? "" : displayOf(target, value);
            Map<String, Object> ref = new LinkedHashMap<>();
            switch (o.display()) {
                case FALSE -> {
                    if (link == null) return value;
                    ref.put("link", link);
                    ref.put("value", value);
                }
                case TRUE -> {
                    if (link == null) return display;
                    ref.put("display_value", display);
                    ref.put("link", link);
                }
                default -> {
                    ref.put("display_value", display);
                    if (link != null) ref.put("link", link);
                    ref.put("value", value);
                }
            }
            return ref;
        }
        String display = c.type() == Dictionary.Type.JOURNAL ? journal : c.labelOf(value);
        return switch (o.display()) {
            case FALSE -> value;
            case TRUE -> display;
            default -> {
                Map<String, Object> both = new LinkedHashMap<>();
                both.put("display_value", display);
                both.put("value", value);
                yield both;
            }
        };
    }

    /** The stored value as ServiceNow writes it: a string, {@code ""} when empty. */
    static String text(Dictionary.Column<?> c, Object raw) {
        if (raw == null) return "";
        if (c.type() == Dictionary.Type.DATE_TIME) return Formats.dateTime(((Number) raw).longValue());
        if (raw instanceof List<?> l) return String.join(",", l.stream().map(String::valueOf).toList());
        return String.valueOf(raw);
    }

    private static Object structured(Dictionary.Column<?> c, Object raw) {
        if (c.type() == Dictionary.Type.LIST) return raw == null ? List.of() : raw;
        if (raw instanceof String s) {
            try {
                return JSON.readTree(s);
            } catch (Exception e) {
                return null;
            }
        }
        return raw;
    }

    private String displayOf(Dictionary<?> target, String sysId) {
        return displayValues.computeIfAbsent(target.table() + "/" + sysId, k -> {
            Object row = db.read(em -> em.find(target.entity(), sysId));
            String v = row == null ? null : target.displayValue(row);
            return v == null ? "" : v;
        });
    }

    /**
     * The body of a create ({@code current} null) or update, turned into stored values for the table's service:
     * {@code {"value":…}} objects unwrapped, labels turned into values ({@code sysparm_input_display_value=true}),
     * references given by name turned into sys_ids, read-only columns refused unless they hold their current
     * value (so a record read with GET can be sent back whole). Columns the dictionary does not know are passed on
     * for the service to refuse.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, Object> input(Dictionary<?> d, Map<String, Object> body, Object current, Options o) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            Dictionary.Column c = d.column(e.getKey());
            Object v = e.getValue();
            if (c == null) {
                out.put(e.getKey(), v);
                continue;
            }
            if (v instanceof Map<?, ?> map && c.type() != Dictionary.Type.OBJECT)
                v = map.containsKey("value") ? map.get("value") : map.containsKey("display_value") ? map.get("display_value") : v;
            if (c.readOnly()) {
                if (current == null && c.name().equals("sys_id")) continue;
                if (current != null && (c.type() == Dictionary.Type.LIST || c.type() == Dictionary.Type.OBJECT)) continue;
                if (current == null || !unchanged(c, current, v == null ? "" : String.valueOf(v))) errors.put(c.name(), "is read-only");
                continue;
            }
            if (v instanceof String s && !c.choices().isEmpty() && o.inputDisplayValue()) {
                String value = c.valueOf(s);
                if (value != null) v = value;
            }
            if (v instanceof String s && c.type() == Dictionary.Type.REFERENCE && !s.isBlank()) {
                try {
                    v = resolve((Dictionary<?>) c.reference().get(), s.trim());
                } catch (IllegalArgumentException ambiguous) {
                    errors.put(c.name(), ambiguous.getMessage());
                    continue;
                }
            }
            out.put(c.name(), v);
        }
        if (!errors.isEmpty()) throw new InvalidRecordException(errors);
        return out;
    }

    /** Whether {@code sent} is the current value of a read-only column, as a value or as its display value. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private boolean unchanged(Dictionary.Column c, Object current, String sent) {
        String now = text(c, c.value().apply(current));
        if (now.equals(sent) || c.labelOf(now).equals(sent)) return true;
        return c.type() == Dictionary.Type.REFERENCE && !now.isEmpty() && displayOf((Dictionary<?>) c.reference().get(), now).equals(sent);
    }

    /**
     * A reference given as a sys_id, or by a name that identifies one record (a user name, or a display value
     * such as a user's first and last name). Unknown text is passed on unchanged for the service to refuse.
     */
    private String resolve(Dictionary<?> target, String text) {
        return db.read(em -> {
            if (text.length() <= 32 && em.find(target.entity(), text) != null) return text;
            for (String attribute : target.lookupAttributes()) {
                List<String> ids = ids(em, target, attribute, text);
                if (ids.size() == 1) return ids.get(0);
            }
            if (!target.displayAttributes().isEmpty()) {
                List<String> ids = ids(em, target, null, text);
                if (ids.size() == 1) return ids.get(0);
                if (ids.size() > 1) throw new IllegalArgumentException("names more than one " + target.table() + " record; give its sys_id");
            }
            return text;
        });
    }

    private static List<String> ids(EntityManager em, Dictionary<?> target, String attribute, String text) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<String> q = cb.createQuery(String.class);
        Root<?> r = q.from(target.entity());
        Expression<String> key;
        if (attribute != null) {
            key = r.get(attribute);
        } else {
            key = null;
            for (String a : target.displayAttributes()) {
                Expression<String> part = cb.coalesce(r.<String>get(a), "");
                key = key == null ? part : cb.concat(cb.concat(key, " "), part);
            }
        }
        Predicate p = cb.equal(cb.trim(key), cb.parameter(String.class, "text"));
        return new ArrayList<>(em.createQuery(q.select(r.get("sysId")).where(p)).setParameter("text", text).setMaxResults(2).getResultList());
    }
}
