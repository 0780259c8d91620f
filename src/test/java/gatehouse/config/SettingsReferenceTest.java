package gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every setting the code reads is documented: in docs/reference.md's settings table (name, environment variable and
 * default exactly as {@link Settings#DEFINITIONS} declares them) and in README's settings table (by name), so that a
 * new setting cannot land undocumented.
 */
class SettingsReferenceTest {
    static final Path REFERENCE = Path.of("docs", "reference.md");
    static final Path README = Path.of("README.md");
    /** A settings read in the code: {@code settings.number("gatehouse.x", …)}, {@code .get("gatehouse.x")}, …. */
    static final Pattern READ = Pattern.compile("\\.(?:string|bool|number|get)\\(\\s*\"(gatehouse\\.[a-z0-9.]+)\"");
    static final Pattern NAME = Pattern.compile("`(\\.?[a-z0-9]+(?:\\.[a-z0-9]+)*)`");

    /** The rows of the first Markdown table after {@code heading}, each as its cells. */
    static List<List<String>> table(String markdown, String heading) {
        int at = markdown.indexOf("\n" + heading + "\n");
        assertTrue(at >= 0, "no heading '" + heading + "'");
        List<List<String>> rows = new java.util.ArrayList<>();
        boolean in = false;
        for (String line : markdown.substring(at + heading.length() + 2).split("\n")) {
            if (line.startsWith("|")) {
                in = true;
                List<String> cells = Stream.of(line.substring(1, line.lastIndexOf('|')).split("\\|")).map(String::trim).toList();
                if (!cells.get(0).startsWith("---") && !cells.get(0).equals("setting")) rows.add(cells);
            } else if (in) {
                break;
            }
        }
        return rows;
    }

    /**
     * The setting names a cell gives: {@code `gatehouse.db.url`, `.user`} names gatehouse.db.url and gatehouse.db.user
     * (a name starting with a dot replaces as many of the last parts of the name before it as it has:
     * {@code `gatehouse.outbound.connect.timeout` / `.read.timeout`} also names gatehouse.outbound.read.timeout).
     */
    static Set<String> names(String cell) {
        Set<String> out = new LinkedHashSet<>();
        String last = null;
        Matcher m = NAME.matcher(cell);
        while (m.find()) {
            String n = m.group(1);
            if (n.startsWith(".") && last != null) {
                String[] parts = last.split("\\.");
                int keep = parts.length - (n.split("\\.").length - 1);
                n = String.join(".", java.util.Arrays.copyOf(parts, keep)) + n;
            }
            if (n.startsWith("gatehouse.")) {
                out.add(n);
                last = n;
            }
        }
        return out;
    }

    @Test
    void everySettingIsInTheReferenceWithItsEnvironmentVariableAndDefault() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (List<String> r : table(Files.readString(REFERENCE), "## Settings")) for (String n : names(r.get(0))) rows.put(n, r);
        for (Settings.Definition d : Settings.DEFINITIONS) {
            List<String> r = rows.get(d.name());
            assertTrue(r != null, d.name() + " is not in the settings table of " + REFERENCE);
            assertEquals(1, names(r.get(0)).size(), "one setting per row in " + REFERENCE + ": " + r);
            assertEquals("`" + d.env() + "`", r.get(1), d.name() + ": environment variable in " + REFERENCE);
            String expected = d.defaultValue() == null ? "—" : "`" + d.defaultValue() + "`";
            assertTrue(r.get(2).equals(expected) || r.get(2).startsWith(expected + " ") || d.defaultValue() == null && r.get(2).startsWith("none"),
                    d.name() + ": default in " + REFERENCE + " is '" + r.get(2) + "', the code's is " + expected);
            assertTrue(r.size() > 3 && !r.get(3).isBlank(), d.name() + ": meaning in " + REFERENCE);
        }
        Set<String> unknown = new TreeSet<>(rows.keySet());
        Settings.DEFINITIONS.forEach(d -> unknown.remove(d.name()));
        assertEquals(Set.of(), unknown, "settings documented in " + REFERENCE + " that the code does not have");
    }

    @Test
    void everySettingIsInReadmesSettingsTable() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        for (List<String> r : table(Files.readString(README), "## Settings")) documented.addAll(names(r.get(0)));
        for (Settings.Definition d : Settings.DEFINITIONS)
            assertTrue(documented.contains(d.name()), d.name() + " is not in README's settings table");
        Set<String> unknown = new TreeSet<>(documented);
        Settings.DEFINITIONS.forEach(d -> unknown.remove(d.name()));
        assertEquals(Set.of(), unknown, "settings in README's table that the code does not have");
    }

    @Test
    void everySettingTheCodeReadsIsDeclared() throws IOException {
        Set<String> declared = new TreeSet<>();
        Settings.DEFINITIONS.forEach(d -> declared.add(d.name()));
        Set<String> read = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = READ.matcher(Files.readString(f));
                while (m.find()) read.add(m.group(1));
            }
        }
        assertTrue(read.size() > 10, "found the reads: " + read);
        read.removeAll(declared);
        assertEquals(Set.of(), read, "settings read in src/main/java but not declared in Settings.DEFINITIONS");
    }

    @Test
    void abbreviatedNamesAreExpanded() {
        assertEquals(Set.of("gatehouse.db.url", "gatehouse.db.user", "gatehouse.db.password"),
                names("`gatehouse.db.url`, `.user`, `.password`"));
        assertEquals(Set.of("gatehouse.session.idle", "gatehouse.session.max"), names("`gatehouse.session.idle` / `.max`"));
        assertEquals(Set.of("gatehouse.outbound.connect.timeout", "gatehouse.outbound.read.timeout"),
                names("`gatehouse.outbound.connect.timeout` / `.read.timeout`"));
        assertEquals(Set.of(), names("`GATEHOUSE_DB_URL`"));
    }
}
