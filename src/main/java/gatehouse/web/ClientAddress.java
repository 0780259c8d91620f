package gatehouse.web;

import gatehouse.Gatehouse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client's real address and scheme, the one place that decides them (CONTRACT "Security of log-in"): what
 * throttling, login sessions, the audit log, {@code Secure} cookies and a derived issuer use.
 * <p>
 * By default the TCP peer and the connection's own scheme. Only when the peer is one of {@code gatehouse.proxy.trusted}
 * (addresses or CIDR ranges, IPv4 and IPv6) are the proxy headers read: RFC 7239 {@code Forwarded} ({@code for=},
 * {@code proto=}) when present, else {@code X-Forwarded-For} and {@code X-Forwarded-Proto}. The client is the right-most
 * address of the chain that is not itself trusted (everything left of it was written by the client and proves nothing);
 * its scheme is the one recorded by the hop that saw it. Anyone else's headers are ignored. Address literals only:
 * never a DNS look-up.
 */
public final class ClientAddress {
    static final String ATTRIBUTE = ClientAddress.class.getName();
    /** At most this many hops are read, from the right. */
    static final int MAX_HOPS = 32;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]*)\\](?::\\d{1,5})?");

    /** A request's client: its address (canonical text of an IP literal, or the container's value) and scheme. */
    public record Client(String address, String scheme) {
        public boolean secure() { return "https".equals(scheme); }
    }

    /** A trusted address range: the first {@code bits} bits of {@code network}. */
    record Range(byte[] network, int bits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) return false;
            }
            return true;
        }
    }

    private record Hop(InetAddress address, String proto) { }

    private final List<Range> trusted;

    /**
     * @param trustedSetting {@code gatehouse.proxy.trusted}: comma-separated addresses or CIDR ranges; null or empty
     *                       trusts nobody
     * @throws IllegalArgumentException naming the first entry that is not an address or range
     */
    public ClientAddress(String trustedSetting) {
        List<Range> ranges = new ArrayList<>();
        if (trustedSetting != null) {
            for (String entry : trustedSetting.split(",")) {
                String e = entry.trim();
                if (!e.isEmpty()) ranges.add(range(e));
            }
        }
        this.trusted = List.copyOf(ranges);
    }

    /** This request's client, worked out once per request (kept as a request attribute). */
    public static Client of(HttpServletRequest req) {
        if (req.getAttribute(ATTRIBUTE) instanceof Client c) return c;
        Object g = req.getServletContext().getAttribute(Gatehouse.class.getName());
        Client c = g instanceof Gatehouse gatehouse ? gatehouse.clientAddress.resolve(req) : new ClientAddress(null).resolve(req);
        req.setAttribute(ATTRIBUTE, c);
        return c;
    }

    /** Whether the request's TCP peer is one of {@code gatehouse.proxy.trusted} (false before Gatehouse has started). */
    public static boolean peerIsTrustedProxy(HttpServletRequest req) {
        InetAddress peer = literal(req.getRemoteAddr());
        return peer != null && req.getServletContext().getAttribute(Gatehouse.class.getName()) instanceof Gatehouse g
                && g.clientAddress.trusted(peer);
    }

    public Client resolve(HttpServletRequest req) {
        return resolve(req.getRemoteAddr(), req.isSecure() ? "https" : req.getScheme(), headers(req, "Forwarded"),
                headers(req, "X-Forwarded-For"), headers(req, "X-Forwarded-Proto"));
    }

    /**
     * @param peer       the TCP peer's address as the container gives it
     * @param scheme     the connection's scheme
     * @param forwarded  the {@code Forwarded} header lines, in order (RFC 7239 §4)
     * @param forwardedFor   the {@code X-Forwarded-For} lines
     * @param forwardedProto the {@code X-Forwarded-Proto} lines
     */
    public Client resolve(String peer, String scheme, List<String> forwarded, List<String> forwardedFor, List<String> forwardedProto) {
        InetAddress peerAddress = literal(peer);
        Client direct = new Client(peerAddress == null ? (peer == null || peer.isEmpty() ? "unknown" : peer) : canonical(peerAddress), scheme);
        if (peerAddress == null || !trusted(peerAddress)) return direct;
        List<Hop> hops;
        String fallbackProto = null;
        if (!forwarded.isEmpty()) {
            hops = parseForwarded(String.join(",", forwarded));
            if (hops == null) return direct;   // malformed: believe nothing in it
        } else {
            List<String> protos = list(String.join(",", forwardedProto));
            List<String> fors = list(String.join(",", forwardedFor));
            hops = new ArrayList<>();
            // each proxy appends both headers: aligned from the right when they have as many entries; else the
            // nearest proxy (right-most value) set the scheme
            for (int i = 0; i < fors.size(); i++)
                hops.add(new Hop(forAddress(fors.get(i)), protos.size() == fors.size() ? protos.get(i) : null));
            if (protos.size() != fors.size() && !protos.isEmpty()) fallbackProto = protos.get(protos.size() - 1);
        }
        InetAddress client = peerAddress;
        String proto = fallbackProto;
        for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
            Hop h = hops.get(i);
            if (h.proto() != null) proto = h.proto();
            if (h.address() == null) break;          // "unknown", obfuscated or garbage: the last good hop is the client
            client = h.address();
            if (!trusted(client)) break;
        }
        String p = proto == null ? null : proto.trim().toLowerCase(Locale.ROOT);
        return new Client(canonical(client), "http".equals(p) || "https".equals(p) ? p : scheme);
    }

    public boolean trusted(InetAddress a) {
        for (Range r : trusted) if (r.contains(a)) return true;
        return false;
    }

    /** RFC 7239 §4: elements separated by commas, pairs by semicolons, values tokens or quoted strings; null when malformed. */
    static List<Hop> parseForwarded(String header) {
        List<Hop> hops = new ArrayList<>();
        for (String element : split(header, ',')) {
            if (element == null) return null;
            if (element.isBlank()) continue;
            InetAddress address = null;
            String proto = null;
            for (String pair : split(element, ';')) {
                if (pair == null) return null;
                int eq = pair.indexOf('=');
                if (eq <= 0) return null;
                String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = unquote(pair.substring(eq + 1).trim());
                if (value == null) return null;
                if (name.equals("for")) address = forAddress(value);
                else if (name.equals("proto")) proto = value;
            }
            hops.add(new Hop(address, proto));
        }
        return hops;
    }

    /** Splits on {@code sep} outside quoted strings; a null entry when a quote is not closed. */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                b.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c == sep && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(quoted ? null : b.toString());
        return out;
    }

    private static String unquote(String v) {
        if (!v.startsWith("\"")) return v.contains("\"") ? null : v;
        if (v.length() < 2 || !v.endsWith("\"")) return null;
        return v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
    }

    private static List<String> list(String joined) {
        if (joined.isBlank()) return Collections.emptyList();
        List<String> out = new ArrayList<>();
        for (String s : joined.split(",")) out.add(s.trim());
        return out;
    }

    /** A hop's address as proxies write it: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}, {@code 2001:db8::1}. */
    static InetAddress forAddress(String value) {
        String v = value.trim();
        Matcher m = BRACKETED.matcher(v);
        if (m.matches()) return literal(m.group(1));
        m = IPV4_WITH_PORT.matcher(v);
        if (m.matches()) return literal(m.group(1));
        return literal(v);
    }

    /** An IP address literal (IPv4 dotted quad, or IPv6, bracketed or not), else null; never a DNS look-up. */
    public static InetAddress literal(String text) {
        if (text == null) return null;
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        try {
            Matcher m = IPV4.matcher(t);
            if (m.matches()) {
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(m.group(i + 1));
                    if (octet > 255) return null;
                    b[i] = (byte) octet;
                }
                return InetAddress.getByAddress(b);
            }
            // brackets make the JDK parse it as an IPv6 literal or fail, never look it up
            if (IPV6.matcher(t).matches() && t.length() <= 45) return InetAddress.getByName("[" + t + "]");
        } catch (UnknownHostException e) {
            return null;
        }
        return null;
    }

    /** {@code a.b.c.d}, or IPv6 in RFC 5952 form (lower case, the longest run of zero groups as {@code ::}). */
    public static String canonical(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) return a.getHostAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    static Range range(String entry) {
        int slash = entry.indexOf('/');
        InetAddress a = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (a == null) throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR range");
        int max = a.getAddress().length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0-" + max);
        }
        return new Range(a.getAddress(), bits);
    }

    private static List<String> headers(HttpServletRequest req, String name) {
        var values = req.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }
}
