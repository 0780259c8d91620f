package gatehouse.client;

import java.net.URI;
import java.util.Locale;

/** What may be a resource indicator (RFC 8707 §2): an absolute URI without a fragment, as an application's {@code resources} list holds. */
public final class ResourceUris {
    /** At most this many resources on an application, and in one request. */
    public static final int MAX_RESOURCES = 20;
    /** The longest resource URI. */
    public static final int MAX_LENGTH = 300;

    private ResourceUris() { }

    /** Null when {@code uri} may be a resource (registered or requested), else what is wrong with it. */
    public static String problem(String uri) {
        if (uri == null || uri.isEmpty()) return "is empty";
        if (uri.length() > MAX_LENGTH) return "is longer than " + MAX_LENGTH + " characters";
        if (uri.indexOf('#') >= 0) return "must not have a fragment";
        URI u;
        try {
            u = new URI(uri);
        } catch (Exception e) {
            return "is not a URI";
        }
        if (!u.isAbsolute()) return "must be an absolute URI";
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if ((scheme.equals("http") || scheme.equals("https")) && (u.getHost() == null || u.getHost().isEmpty())) return "has no host";
        if (u.getRawUserInfo() != null) return "must not hold user information";
        return null;
    }
}
