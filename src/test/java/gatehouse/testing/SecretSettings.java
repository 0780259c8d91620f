package gatehouse.testing;

import gatehouse.config.Settings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps Gatehouse's secret settings ({@link Settings.Definition#secret()}: admin password, master key, database
 * password, metrics token, …) off the command lines of the processes tests start: a command line is readable by every
 * user of the machine ({@code ps}), and containers and adapters log it (Tomcat's VersionLoggerListener, Payara's JVM
 * invocation line, the Arquillian Tomcat adapter's start line). The helpers that start a server give the open settings
 * as {@code -D} options and the secret ones as the process's environment variables ({@code GATEHOUSE_ADMIN_PASSWORD},
 * README "Settings"), recording each for the log scan ({@link SeenSecrets}); {@link #refuseOnCommandLine} checks the
 * command line before it is run.
 */
public final class SecretSettings {

    private SecretSettings() { }

    /** Whether {@code name} is a secret setting. */
    public static boolean secret(String name) {
        return Settings.DEFINITIONS.stream().anyMatch(d -> d.secret() && d.name().equals(name));
    }

    /** The settings that are not secret, in their order (for {@code -D} options, domain.xml JVM options, …). */
    public static Map<String, String> open(Map<String, String> settings) {
        Map<String, String> open = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (!secret(k)) open.put(k, v);
        });
        return open;
    }

    /** The secret settings as environment variables ({@code gatehouse.admin.password} → {@code GATEHOUSE_ADMIN_PASSWORD}), each recorded for the log scan. */
    public static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Settings.Definition d : Settings.DEFINITIONS) {
            String v = settings.get(d.name());
            if (!d.secret() || v == null) continue;
            SeenSecrets.record("setting " + d.name(), v);
            env.put(d.env(), v);
        }
        return env;
    }

    /**
     * Throws when {@code command} holds a secret setting ({@code -Dgatehouse.admin.password=…}) or one of the secret values
     * of {@code settings} anywhere; the message names the setting, never the value.
     */
    public static List<String> refuseOnCommandLine(List<String> command, Map<String, String> settings) {
        for (String arg : command) {
            for (Settings.Definition d : Settings.DEFINITIONS) {
                if (!d.secret()) continue;
                String v = settings.get(d.name());
                if (arg.contains(d.name() + "=") || (v != null && v.length() >= 8 && arg.contains(v)))
                    throw new IllegalStateException("secret setting " + d.name() + " on a command line: give it as " + d.env() + " in the environment");
            }
        }
        return command;
    }
}
