package gatehouse.client;

import java.net.URI;
import java.util.List;

/** Redirect URI rules (RFC 9700 §4.1, RFC 8252 §7.3): exact match, but any port on a loopback http URI. */
public final class RedirectUris {
    private RedirectUris() { }

    /** Null when {@code uri} may be registered, else what is wrong with it. */
    public static String problem(String uri) {
        URI u;
        try {
            u = new URI(uri);
        } catch (Exception e) {
            return "is not a URI";
        }
        if (!u.isAbsolute()) return "must be an absolute URI";
        if (u.getFragment() != null || uri.contains("#")) return "must not have a fragment";
        String scheme = u.getScheme().toLowerCase();
        if (scheme.equals("javascript") || scheme.equals("data") || scheme.equals("file") || scheme.equals("vbscript"))
            return "has a scheme that is not allowed";
        if ((scheme.equals("http") || scheme.equals("https")) && (u.getHost() == null || u.getHost().isEmpty()))
            return "has no host";
        if (scheme.equals("http") && !isLoopbackHost(u.getHost()) && !"localhost".equalsIgnoreCase(u.getHost()))
            return "must use https (http is allowed only on loopback)";
        if (u.getUserInfo() != null) return "must not hold user information";
        return null;
    }

    public static boolean isLoopbackHost(String host) {
        return host != null && (host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1"));
    }

    /** Whether {@code requested} matches one of {@code registered}: character for character, except a loopback port. */
    public static boolean matches(List<String> registered, String requested) {
        for (String r : registered) {
            if (r.equals(requested)) return true;
            if (loopbackEqualIgnoringPort(r, requested)) return true;
        }
        return false;
    }

    private static boolean loopbackEqualIgnoringPort(String registered, String requested) {
        try {
            URI a = new URI(registered);
            URI b = new URI(requested);
            if (!"http".equals(a.getScheme()) || !"http".equals(b.getScheme())) return false;
            if (!isLoopbackHost(a.getHost()) || !a.getHost().equals(b.getHost())) return false;
            return eq(a.getRawPath(), b.getRawPath()) && eq(a.getRawQuery(), b.getRawQuery())
                    && a.getRawUserInfo() == null && b.getRawUserInfo() == null && b.getRawFragment() == null;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
