package gatehouse.admin;

import gatehouse.store.User;

/**
 * The parts of the admin console, in navigation order, with the role each needs (CONTRACT "Admin console"):
 * {@code oauth_admin} (or {@code admin}) for the OAuth pages, {@code admin} alone for users and settings.
 */
public enum Section {
    /** {@code /admin/}: what the operator most wants to see at a glance ({@link HomePages}). */
    HOME("", "Home", false),
    APPLICATIONS("applications", "Application Registry", false),
    SCOPES("scopes", "Auth scopes", false),
    POLICIES("policies", "REST API access policies", false),
    TOKENS("tokens", "Manage tokens", false),
    KEYS("keys", "Signing keys", false),
    OUTBOUND("outbound", "Outbound OAuth", false),
    REGISTRATION_TOKENS("registration_tokens", "Registration tokens", false),
    AUDIT("audit", "Audit log", false),
    USERS("users", "Users", true),
    CORS_RULES("cors_rules", "CORS rules", true),
    SETTINGS("settings", "Settings", true);

    public static final String ADMIN = "admin";
    public static final String OAUTH_ADMIN = "oauth_admin";

    private final String path;
    private final String title;
    private final boolean adminOnly;

    Section(String path, String title, boolean adminOnly) {
        this.path = path;
        this.title = title;
        this.adminOnly = adminOnly;
    }

    /** The first path segment under {@code /admin/}. */
    public String getPath() { return path; }

    public String getTitle() { return title; }

    public boolean allows(User user) {
        if (user == null) return false;
        if (user.hasRole(ADMIN)) return true;
        return !adminOnly && user.hasRole(OAUTH_ADMIN);
    }

    /** Whether the user may use the console at all. */
    public static boolean mayEnter(User user) {
        return user != null && (user.hasRole(ADMIN) || user.hasRole(OAUTH_ADMIN));
    }

    public static Section byPath(String segment) {
        for (Section s : values()) if (s.path.equals(segment)) return s;
        return null;
    }
}
