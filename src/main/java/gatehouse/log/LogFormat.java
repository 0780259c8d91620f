package gatehouse.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * How Gatehouse's log lines look ({@code gatehouse.log.format}). {@code text}: the container's own format, the message
 * preceded by {@code [request_id=…]} while a request runs. {@code json}: one JSON object per line with {@code time}
 * (ISO-8601, UTC), {@code level}, {@code logger}, {@code message}, {@code request_id} (null outside a request),
 * {@code thread}, and for a failure {@code exception} (its class and message) and {@code stack} (frames only: class,
 * method, file and line, and the class of each cause, never a cause's message).
 */
public enum LogFormat {
    TEXT, JSON;

    /** {@code text} or {@code json}, any case; else null. */
    public static LogFormat of(String setting) {
        if (setting == null) return null;
        return switch (setting.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> null;
        };
    }

    private static final Formatter MESSAGES = new Formatter() {
        @Override
        public String format(LogRecord r) { return formatMessage(r); }
    };

    /** The record's message with its parameters filled in. */
    static String message(LogRecord r) {
        return MESSAGES.formatMessage(r);
    }

    /** The text format's message: the request id first, while there is one. */
    static String textMessage(LogRecord r, String requestId) {
        String m = message(r);
        return requestId == null ? m : "[request_id=" + requestId + "] " + m;
    }

    /** One JSON object and a line feed. */
    public static String json(LogRecord r, String requestId, String threadName) {
        StringBuilder b = new StringBuilder(256).append('{');
        field(b, "time", DateTimeFormatter.ISO_INSTANT.format(r.getInstant() == null ? Instant.now() : r.getInstant())).append(',');
        field(b, "level", r.getLevel().getName()).append(',');
        field(b, "logger", r.getLoggerName()).append(',');
        field(b, "message", message(r)).append(',');
        field(b, "request_id", requestId).append(',');
        field(b, "thread", threadName);
        Throwable t = r.getThrown();
        if (t != null) {
            b.append(',');
            field(b, "exception", t.getMessage() == null ? t.getClass().getName() : t.getClass().getName() + ": " + t.getMessage()).append(',');
            field(b, "stack", frames(t));
        }
        return b.append("}\n").toString();
    }

    private static String frames(Throwable t) {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(s);
        int depth = 0;
        for (Throwable c = t; c != null && depth < 10; c = c.getCause(), depth++) {
            if (c != t) w.print("Caused by: " + c.getClass().getName() + "\n");
            for (StackTraceElement e : c.getStackTrace()) w.print("\tat " + e + "\n");
        }
        w.flush();
        return s.toString();
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":");
        if (value == null) return b.append("null");
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"');
    }
}
