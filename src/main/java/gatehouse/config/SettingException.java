package gatehouse.config;

/** A setting whose value stops start-up; the message names the setting and the wrong value. */
public class SettingException extends RuntimeException {
    public SettingException(String setting, String value, String problem) {
        super("setting " + setting + (value == null ? "" : " = '" + value + "'") + " " + problem);
    }

    public SettingException(String setting, String value, String problem, Throwable cause) {
        super("setting " + setting + (value == null ? "" : " = '" + value + "'") + " " + problem, cause);
    }
}
