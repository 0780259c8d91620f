package gatehouse.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code sysparm_*} parameters of a list call, checked (CONTRACT "Table API"). Parameters Gatehouse does not
 * know are ignored, as ServiceNow ignores them.
 */
public record ListQuery(String query, int limit, int offset, List<String> fields, boolean noCount, boolean suppressPaginationHeader) {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10000;

    public static ListQuery from(MultivaluedMap<String, String> params) {
        int limit = nonNegative(params, "sysparm_limit", DEFAULT_LIMIT);
        int offset = nonNegative(params, "sysparm_offset", 0);
        String query = single(params, "sysparm_query");
        if (query != null && query.length() > 4000) throw ApiException.badRequest("sysparm_query is too long");
        return new ListQuery(query == null || query.isBlank() ? null : query, Math.min(limit, MAX_LIMIT), offset, fields(params),
                flag(params, "sysparm_no_count"), flag(params, "sysparm_suppress_pagination_header"));
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

    /** {@code true} or {@code false} (absent or empty: false); anything else is a 400 naming the parameter. */
    static boolean flag(MultivaluedMap<String, String> params, String name) {
        String v = single(params, name);
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("false")) return false;
        if (v.equalsIgnoreCase("true")) return true;
        throw ApiException.badRequest(name + " must be true or false");
    }

    static String single(MultivaluedMap<String, String> params, String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) return null;
        if (v.size() > 1) throw ApiException.badRequest(name + " is repeated");
        return v.get(0);
    }

    static List<String> fields(MultivaluedMap<String, String> params) {
        String v = single(params, "sysparm_fields");
        if (v == null || v.isBlank()) return null;
        List<String> out = new ArrayList<>();
        for (String f : v.split(",")) if (!f.isBlank()) out.add(f.trim());
        return out.isEmpty() ? null : out;
    }

    /** The most a {@code Link} header may take; a longer one is left out (the list is still a 200). */
    static final int MAX_LINK_HEADER = 2048;

    /**
     * RFC 8288 links to the first, previous, next and last pages, as ServiceNow sends them: the list's address and
     * its {@code sysparm_*} parameters only (nothing else the request carried), or null when that would be longer than
     * {@value #MAX_LINK_HEADER} characters, so that no response header grows with the input.
     */
    public static String linkHeader(UriInfo uri, long total, int limit, int offset) {
        if (limit == 0) return null;
        StringBuilder base = new StringBuilder(uri.getAbsolutePath().toString()).append('?');
        for (Map.Entry<String, List<String>> p : uri.getQueryParameters().entrySet()) {
            String name = p.getKey();
            if (!name.startsWith("sysparm_") || name.equals("sysparm_offset") || name.equals("sysparm_limit") || p.getValue().isEmpty())
                continue;
            base.append(encode(name)).append('=').append(encode(p.getValue().get(0))).append('&');
            if (base.length() > MAX_LINK_HEADER) return null;
        }
        List<String> links = new ArrayList<>();
        links.add(link(base, 0, limit, "first"));
        if (offset > 0) links.add(link(base, Math.max(0, offset - limit), limit, "prev"));
        if ((long) offset + limit < total) links.add(link(base, offset + limit, limit, "next"));
        long lastOffset = total == 0 ? 0 : ((total - 1) / limit) * limit;
        links.add(link(base, lastOffset, limit, "last"));
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
