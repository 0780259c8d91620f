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
    /** The most a {@code return_to} may take, encoded, in a redirect's {@code Location}. */
    public static final int MAX_RETURN_TO = 2048;

    /**
     * {@code back} (a path on this server, with its query) as the login page's {@code return_to}: the path alone when
     * the query would make the redirect's {@code Location} longer than {@value #MAX_RETURN_TO} characters, since no
     * response header may grow with the input (a longer one broke the response: a 500 with no body).
     */
    public static String boundedReturnTo(String back) {
        if (encode(back).length() <= MAX_RETURN_TO) return back;
        int q = back.indexOf('?');
        String path = q < 0 ? back : back.substring(0, q);
        return encode(path).length() <= MAX_RETURN_TO ? path : "/";
    }

    /** {@code /login.do?return_to=…} (relative to the context path) for a browser without a session. */
    public static String loginLocation(String back) {
        return "/login.do?return_to=" + encode(boundedReturnTo(back));
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static final class DuplicateParameterException extends RuntimeException {
        public final String parameter;

        public DuplicateParameterException(String parameter) {
            super("parameter " + parameter + " is repeated");
            this.parameter = parameter;
        }
    }
}
