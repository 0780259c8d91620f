package gatehouse.testing;

import java.util.regex.Pattern;

/** What an error answer must not give away: an exception, a class or package name, a stack frame, the server's name. */
public final class Leaks {
    static final Pattern LEAK = Pattern.compile(
            "(?i)exception|java\\.|jakarta\\.|javax\\.|org\\.(apache|eclipse|glassfish|postgresql)|tomcat|payara|glassfish|grizzly|catalina"
                    + "|\\bat [a-z]+\\.[a-z]|\\.java:\\d");

    private Leaks() { }

    /** True when {@code text} names an exception, a class, a stack frame or the server. */
    public static boolean find(String text) {
        return text != null && LEAK.matcher(text).find();
    }

    /** The first such thing in {@code text}, or null. */
    public static String first(String text) {
        if (text == null) return null;
        var m = LEAK.matcher(text);
        return m.find() ? m.group() : null;
    }
}
