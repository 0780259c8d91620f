package gatehouse.web;

import jakarta.servlet.http.HttpServletRequest;

/** Small readings of an HTTP request that several servlets need. */
public final class Requests {
    private Requests() { }

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
