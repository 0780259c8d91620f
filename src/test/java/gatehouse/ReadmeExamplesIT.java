package gatehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shell example of README.md, run as written against the run command's server (the Launcher with demo data,
 * as {@code mvn package exec:java} starts it), with {@code localhost:8080} rewritten to that server's free port.
 * Each fenced {@code sh} block runs in bash with {@code curl}; the line that ends a command carries its documented
 * outcome as a comment, {@code # → 200, result[0].number = INC0010004}, which is checked against that command's
 * last curl response (README "README's examples are tested" defines the convention). A block preceded by
 * {@code <!-- not run: why -->} is skipped with its reason; a block that reads the code of an authorization
 * request ({@code read … CODE}) gets it on its standard input from this test, which does the browser's part
 * (login and consent over HTTP) for the last {@code /oauth_auth.do?} address written before the block.
 */
class ReadmeExamplesIT {
    static final Path README = Path.of("README.md");
    static final Pattern FENCE = Pattern.compile("(?m)^```sh\\n(.*?)^```$", Pattern.DOTALL);
    static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not run:\\s*(\\S.*?)\\s*-->", Pattern.DOTALL);
    static final Pattern CURL_COMMAND = Pattern.compile("\\bcurl\\s+['\"$-]|\\bcurl\\s+https?:");
    static final Pattern OUTCOME = Pattern.compile("#[^#→]*→\\s*(.+)$");
    static final Pattern AUTHORIZE_URL = Pattern.compile("http://localhost:8080(/oauth_auth\\.do\\?[^`\\s)]+)");
    static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/[0-9.]+ (\\d{3})");

    static ServerProcess server;
    static String readme;

    /** One fenced sh block: where it starts in README, its text, and why it is not run (or null). */
    record Block(int offset, int line, String script, String notRun) { }

    @BeforeAll
    static void start() throws IOException {
        readme = Files.readString(README);
        // the run command: demo data on a new database (the admin password is given, so that examples may use it),
        // with the settings README's examples say the server was started with
        server = TestServer.start("readme", Map.of("gatehouse.metrics.token", "change-me-scrape-secret", "gatehouse.registration", "open"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            String before = text.substring(0, m.start()).stripTrailing();
            Matcher why = NOT_RUN.matcher(before.endsWith("-->") ? before.substring(before.lastIndexOf("<!--")) : "");
            String notRun = why.matches() ? why.group(1) : null;
            int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 2;
            out.add(new Block(m.start(), line, m.group(1), notRun));
        }
        return out;
    }

    @Test
    void everyCurlInTheReadmeIsInABlockThatIsRun() {
        List<Block> blocks = blocks(readme);
        assertTrue(blocks.size() >= 4, "README has its sh blocks");
        String outside = FENCE.matcher(readme).replaceAll("");
        for (String line : outside.split("\n"))
            assertFalse(CURL_COMMAND.matcher(line).find(), "a curl example outside an sh block is not tested; put it in one: " + line);
        for (Block b : blocks) {
            if (b.notRun() != null) {
                System.out.println("README line " + b.line() + ": not run (" + b.notRun() + ")");
                assertFalse(b.script().contains("-demo-pw") || b.script().contains("demo-confidential-secret"),
                        "README line " + b.line() + ": an example with the demo credentials runs against the run command's server, so it is run");
            }
        }
    }

    static final String NO_TOOLS = "curl and jq are needed to run README's examples (apt-get install curl jq; .ci/run does)";

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            if (Files.isExecutable(Path.of(dir, program))) return true;
        return false;
    }

    @Test
    void everyShellExampleWorksAsWrittenWithItsDocumentedOutcome() throws Exception {
        if (!(onPath("curl") && onPath("jq") && onPath("bash"))) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail("README's examples must run in CI: " + NO_TOOLS);
            Assumptions.abort(NO_TOOLS);
        }
        int ran = 0;
        int checked = 0;
        for (Block b : blocks(readme)) {
            if (b.notRun() != null) continue;
            String stdin = b.script().matches("(?s).*\\bread\\b.*\\bCODE\\b.*") ? codeFor(b) + "\n" : "";
            checked += run(b, stdin);
            ran++;
        }
        assertTrue(ran >= 3 && checked >= 8, ran + " blocks with " + checked + " outcomes");
    }

    /** Does the browser's part of the last authorization request README shows before {@code b}; returns the code. */
    private String codeFor(Block b) {
        Matcher m = AUTHORIZE_URL.matcher(readme.substring(0, b.offset()));
        String path = null;
        while (m.find()) path = m.group(1);
        if (path == null) fail("README line " + b.line() + " reads a code, but no /oauth_auth.do address comes before it");
        String location = AuthorizationFlow.authorize(Http.browser(server), path, "beth.anglin", "beth.anglin-demo-pw", true);
        String code = AuthorizationFlow.query(location).get("code");
        if (code == null) fail("no code for " + path + ": " + location);
        return code;
    }

    /** Runs one block in bash; returns how many outcomes it checked. */
    private int run(Block b, String stdin) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "readme-example-");
        List<String> expected = new ArrayList<>();
        StringBuilder script = new StringBuilder(PRELUDE);
        for (String line : b.script().split("\n", -1)) {
            script.append(line.replace("localhost:8080", "localhost:" + server.port())).append('\n');
            Matcher o = OUTCOME.matcher(line);
            if (o.find()) {
                expected.add(o.group(1).trim().replace("localhost:8080", "localhost:" + server.port()));
                script.append("__outcome ").append(expected.size()).append('\n');
            }
        }
        script.append("__done\n");
        Files.writeString(dir.resolve("example.sh"), script);
        ProcessBuilder pb = new ProcessBuilder("bash", "example.sh").directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
        pb.environment().put("ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String where = "README line " + b.line();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(where + ": the example did not finish in 120 s");
        }
        String stderr = Files.readString(dir.resolve("stderr"));
        String output = "\n--- output:\n" + Files.readString(dir.resolve("stdout")) + "\n--- errors:\n" + stderr;
        assertEquals(0, p.exitValue(), where + ": the example failed" + output);
        Path errors = dir.resolve("errors");
        if (Files.exists(errors)) fail(where + ": " + Files.readString(errors) + output);
        for (int i = 1; i <= expected.size(); i++) check(where, expected.get(i - 1), dir, i, output);
        assertFalse(expected.isEmpty(), where + ": a block that is run documents at least one outcome");
        return expected.size();
    }

    /** Checks {@code outcome} ({@code 200, path = value, path}) against response {@code n} of the block. */
    static void check(String where, String outcome, Path dir, int n, String output) throws IOException {
        String headers = Files.readString(dir.resolve(n + ".headers"));
        String body = Files.readString(dir.resolve(n + ".body"));
        String what = where + ", outcome '" + outcome + "' of response:\n" + headers + body + output;
        Matcher status = STATUS_LINE.matcher(headers);
        String last = null;
        while (status.find()) last = status.group(1);
        JsonNode json = null;
        for (String part : outcome.split(",\\s*")) {
            if (part.matches("\\d{3}")) {
                assertEquals(part, last, what);
                continue;
            }
            if (part.startsWith("contains ")) {
                assertTrue(body.contains(part.substring("contains ".length())), "the body does not contain it; " + what);
                continue;
            }
            if (json == null) json = Http.JSON.readTree(body.isBlank() ? "null" : body);
            int eq = part.indexOf(" = ");
            String path = (eq < 0 ? part : part.substring(0, eq)).trim();
            JsonNode v = at(json, path);
            if (eq < 0) {
                assertTrue(v != null && !v.isNull() && !v.asText().isEmpty() || v != null && v.isContainerNode() && !v.isEmpty(),
                        path + " is missing or empty; " + what);
            } else {
                assertTrue(v != null && v.isValueNode(), path + " is not a value; " + what);
                assertEquals(part.substring(eq + 3).trim(), v.asText(), path + "; " + what);
            }
        }
    }

    /** {@code result[0].number}: names and indexes; null where the path leads nowhere. */
    static JsonNode at(JsonNode json, String path) {
        JsonNode n = json;
        for (String step : path.split("\\.")) {
            Matcher m = Pattern.compile("([^\\[]*)((?:\\[\\d+])*)").matcher(step);
            if (!m.matches()) return null;
            if (!m.group(1).isEmpty()) n = n == null ? null : n.get(m.group(1));
            Matcher idx = Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
            while (idx.find()) n = n == null ? null : n.get(Integer.parseInt(idx.group(1)));
        }
        return n;
    }

    @Test
    void theOutcomeConventionReadsPathsAndCatchesAWrongValue() throws Exception {
        JsonNode j = Http.JSON.readTree("{\"result\":[{\"number\":\"INC0010004\",\"priority\":1,\"state\":\"1\"}]}");
        assertEquals("INC0010004", at(j, "result[0].number").asText());
        assertEquals("1", at(j, "result[0].priority").asText(), "a number and a string compare alike");
        assertEquals(null, at(j, "result[1].number"));
        Path dir = Files.createTempDirectory(Path.of("target"), "readme-check-");
        Files.writeString(dir.resolve("1.headers"), "HTTP/1.1 200 \r\nContent-Type: application/json\r\n\r\n");
        Files.writeString(dir.resolve("1.body"), j.toString());
        check("test", "200, result[0].number = INC0010004, result[0].priority = 1, result[0].state = 1, result, contains INC00100", dir, 1, "");
        for (String wrong : List.of("201", "200, result[0].number = INC0010001", "result[1].number", "result[0].missing = x", "contains INC0010001"))
            assertTrue(throwsAssertion(() -> check("test", wrong, dir, 1, "")), wrong);
    }

    private static boolean throwsAssertion(Executable e) throws Exception {
        try {
            e.run();
            return false;
        } catch (AssertionError expected) {
            return true;
        }
    }

    interface Executable { void run() throws Exception; }

    /**
     * Before each block: {@code curl} records each response's headers and body (and still prints the body, so that
     * {@code $(curl …)} works as written), {@code __outcome N} keeps the last response as number N, and a curl call
     * left without an outcome before the next one (or the end) is an error.
     */
    static final String PRELUDE = """
            set -eo pipefail
            __d=$PWD
            curl() {
              if [ -e "$__d/pending" ]; then echo "a curl call has no '# →' outcome before the next one" >> "$__d/errors"; fi
              touch "$__d/pending"
              command curl --silent --show-error --dump-header "$__d/last.headers" "$@" | tee "$__d/last.body"
              return "${PIPESTATUS[0]}"
            }
            __outcome() {
              if [ ! -e "$__d/pending" ]; then echo "outcome $1 follows no curl call" >> "$__d/errors"; return 0; fi
              mv "$__d/last.headers" "$__d/$1.headers"; mv "$__d/last.body" "$__d/$1.body"; rm "$__d/pending"
            }
            __done() {
              if [ -e "$__d/pending" ]; then echo "the last curl call has no '# →' outcome" >> "$__d/errors"; fi
              return 0
            }
            """;
}
