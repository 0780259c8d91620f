package gatehouse.authorize;

/**
 * Where the login page sends the browser afterwards: only a path on this server, never another origin
 * (RFC 9700 §4.11, open redirectors).
 */
public final class ReturnTo {
    public static final String HOME = "/";
    static final int MAX_LENGTH = 8000;

    private ReturnTo() { }

    /**
     * {@code candidate} when it is a same-origin relative path: starts with exactly one {@code /}, holds no
     * backslash, no control or space character (browsers drop some of those, turning {@code /\t/evil} into
     * {@code //evil}); else {@link #HOME}.
     */
    public static String safe(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) return HOME;
        if (candidate.charAt(0) != '/') return HOME;
        if (candidate.length() > 1 && (candidate.charAt(1) == '/' || candidate.charAt(1) == '\\')) return HOME;
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c == '\\' || c <= 0x20 || c == 0x7f || c > 0x7e) return HOME;
        }
        return candidate;
    }
}
