package gatehouse.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code sysparm_*} parameters of a list call, checked (CONTRACT "Table API"). */
public record ListQuery(String query, int limit, int offset, List<String> fields) {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10000;

    public static ListQuery from(MultivaluedMap<String, String> params) {
        int limit = nonNegative(params, "sysparm_limit", DEFAULT_LIMIT);
        int offset = nonNegative(params, "sysparm_offset", 0);
        String query = single(params, "sysparm_query");
        if (query != null && query.length() > 4000) throw ApiException.badRequest("sysparm_query is too long");
        return new ListQuery(query == null || query.isBlank() ? null : query, Math.min(limit, MAX_LIMIT), offset, fields(params));
    }

    private static int nonNegative(MultivaluedMap<String, String> params, String name, int dflt) {
        String v = single(params, name);
        if (v == null || v.isEmpty()) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a non-negative 32-bit integer");
        }
    }

    private static String single(MultivaluedMap<String, String> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) return null;
        if (v.size() > 1) throw ApiException.badRequest(name + " is repeated");
        return v.get(0);
    }

    private static List<String> fields(MultivaluedMap<String, String> params) {
        String v = single(params, "sysparm_fields");
        if (v == null || v.isBlank()) return null;
        List<String> out = new ArrayList<>();
        for (String f : v.split(",")) if (!f.isBlank()) out.add(f.trim());
        return out.isEmpty() ? null : out;
    }

    /** Keeps only {@code sysparm_fields} of a record (all when none asked). */
    public static Map<String, Object> select(Map<String, Object> row, MultivaluedMap<String, String> params) {
        return select(row, fields(params));
    }

    public static Map<String, Object> select(Map<String, Object> row, List<String> fields) {
        if (fields == null) return row;
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : fields) if (row.containsKey(f)) out.put(f, row.get(f));
        return out;
    }

    /** The most a {@code Link} header may take; a longer one is left out (the list is still a 200). */
    static final int MAX_LINK_HEADER = 2048;

    /**
     * RFC 8288 links to the first, previous, next and last pages, as ServiceNow sends them: the list's address and
     * its {@code sysparm_*} parameters only (nothing else the request carried), or null when that would be longer than
     * {@value #MAX_LINK_HEADER} characters, so that no response header grows with the input.
     */
    public static String linkHeader(UriInfo uri, Table.Page page) {
        if (page.limit() == 0) return null;
        StringBuilder base = new StringBuilder(uri.getAbsolutePath().toString()).append('?');
        for (Map.Entry<String, List<String>> p : uri.getQueryParameters().entrySet()) {
            String name = p.getKey();
            if (!name.startsWith("sysparm_") || name.equals("sysparm_offset") || name.equals("sysparm_limit") || p.getValue().isEmpty())
                continue;
            base.append(encode(name)).append('=').append(encode(p.getValue().get(0))).append('&');
            if (base.length() > MAX_LINK_HEADER) return null;
        }
        List<String> links = new ArrayList<>();
        links.add(link(base, 0, page.limit(), "first"));
        if (page.offset() > 0) links.add(link(base, Math.max(0, page.offset() - page.limit()), page.limit(), "prev"));
        if ((long) page.offset() + page.limit() < page.total()) links.add(link(base, page.offset() + page.limit(), page.limit(), "next"));
        long lastOffset = page.total() == 0 ? 0 : ((page.total() - 1) / page.limit()) * page.limit();
        links.add(link(base, lastOffset, page.limit(), "last"));
        String header = String.join(",", links);
        return header.length() > MAX_LINK_HEADER ? null : header;
    }

    private static String link(CharSequence base, long offset, int limit, String rel) {
        return "<" + base + "sysparm_offset=" + offset + "&sysparm_limit=" + limit + ">;rel=\"" + rel + "\"";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
