package gatehouse.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every secret the tests used or were given: passwords and client secrets they sent, tokens, codes and secrets the
 * servers answered with ({@link Http} records them), secret settings a test server was started with. Appended to
 * {@link #file()}, one {@code kind<TAB>value} a line, by every test JVM; {@link LogSecretScan} then looks for each in
 * every log the test run wrote. Values shorter than {@link #MIN_LENGTH} are not recorded (a short value such as a
 * deliberately wrong {@code x} would match ordinary words), except a device flow's user code ({@code XXXX-XXXX}, RFC
 * 8628 §6.1), whose shape no ordinary word has.
 */
public final class SeenSecrets {
    public static final int MIN_LENGTH = 12;
    /** The shortest user code recorded ({@code XXXX-XXXX} is 9 characters; the scan looks secrets up by their first 8). */
    static final int USER_CODE_MIN_LENGTH = 8;
    private static final Pattern USER_CODE = Pattern.compile("[A-Z]{4}-?[A-Z]{4}");
    /**
     * JSON members and form/query parameters whose values are secrets (RFC 6749, RFC 7636, RFC 7523, OpenID Connect,
     * RFC 8628 device and user codes, RFC 7591/7592 registration access tokens, RFC 9449 tokens).
     */
    static final Set<String> NAMES = Set.of("access_token", "refresh_token", "id_token", "code", "client_secret", "password",
            "user_password", "code_verifier", "assertion", "client_assertion", "device_code", "user_code", "token", "subject_token",
            "actor_token", "registration_access_token", "initial_access_token");
    private static final Pattern JSON_MEMBER = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*\"([^\"\\\\]{" + USER_CODE_MIN_LENGTH + ",})\"");
    private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

    private SeenSecrets() { }

    /** {@code target/it/secrets-seen.tsv} (the test work folder). */
    public static Path file() {
        return TestServer.workDir().resolve("secrets-seen.tsv");
    }

    /** Records {@code value} as a secret of the given kind (once per test JVM). */
    public static void record(String kind, String value) {
        if (value != null && value.length() < MIN_LENGTH) return;
        write(kind, value);
    }

    /** The value of the secret parameter or member {@code name}: a user code when it has a user code's shape, else as {@link #record}. */
    static void recordNamed(String name, String kind, String value) {
        if (name.equals("user_code") && value != null && USER_CODE.matcher(value).matches()) write(kind, value);
        else record(kind, value);
    }

    private static void write(String kind, String value) {
        if (value == null || value.length() < USER_CODE_MIN_LENGTH || value.indexOf('\n') >= 0 || value.indexOf('\t') >= 0) return;
        if (!RECORDED.add(value)) return;
        try {
            Files.createDirectories(file().getParent());
            Files.writeString(file(), kind + "\t" + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot record a secret in " + file(), e);
        }
    }

    /** The secret members of a JSON text (a token response, a client registration, a user's password). */
    public static void fromJson(String json, String where) {
        if (json == null || json.indexOf('"') < 0) return;
        Matcher m = JSON_MEMBER.matcher(json);
        while (m.find()) if (NAMES.contains(m.group(1))) recordNamed(m.group(1), m.group(1) + " in " + where, m.group(2));
    }

    /** The secret parameters of a form body, query string or fragment ({@code a=b&c=d}). */
    public static void fromForm(String form, String where) {
        if (form == null || form.isEmpty()) return;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) continue;
            try {
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                if (NAMES.contains(name)) recordNamed(name, name + " in " + where, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                // a fuzzing test's deliberately broken form (%zz): no secret the server could accept
            }
        }
    }

    /** A redirect's query and fragment (an authorization code, implicit tokens). */
    public static void fromLocation(String location) {
        if (location == null) return;
        try {
            URI u = URI.create(location);
            fromForm(u.getRawQuery(), "a redirect");
            fromForm(u.getRawFragment(), "a redirect");
        } catch (IllegalArgumentException notAUri) {
            // nothing to read
        }
    }

    /** The password of HTTP Basic credentials, a bearer or DPoP-bound token (RFC 9449 §7.1). */
    public static void fromAuthorization(String header) {
        if (header == null) return;
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon >= 0) record("HTTP Basic password of " + pair.substring(0, colon), pair.substring(colon + 1));
            } catch (IllegalArgumentException notBase64) {
                // nothing to read
            }
        } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            record("bearer token", header.substring(7).trim());
        } else if (header.regionMatches(true, 0, "DPoP ", 0, 5)) {
            record("DPoP-bound token", header.substring(5).trim());
        }
    }

    /** What the file holds: value → kind (the first kind it was recorded as). */
    public static Map<String, String> load(Path file) {
        Map<String, String> secrets = new LinkedHashMap<>();
        if (!Files.exists(file)) return secrets;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab > 0 && line.length() - tab - 1 >= USER_CODE_MIN_LENGTH) secrets.putIfAbsent(line.substring(tab + 1), line.substring(0, tab));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return secrets;
    }
}
