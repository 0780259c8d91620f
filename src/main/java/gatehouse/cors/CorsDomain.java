package gatehouse.cors;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Domain of a CORS rule, as ServiceNow defines it ("CORS domain requirements"): {@code http://} or
 * {@code https://}, then a domain name ending in a dot and a label, or a full IP address, with at most one
 * wildcard, right after the scheme ({@code https://*.example.com}: every subdomain). Gatehouse also takes
 * {@code localhost} and a {@code :port} (a browser's origin names its port). An exact domain wins over a
 * wildcard; of two wildcards the longer suffix wins.
 */
public final class CorsDomain {
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
    private static final Pattern SYNTAX = Pattern.compile("(https?)://(\\*\\.)?((?:" + LABEL + "\\.)*" + LABEL + "|\\[::1\\])(?::(\\d{1,5}))?");
    private static final Pattern IPV4 = Pattern.compile("(?:\\d{1,3}\\.){3}\\d{1,3}");

    private final String scheme;
    private final boolean wildcard;
    private final String host;
    private final String port;

    private CorsDomain(String scheme, boolean wildcard, String host, String port) {
        this.scheme = scheme;
        this.wildcard = wildcard;
        this.host = host;
        this.port = port;
    }

    /** Null when {@code domain} is a valid CORS rule domain, else what is wrong with it. */
    public static String problem(String domain) {
        Matcher m = SYNTAX.matcher(domain == null ? "" : domain.toLowerCase(Locale.ROOT));
        if (!m.matches()) return "must be http:// or https:// and a domain such as app.example.com or *.example.com (no path)";
        boolean wildcard = m.group(2) != null;
        String host = m.group(3);
        boolean ip = IPV4.matcher(host).matches() || host.startsWith("[");
        if (ip && wildcard) return "may not use a wildcard with an IP address";
        boolean named = !ip && (wildcard || !host.equals("localhost"));
        if (named && (!wildcard && !host.contains(".") || !host.substring(host.lastIndexOf('.') + 1).matches(".*[a-z].*")))
            return "must end with a dot and a label, such as .com";
        if (m.group(4) != null && (Integer.parseInt(m.group(4)) < 1 || Integer.parseInt(m.group(4)) > 65535)) return "has a port out of range";
        return null;
    }

    /** Parses a valid domain (see {@link #problem}). */
    public static CorsDomain parse(String domain) {
        Matcher m = SYNTAX.matcher(domain.toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException("not a CORS domain");
        String port = m.group(4);
        if (port != null && ((m.group(1).equals("http") && port.equals("80")) || (m.group(1).equals("https") && port.equals("443")))) port = null;
        return new CorsDomain(m.group(1), m.group(2) != null, m.group(3), port);
    }

    /**
     * How well this domain matches a serialized origin: {@code -1} for no match, else higher for a closer one
     * (an exact domain above every wildcard).
     */
    public int match(String origin) {
        CorsDomain o;
        try {
            o = parse(origin);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (o.wildcard || !scheme.equals(o.scheme) || !java.util.Objects.equals(port, o.port)) return -1;
        if (!wildcard) return host.equals(o.host) ? Integer.MAX_VALUE : -1;
        return o.host.endsWith("." + host) ? host.length() : -1;
    }
}
