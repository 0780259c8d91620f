package gatehouse.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ServiceNow's value formats. */
public final class Formats {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Formats() { }

    /** {@code yyyy-MM-dd HH:mm:ss} in UTC, as the Table API shows times; null stays null. */
    public static String dateTime(Long epochMillis) {
        return epochMillis == null ? null : DATE_TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
