package gatehouse.outbound;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error a resource server names in its {@code WWW-Authenticate: Bearer} challenge (RFC 6750 §3), which may be
 * the only reason it gives: Keycloak's userinfo endpoint answers 403 with an empty body and
 * {@code Bearer realm="x", error="insufficient_scope", error_description="Missing openid scope"}.
 */
final class BearerChallenge {
    private static final Pattern BEARER = Pattern.compile("(?i)(?:^|[\\s,])Bearer(?:\\s+|$)");
    /** An auth-param (RFC 9110 §11.2): name=token or name="quoted string". */
    private static final Pattern PARAM = Pattern.compile("([A-Za-z0-9_.-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,\"]+))");
    private static final int MAX = 300;

    private BearerChallenge() { }

    /** {@code error} or {@code error: error_description} of the first Bearer challenge that names an error; else null. */
    static String error(Map<String, List<String>> headers) {
        if (headers == null) return null;
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() == null || !h.getKey().toLowerCase(Locale.ROOT).equals("www-authenticate")) continue;
            for (String value : h.getValue()) {
                String found = error(value);
                if (found != null) return found;
            }
        }
        return null;
    }

    static String error(String headerValue) {
        if (headerValue == null) return null;
        Matcher bearer = BEARER.matcher(headerValue);
        if (!bearer.find()) return null;
        String error = null;
        String description = null;
        Matcher p = PARAM.matcher(headerValue);
        p.region(bearer.end(), headerValue.length());
        while (p.find()) {
            String value = p.group(2) != null ? p.group(2).replaceAll("\\\\(.)", "$1") : p.group(3);
            String name = p.group(1).toLowerCase(Locale.ROOT);
            if (name.equals("error") && error == null) error = printable(value);
            else if (name.equals("error_description") && description == null) description = printable(value);
        }
        if (error == null || error.isEmpty()) return null;
        String s = description == null || description.isEmpty() ? error : error + ": " + description;
        return s.length() <= MAX ? s : s.substring(0, MAX);
    }

    /** RFC 6750 §3: both values are visible ASCII and space; anything else is dropped. */
    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "");
    }
}
