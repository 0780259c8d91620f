package gatehouse.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parameters of a POST to the token, revocation or introspection endpoint, read from the body only
 * (RFC 6749 §3.2, §4.1.3: {@code application/x-www-form-urlencoded}, UTF-8). Refuses, as
 * {@code invalid_request}: another content type, a body over {@value #MAX_BODY} bytes, malformed encoding,
 * a parameter sent twice (RFC 6749 §3.2) and credentials in the URL query (RFC 6749 §2.3.1).
 */
public final class FormParameters {
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_PARAMETERS = 64;
    /** Values that must never travel in a URL, where logs and Referer headers keep them. */
    static final Set<String> CREDENTIALS = Set.of("client_secret", "client_assertion", "code", "code_verifier",
            "refresh_token", "password", "assertion", "token");

    private final Map<String, String> values;

    private FormParameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

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
        return new FormParameters(decode(out.toString(StandardCharsets.ISO_8859_1)));
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text.isEmpty()) return map;
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = part(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : part(pair.substring(eq + 1));
            if (map.containsKey(name)) throw OAuthError.invalidRequest("Parameter " + name + " is repeated (RFC 6749 §3.2)");
            if (map.size() >= MAX_PARAMETERS) throw OAuthError.invalidRequest("Too many parameters");
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

    public Map<String, String> all() { return values; }
}
