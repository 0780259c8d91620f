package gatehouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The log file a test's child process writes (Gatehouse, Tomcat, Payara Micro, Keycloak), read for assertions and failures. */
public final class LogFile {
    private LogFile() { }

    /** The whole log, or "" while there is none. */
    public static String text(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Its last {@code lines} lines, to show why a process did not start. */
    public static String tail(Path log, int lines) {
        List<String> all = text(log).lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
