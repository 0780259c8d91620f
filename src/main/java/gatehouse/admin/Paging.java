package gatehouse.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Previous / next links of a paged list; the JSP shows them with {@code paging.jsp}. */
final class Paging {
    private Paging() { }

    /** Sets {@code pageNumber}, {@code pageCount}, {@code total}, {@code prevQuery}, {@code nextQuery} (query strings). */
    static void expose(Console c, int page, int size, long total, String... keepParams) {
        long pages = Math.max(1, (total + size - 1) / size);
        StringBuilder keep = new StringBuilder();
        for (int i = 0; i + 1 < keepParams.length; i += 2) {
            String v = keepParams[i + 1];
            if (v == null || v.isEmpty()) continue;
            keep.append('&').append(keepParams[i]).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        c.set("pageNumber", page);
        c.set("pageCount", pages);
        c.set("total", total);
        c.set("prevQuery", page > 1 ? "?page=" + (page - 1) + keep : null);
        c.set("nextQuery", page < pages ? "?page=" + (page + 1) + keep : null);
    }
}
