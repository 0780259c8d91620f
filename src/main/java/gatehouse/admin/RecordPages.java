package gatehouse.admin;

import gatehouse.record.RecordNotFoundException;
import jakarta.servlet.ServletException;
import java.io.IOException;

/**
 * The routes every record section of the console shares, in one place (the sections then only say what each page
 * shows and does):
 * <ul>
 * <li>{@code /admin/{section}}: the list, GET only (any other method: 400, the forms never post there);</li>
 * <li>{@code /admin/{section}/new}: the blank form (GET) and creating (POST), where the section {@linkplain #creates creates};</li>
 * <li>{@code /admin/{section}/{sys_id}}: the record's form (GET) and saving it (POST); an unknown sys_id is a 404;</li>
 * <li>{@code /admin/{section}/{sys_id}/{action}}: the section's {@link #action} ({@code delete}, {@code revoke}, …);</li>
 * <li>anything longer than {@link #depth} segments, or an action the section does not know: 404.</li>
 * </ul>
 * Authentication, roles and the CSRF check of a POST happen before, in {@link AdminServlet}.
 *
 * @param <T> the record (entity) the section manages
 */
abstract class RecordPages<T> implements Pages {

    @Override
    public final void serve(Console c) throws IOException, ServletException {
        String first = c.segment(0);
        if (first == null) {
            if (!c.isGet()) throw ConsoleException.badRequest("Use the forms of the console.");
            list(c);
            return;
        }
        if (c.rest.size() > depth()) throw ConsoleException.notFound();
        if (first.equals("new") && c.rest.size() == 1 && creates()) {
            if (c.isGet()) showNew(c);
            else create(c);
            return;
        }
        T record = find(c, first);
        if (record == null) return;   // answered by find (a redirect)
        String action = c.segment(1);
        if (action == null) {
            if (c.isGet()) show(c, record);
            else save(c, record);
        } else {
            action(c, record, action);
        }
    }

    /** How many path segments after the section a record's pages take: 2 ({@code {sys_id}/{action}}) unless overridden. */
    int depth() { return 2; }

    /** Whether {@code new} is the form for a new record (else it is looked up as a sys_id, and not found). */
    boolean creates() { return true; }

    /** GET {@code /admin/{section}}. */
    abstract void list(Console c) throws IOException, ServletException;

    /** GET {@code /admin/{section}/new}: the blank form. */
    void showNew(Console c) throws IOException, ServletException { throw ConsoleException.notFound(); }

    /** POST {@code /admin/{section}/new}. */
    void create(Console c) throws IOException, ServletException { throw ConsoleException.notFound(); }

    /**
     * The record named by the first segment; throws {@link RecordNotFoundException} when there is none.
     * Returns null only when it has answered the request itself (a redirect to where the record is managed).
     */
    abstract T find(Console c, String sysId);

    /** {@code record}, or a {@link RecordNotFoundException} for {@code table}'s {@code sysId} when it is null. */
    static <R> R orNotFound(R record, String table, String sysId) {
        if (record == null) throw new RecordNotFoundException(table, sysId);
        return record;
    }

    /** GET {@code /admin/{section}/{sys_id}}: the record's form. */
    void show(Console c, T record) throws IOException, ServletException { throw ConsoleException.notFound(); }

    /** POST {@code /admin/{section}/{sys_id}}: save the form. */
    void save(Console c, T record) throws IOException, ServletException { throw ConsoleException.notFound(); }

    /** {@code /admin/{section}/{sys_id}/{action}}, either method: the section checks which it takes. */
    void action(Console c, T record, String action) throws IOException, ServletException { throw ConsoleException.notFound(); }
}
