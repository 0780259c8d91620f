package gatehouse.token;

import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code scope} parameter (RFC 6749 §3.3): parsing, defaults, and the limits an application sets. */
public final class ScopeRequest {
    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,100}");

    private ScopeRequest() { }

    /** The scopes in a space-delimited string; {@code invalid_scope} for a malformed one. Null or blank: empty. */
    public static Set<String> parse(String scope) {
        Set<String> out = new LinkedHashSet<>();
        if (scope == null || scope.isBlank()) return out;
        if (scope.length() > 2000) throw OAuthError.invalidScope("The scope parameter is too long");
        for (String s : scope.split(" ")) {
            if (s.isEmpty()) continue;
            if (!TOKEN.matcher(s).matches()) throw OAuthError.invalidScope("Malformed scope value");
            out.add(s);
        }
        return out;
    }

    /**
     * The scopes a token for {@code app} gets: the requested ones, each of which the application must be allowed
     * ({@code auth_scopes}); when none is requested, the application's default scopes, else all it is allowed.
     */
    public static Set<String> forApplication(Application app, String requested) {
        Set<String> allowed = new LinkedHashSet<>(RecordInput.split(app.authScopes));
        Set<String> asked = parse(requested);
        if (asked.isEmpty()) {
            Set<String> defaults = new LinkedHashSet<>(RecordInput.split(app.defaultScopes));
            defaults.retainAll(allowed);
            asked = defaults.isEmpty() ? allowed : defaults;
        }
        for (String s : asked)
            if (!allowed.contains(s)) throw OAuthError.invalidScope("The application may not request the scope " + s);
        if (asked.isEmpty()) throw OAuthError.invalidScope("The application has no scope it may request");
        return asked;
    }

    /** RFC 6749 §6: a narrower scope than the grant's; none requested means all of the grant's. */
    public static Set<String> narrower(Set<String> granted, String requested) {
        Set<String> asked = parse(requested);
        if (asked.isEmpty()) return granted;
        for (String s : asked)
            if (!granted.contains(s)) throw OAuthError.invalidScope("The scope " + s + " was not granted");
        return asked;
    }

    public static Set<String> stored(String spaceSeparated) {
        Set<String> out = new LinkedHashSet<>();
        if (spaceSeparated != null) Arrays.stream(spaceSeparated.split("[ \n]")).filter(x -> !x.isBlank()).forEach(out::add);
        return out;
    }

    public static String join(Set<String> scopes) {
        return String.join(" ", scopes);
    }
}
