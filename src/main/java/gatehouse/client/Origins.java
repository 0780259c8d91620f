package gatehouse.client;

import java.net.URI;
import java.util.Locale;

/**
 * Web origins (RFC 6454 §4): scheme, host and port, serialized as a browser sends them in {@code Origin}
 * ({@code https://app.example.com}, {@code http://127.0.0.1:5173}; the default port left out).
 */
public final class Origins {
    private Origins() { }

    /** The origin of an http(s) URL, or null (another scheme, no host, not a URL). */
    public static String of(String url) {
        if (url == null) return null;
        try {
            URI u = new URI(url);
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme)) return null;
            if (u.getHost() == null || u.getHost().isEmpty() || u.getRawUserInfo() != null) return null;
            int port = u.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * {@code value} when it is a serialized origin exactly as browsers send it (scheme, host, optional port; nothing
     * else, no trailing slash), else null. {@code null} as the header value ("opaque" origins) is not an origin.
     */
    public static String parse(String value) {
        if (value == null || value.length() > 300) return null;
        String origin = of(value);
        return origin != null && origin.equals(value) ? origin : null;
    }

    /**
     * Null when {@code value} may be registered as an application's allowed origin, else what is wrong with it:
     * an origin, https unless on loopback (as redirect URLs, RFC 9700 §4.1).
     */
    public static String problem(String value) {
        String origin = of(value);
        if (origin == null || !origin.equals(value.toLowerCase(Locale.ROOT)))
            return "is not an origin such as https://app.example.com (scheme, host and port only, no path)";
        URI u = URI.create(origin);
        if (u.getScheme().equals("http") && !RedirectUris.isLoopbackHost(u.getHost()) && !"localhost".equals(u.getHost()))
            return "must use https (http is allowed only on loopback)";
        return null;
    }
}
