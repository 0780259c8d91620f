package gatehouse.record;

import java.util.Map;
import java.util.stream.Collectors;

/** A record refused as a whole, with one message per wrong field. */
public class InvalidRecordException extends RuntimeException {
    private final Map<String, String> fieldErrors;

    public InvalidRecordException(Map<String, String> fieldErrors) {
        super(fieldErrors.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("; ")));
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public InvalidRecordException(String field, String message) {
        this(Map.of(field, message));
    }

    public Map<String, String> fieldErrors() { return fieldErrors; }
}
