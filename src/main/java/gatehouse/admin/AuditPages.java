package gatehouse.admin;

import gatehouse.store.AuditEntry;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log (written by the services in the same transaction as each change): filter by actor, record, dates. */
final class AuditPages implements Pages {
    static final int PAGE_SIZE = 50;

    @Override
    public void serve(Console c) throws IOException, ServletException {
        if (c.segment(0) != null) throw ConsoleException.notFound();
        if (!c.isGet()) throw ConsoleException.badRequest("The audit log cannot be changed.");
        Map<String, Object> form = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        String actor = c.text("actor");
        String table = c.text("table");
        String record = c.text("record");
        String from = c.text("from");
        String to = c.text("to");
        form.put("actor", actor);
        form.put("table", table);
        form.put("record", record);
        form.put("from", from);
        form.put("to", to);
        Long fromMillis = day(from, "from", errors, 0);
        Long untilMillis = day(to, "to", errors, 1);
        int page = c.page();
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = 0;
        if (errors.isEmpty()) {
            ConsoleQueries.Page<AuditEntry> found = ConsoleQueries.audit(c.g.db, actor, table, record, fromMillis, untilMillis,
                    (page - 1) * PAGE_SIZE, PAGE_SIZE);
            total = found.total();
            for (AuditEntry e : found.items()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("at", Console.time(e.at));
                row.put("actor", e.actor);
                row.put("action", e.action);
                row.put("table", e.tableName);
                row.put("record", e.recordId);
                row.put("detail", e.detail);
                row.put("address", e.remoteAddress);
                rows.add(row);
            }
        } else {
            c.set("formError", "Correct the filter marked below.");
        }
        c.set("form", form);
        c.set("errors", errors);
        c.set("rows", rows);
        Paging.expose(c, page, PAGE_SIZE, total, "actor", actor, "table", table, "record", record, "from", from, "to", to);
        c.render("audit", errors.isEmpty() ? 200 : 400);
    }

    /** yyyy-MM-dd (UTC) as epoch millis at the start of that day plus {@code plusDays}; null when empty. */
    private static Long day(String text, String field, Map<String, String> errors, int plusDays) {
        if (text.isEmpty()) return null;
        try {
            return LocalDate.parse(text).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            errors.put(field, "must be a date such as 2026-01-31");
            return null;
        }
    }
}
