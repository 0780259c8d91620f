package gatehouse.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a POST to the token, revocation or introspection endpoint, read from the body only
 * (RFC 6749 §3.2, §4.1.3: {@code application/x-www-form-urlencoded}, UTF-8). Refuses, as
 * {@code invalid_request}: another content type, a body over {@value #MAX_BODY} bytes, malformed encoding,
 * a parameter sent twice (RFC 6749 §3.2; but for {@link #REPEATABLE} ones) and credentials in the URL query (RFC 6749 §2.3.1).
 */
public final class FormParameters {
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_PARAMETERS = 64;
    /** Values that must never travel in a URL, where logs and Referer headers keep them. */
    static final Set<String> CREDENTIALS = Set.of("client_secret", "client_assertion", "code", "code_verifier",
            "refresh_token", "password", "assertion", "token");

    /** Parameters that may be sent more than once: RFC 8707 §2 {@code resource}, RFC 8693 §2.1 {@code audience}. */
    static final Set<String> REPEATABLE = Set.of("resource", "audience");

    private final Map<String, String> values;
    /** The second and later values of {@link #REPEATABLE} parameters. */
    private final Map<String, List<String>> more;
    private final String remoteAddress;

    private FormParameters(Map<String, String> values) {
        this(values, Map.of(), null);
    }

    private FormParameters(Map<String, String> values, Map<String, List<String>> more, String remoteAddress) {
        this.values = Collections.unmodifiableMap(values);
        this.more = more;
        this.remoteAddress = remoteAddress;
    }

    /** The same parameters, with the address they came from (for password throttling). */
    public FormParameters from(String address) {
        return new FormParameters(values, more, address);
    }

    /** The client's network address, when known. */
    public String remoteAddress() { return remoteAddress; }

    /** For unit tests and callers that already hold the values. */
    public static FormParameters of(Map<String, String> values) {
        return new FormParameters(new LinkedHashMap<>(values));
    }

    public static FormParameters read(String method, String contentType, long contentLength, InputStream body, String query) throws IOException {
        if (!"POST".equals(method)) throw OAuthError.invalidRequest("The endpoint accepts only POST (RFC 6749 §3.2)");
        if (query != null && !query.isEmpty()) {
            for (String name : decode(query).keySet())
                if (CREDENTIALS.contains(name)) throw OAuthError.invalidRequest("Parameter " + name + " must not be sent in the URL query");
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).split(";")[0].trim().equals("application/x-www-form-urlencoded"))
            throw OAuthError.invalidRequest("The request body must be application/x-www-form-urlencoded");
        if (contentLength > MAX_BODY) throw OAuthError.invalidRequest("The request body is too large");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = body.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) throw OAuthError.invalidRequest("The request body is too large");
        }
        Map<String, List<String>> more = new LinkedHashMap<>();
        return new FormParameters(decode(out.toString(StandardCharsets.ISO_8859_1), more), more, null);
    }

    private static Map<String, String> decode(String text) {
        return decode(text, new LinkedHashMap<>());
    }

    private static Map<String, String> decode(String text, Map<String, List<String>> more) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text.isEmpty()) return map;
        int count = 0;
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = part(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : part(pair.substring(eq + 1));
            if (++count > MAX_PARAMETERS) throw OAuthError.invalidRequest("Too many parameters");
            if (map.containsKey(name)) {
                if (!REPEATABLE.contains(name)) throw OAuthError.invalidRequest("Parameter " + name + " is repeated (RFC 6749 §3.2)");
                more.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                continue;
            }
            map.put(name, value);
        }
        return map;
    }

    private static String part(String encoded) {
        for (int i = 0; i < encoded.length(); i++)
            if (encoded.charAt(i) > 0x7e) throw OAuthError.invalidRequest("The request body is not form-urlencoded");
        try {
            String s = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
            if (s.indexOf('\uFFFD') >= 0) throw OAuthError.invalidRequest("The request body is not valid UTF-8");
            return s;
        } catch (IllegalArgumentException e) {
            throw OAuthError.invalidRequest("The request body is not form-urlencoded: " + e.getMessage());
        }
    }

    /** The value, or null when absent; an empty value counts as absent (RFC 6749 §3.1). */
    public String get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The value, or {@code invalid_request} naming the missing parameter. */
    public String require(String name) {
        String v = get(name);
        if (v == null) throw OAuthError.invalidRequest("Missing parameter " + name);
        return v;
    }

    public boolean has(String name) { return get(name) != null; }

    /** Every value of a {@link #REPEATABLE} parameter in the order sent, empty ones included (the caller refuses them). */
    public List<String> all(String name) {
        String first = values.get(name);
        if (first == null) return List.of();
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(more.getOrDefault(name, List.of()));
        return out;
    }

    public Map<String, String> all() { return values; }
}
