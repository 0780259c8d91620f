package gatehouse.user;

/** The one set of password rules, for the Table API, the console and the first admin. */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 200;

    private PasswordPolicy() { }

    /** Null when acceptable, else what is wrong with it. */
    public static String problem(String userName, String password) {
        if (password == null || password.length() < MIN_LENGTH) return "must be at least " + MIN_LENGTH + " characters";
        if (password.length() > MAX_LENGTH) return "must be at most " + MAX_LENGTH + " characters";
        if (password.isBlank()) return "must not be blank";
        if (userName != null && password.equalsIgnoreCase(userName)) return "must not be the user name";
        return null;
    }
}
