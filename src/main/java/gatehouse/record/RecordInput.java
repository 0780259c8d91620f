package gatehouse.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields a client sent for a record (from Table API JSON or a console form), read with the types the
 * contract gives them. Every wrong field adds a message under its name; {@link #throwIfInvalid()} then
 * refuses the whole record, so that nothing is saved half-way.
 */
public final class RecordInput {
    private final Map<String, Object> fields;
    private final Map<String, String> errors = new LinkedHashMap<>();

    public RecordInput(Map<String, Object> fields) {
        this.fields = fields;
    }

    public boolean has(String name) { return fields.containsKey(name); }

    public Set<String> names() { return fields.keySet(); }

    public void error(String field, String message) { errors.putIfAbsent(field, message); }

    public Map<String, String> errors() { return errors; }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) throw new InvalidRecordException(errors);
    }

    /** Fields not in {@code known} are refused (a typo must not be silently ignored). */
    public void refuseUnknown(Collection<String> known) {
        for (String name : fields.keySet())
            if (!known.contains(name)) error(name, "is not a field of this table");
    }

    /** A text value, trimmed; {@code null} when absent, JSON null or empty. */
    public String text(String name, int maxLength) {
        Object v = fields.get(name);
        if (v == null) return null;
        if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
            error(name, "must be text");
            return null;
        }
        String s = v.toString().trim();
        if (s.isEmpty()) return null;
        if (s.length() > maxLength) {
            error(name, "must be at most " + maxLength + " characters");
            return null;
        }
        if (s.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
            error(name, "must not contain control characters");
            return null;
        }
        return s;
    }

    /** true/false (JSON booleans, or the strings true/false/on/off/1/0 a form sends). */
    public Boolean bool(String name) {
        Object v = fields.get(name);
        if (v == null) return null;
        if (v instanceof Boolean b) return b;
        String s = v.toString().trim().toLowerCase();
        switch (s) {
            case "true", "on", "1", "yes": return true;
            case "false", "off", "0", "no", "": return false;
            default:
                error(name, "must be true or false");
                return null;
        }
    }

    /** A whole number within [min, max]. */
    public Integer integer(String name, int min, int max) {
        Object v = fields.get(name);
        if (v == null || (v instanceof String s && s.isBlank())) return null;
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            n = ((Number) v).longValue();
        } else if (v instanceof String s && s.trim().matches("-?\\d{1,12}")) {
            n = Long.parseLong(s.trim());
        } else {
            error(name, "must be a whole number");
            return null;
        }
        if (n < min || n > max) {
            error(name, "must be between " + min + " and " + max);
            return null;
        }
        return (int) n;
    }

    /** A list: a JSON array of strings, or a string separated by commas (or new lines). Duplicates dropped. */
    public List<String> list(String name, int maxItems, int maxItemLength) {
        Object v = fields.get(name);
        if (v == null) return null;
        List<String> raw = new ArrayList<>();
        if (v instanceof String s) {
            raw.addAll(Arrays.asList(s.split("[,\\r\\n]+")));
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof String s)) {
                    error(name, "must be a list of strings");
                    return null;
                }
                raw.add(s);
            }
        } else {
            error(name, "must be a list (a JSON array or a comma-separated string)");
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : raw) {
            String t = s.trim();
            if (t.isEmpty()) continue;
            if (t.length() > maxItemLength || t.chars().anyMatch(c -> c < 0x20)) {
                error(name, "has an item that is too long or holds control characters");
                return null;
            }
            out.add(t);
        }
        if (out.size() > maxItems) {
            error(name, "must have at most " + maxItems + " items");
            return null;
        }
        return List.copyOf(out);
    }

    /** One of {@code allowed} (case-sensitive). */
    public String choice(String name, Collection<String> allowed) {
        String s = text(name, 200);
        if (s != null && !allowed.contains(s)) {
            error(name, "must be one of " + String.join(", ", allowed));
            return null;
        }
        return s;
    }

    /** The raw value (for structured fields such as a JWK Set). */
    public Object raw(String name) { return fields.get(name); }

    /** Lists are stored as text, one item per line. */
    public static String join(List<String> items) {
        return items == null || items.isEmpty() ? null : String.join("\n", items);
    }

    public static List<String> split(String stored) {
        if (stored == null || stored.isBlank()) return List.of();
        return Arrays.stream(stored.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
