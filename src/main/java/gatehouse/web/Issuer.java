package gatehouse.web;

import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The issuer (RFC 8414 §2): {@code iss} of tokens and metadata, and the start of every absolute URL Gatehouse writes.
 * <p>
 * With {@code gatehouse.issuer} set, always that. Without it, the issuer is never taken from a stranger: it is derived
 * per request, and only from a request that comes from this machine's loopback and names a loopback host
 * ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}) as its target, as the README's run command serves it. Any other
 * request has no issuer and {@link IssuerFilter} refuses it. A derived issuer lives for one request only (on the
 * thread serving it, set by {@link IssuerFilter}); nothing derived is ever kept for a later request, so the first
 * request after a start cannot choose the issuer for everybody (CONTRACT "Deployment").
 */
public final class Issuer {
    private final String configured;
    private final ThreadLocal<String> current = new ThreadLocal<>();

    /** @param configured the value of {@code gatehouse.issuer}, or null */
    public Issuer(String configured) {
        this.configured = configured;
    }

    /** This request's issuer: the setting, else the one derived for the request being served, else null. */
    public String get() {
        return configured != null ? configured : current.get();
    }

    public boolean isConfigured() {
        return configured != null;
    }

    /** Runs {@code work} with {@code derived} as the issuer of the current thread's request, then forgets it. */
    public <T> T during(String derived, Callable<T> work) throws Exception {
        String before = current.get();
        current.set(derived);
        try {
            return work.call();
        } finally {
            if (before == null) current.remove();
            else current.set(before);
        }
    }

    /**
     * The issuer derived from a request, or null when the request may not name one: its client is not a loopback
     * address, or the host it addressed (Host header or absolute request-target, as the container resolved it)
     * is not a loopback name. The client and scheme are {@link ClientAddress}'s: the TCP peer's unless a trusted
     * proxy forwarded the request; no other {@code X-Forwarded-*} header is read.
     */
    public static String derive(String clientAddress, String scheme, String host, int port, String contextPath) {
        if (!isLoopbackAddress(clientAddress) || !isLoopbackHost(host)) return null;
        if (!"http".equals(scheme) && !"https".equals(scheme)) return null;
        if (port <= 0 || port > 65_535) return null;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String path = contextPath == null ? "" : contextPath;
        return scheme + "://" + h + (defaultPort ? "" : ":" + port) + path;
    }

    /** A literal loopback IP address (the client as {@link ClientAddress} saw it). Never resolves a name. */
    static boolean isLoopbackAddress(String address) {
        InetAddress a = ClientAddress.literal(address);
        return a != null && a.isLoopbackAddress();
    }

    /** {@code localhost} or a loopback IP literal, as a request's target host. */
    static boolean isLoopbackHost(String host) {
        if (host == null) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h.equals("localhost") || isLoopbackAddress(h);
    }
}
