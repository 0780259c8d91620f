package gatehouse.log;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The id of the request this thread is serving ({@code X-Request-Id}), for the log lines written meanwhile. Set by
 * {@code gatehouse.web.RequestIdFilter} (first in {@code web.xml}) for the length of a request and cleared after it;
 * {@link RequestLogHandler} reads it. A thread that serves no request has none.
 */
public final class RequestId {
    public static final String HEADER = "X-Request-Id";
    /** The most characters of an incoming id that are kept. */
    public static final int MAX_LENGTH = 128;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestId() { }

    /** A new id: 128 random bits, base64url without padding (22 characters, unguessable). */
    public static String generate() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Whether an incoming id may be kept: 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ : -}. */
    public static boolean wellFormed(String id) {
        return id != null && WELL_FORMED.matcher(id).matches();
    }

    /** This thread's request id, or null. */
    public static String current() {
        return CURRENT.get();
    }

    /** Makes {@code id} this thread's request id (null: none) and returns the one it replaces, for {@link #restore}. */
    public static String enter(String id) {
        String previous = CURRENT.get();
        CURRENT.set(id);
        return previous;
    }

    /** Puts back what {@link #enter} returned (a nested dispatch), or clears the thread's id. */
    public static void restore(String previous) {
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
    }
}
