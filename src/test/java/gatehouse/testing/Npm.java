package gatehouse.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node.js client that nobody here wrote, driven by a script of ours: {@code src/test/node/{name}} (its
 * {@code package.json}, the committed {@code package-lock.json} and {@code client-test.js}) copied into
 * {@code target/it/node-{name}} and installed there by {@code npm ci} (exactly the locked versions, no install
 * scripts). Where Node.js or npm is missing the test is skipped with a message, and fails under {@code CI=true}
 * ({@code .ci/run} installs Debian's nodejs and npm).
 */
public final class Npm {
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "client-test.js");

    private Npm() { }

    /** The installed copy of {@code src/test/node/{name}}. */
    public static Path install(String name) throws IOException, InterruptedException {
        if (!runs("node", "--version") || !runs("npm", "--version")) {
            String missing = "Node.js and npm are needed (Debian's nodejs and npm; .ci/run installs them)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(missing);
            Assumptions.abort(missing);
        }
        Path sources = Path.of("src/test/node", name);
        Path project = Files.createDirectories(Path.of("target/it/node-" + name));
        for (String f : FILES) Files.copy(sources.resolve(f), project.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        Path log = project.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts").directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            fail("npm ci did not finish in 5 minutes: " + LogFile.text(log));
        }
        if (npm.exitValue() != 0) fail("npm ci failed: " + LogFile.text(log));
        return project;
    }

    /** {@code node client-test.js} in {@code project}, its output (stdout and stderr) to {@code log}; not started yet. */
    public static ProcessBuilder clientTest(Path project, Path log) {
        return new ProcessBuilder("node", "client-test.js").directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
    }

    /** The JSON of the last {@code REPORT {...}} line {@code client-test.js} printed to {@code log}. */
    public static JsonNode report(Path log) throws IOException {
        String out = Files.readString(log, StandardCharsets.UTF_8);
        String line = out.lines().filter(l -> l.startsWith("REPORT ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no report from client-test.js:\n" + out));
        return Http.JSON.readTree(line.substring("REPORT ".length()));
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
