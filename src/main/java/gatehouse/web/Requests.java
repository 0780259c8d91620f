package gatehouse.web;

import jakarta.servlet.http.HttpServletRequest;

/** Small readings of an HTTP request that several servlets need. */
public final class Requests {
    private Requests() { }

    /** scheme://host[:port] of the request, as the client addressed it. */
    public static String origin(HttpServletRequest req) {
        String scheme = req.getScheme();
        int port = req.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String host = req.getServerName();
        if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    /**
     * A request parameter that must appear at most once (RFC 6749 §3.1, §3.2): null when absent,
     * {@link DuplicateParameterException} when repeated.
     */
    public static String single(HttpServletRequest req, String name) {
        String[] values = req.getParameterValues(name);
        if (values == null || values.length == 0) return null;
        if (values.length > 1) throw new DuplicateParameterException(name);
        return values[0];
    }

    /** Thrown by {@link #single} for a repeated parameter. */
    public static final class DuplicateParameterException extends RuntimeException {
        public final String parameter;

        public DuplicateParameterException(String parameter) {
            super("parameter " + parameter + " is repeated");
            this.parameter = parameter;
        }
    }
}
