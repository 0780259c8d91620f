package gatehouse.outbound;

import gatehouse.client.RedirectUris;
import gatehouse.record.RecordInput;
import java.net.URI;

/** Where Gatehouse may send credentials: https, or http to a loopback host only (RFC 9700 §2.6, RFC 6749 §3.1). */
final class OutboundUrls {
    private OutboundUrls() { }

    /** The URL of {@code field}, or null (absent, or an error recorded on {@code in}). */
    static String read(RecordInput in, String field) {
        String v = in.text(field, 2000);
        if (v == null) return null;
        String problem = problem(v);
        if (problem != null) {
            in.error(field, problem);
            return null;
        }
        return v;
    }

    static String problem(String v) {
        try {
            URI u = new URI(v);
            if (u.getHost() == null || u.getRawUserInfo() != null || u.getFragment() != null)
                return "must be an absolute https URL without user info or fragment";
            boolean https = "https".equals(u.getScheme());
            boolean loopback = "http".equals(u.getScheme()) && (RedirectUris.isLoopbackHost(u.getHost()) || "localhost".equalsIgnoreCase(u.getHost()));
            if (!https && !loopback) return "must be an https URL (http only on a loopback host)";
            return null;
        } catch (Exception e) {
            return "is not a URL";
        }
    }
}
