package gatehouse.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Looks for secrets in logs: every file under the given folders that is a log ({@code *.log}, {@code *.out},
 * {@code *.txt}, anything in a {@code logs} folder, the surefire/failsafe reports' {@code *.xml} and
 * {@code *-output.txt}), line by line, for each secret as written and as it would appear URL-encoded or JSON-escaped.
 */
public final class LogSecretScan {
    /** A secret found: where, and which (its kind and its first characters only, never the whole value). */
    public record Finding(Path file, int line, String kind, String prefix) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + kind + " (" + prefix + "…)";
        }
    }

    private LogSecretScan() { }

    /** The known secrets of Gatehouse's demo data and test servers, beside what {@link SeenSecrets} recorded. */
    public static Map<String, String> knownSecrets() {
        Map<String, String> s = new LinkedHashMap<>();
        try {
            var f = Class.forName("gatehouse.Bootstrap").getDeclaredField("DEMO_USERS");
            f.setAccessible(true);
            for (String[] u : (String[][]) f.get(null)) s.put(u[0] + "-demo-pw", "the demo password of " + u[0]);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read Bootstrap's demo users", e);
        }
        s.put("demo-confidential-secret-change-me", "the demo client secret of demo-confidential");
        s.put(TestServer.ADMIN_PASSWORD, "the test servers' admin password");
        return s;
    }

    /** Every log under {@code roots} (missing folders are skipped), except {@code skip} (e.g. the secrets file itself). */
    public static List<Path> logs(List<Path> roots, List<Path> skip) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> !p.toString().contains("/node_modules/") && !p.toString().contains("/classes/"))
                        .filter(Files::isRegularFile).filter(LogSecretScan::isLog)
                        .filter(p -> skip.stream().noneMatch(k -> k.toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize())))
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** The files of {@code logs} last modified at or after {@code since}. */
    public static List<Path> modifiedSince(List<Path> logs, java.time.Instant since) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : logs) if (!Files.getLastModifiedTime(p).toInstant().isBefore(since)) out.add(p);
        return out;
    }

    static boolean isLog(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".log") || name.endsWith(".out") || name.endsWith(".txt")) return true;
        for (Path part : p) {
            String d = part.toString();
            if (d.equals("logs")) return true;                                         // a container's log folder
            if (d.endsWith("-reports") && name.endsWith(".xml")) return true;         // surefire / failsafe reports
        }
        return false;
    }

    private static final int KEY = 8;   // < SeenSecrets.MIN_LENGTH: secrets are looked up by their first KEY characters

    /** Each line of each file that holds a secret (value → kind), at most one finding a line. */
    public static List<Finding> scan(List<Path> files, Map<String, String> secrets) throws IOException {
        Map<String, List<Map.Entry<String, String>>> byStart = new java.util.HashMap<>();   // each secret, URL-encoded and JSON-escaped too
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            String v = e.getKey();
            if (v.length() < KEY) throw new IllegalArgumentException("a secret shorter than " + KEY + " characters: " + e.getValue());
            for (String form : new java.util.LinkedHashSet<>(List.of(v, java.net.URLEncoder.encode(v, StandardCharsets.UTF_8), v.replace("/", "\\/"))))
                byStart.computeIfAbsent(form.substring(0, KEY), k -> new ArrayList<>()).add(Map.entry(form, e.getValue()));
        }
        List<Finding> found = new ArrayList<>();
        for (Path f : files) {
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(f), decoder))) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    Finding hit = null;
                    for (int i = 0; hit == null && i + KEY <= line.length(); i++) {
                        List<Map.Entry<String, String>> candidates = byStart.get(line.substring(i, i + KEY));
                        if (candidates == null) continue;
                        for (Map.Entry<String, String> c : candidates) {
                            if (line.startsWith(c.getKey(), i)) {
                                hit = new Finding(f, n, c.getValue(), c.getKey().substring(0, 4));
                                break;
                            }
                        }
                    }
                    if (hit != null) found.add(hit);
                }
            }
        }
        return found;
    }
}
