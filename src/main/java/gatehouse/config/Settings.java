package gatehouse.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Every setting of CONTRACT "Deployment": read from a system property, then an environment variable,
 * then a JNDI {@code env-entry} (java:comp/env/NAME), then the default; the first that is set wins.
 * Each value remembers where it came from, for the admin console's Settings page.
 */
public final class Settings {

    /** One known setting. */
    public record Definition(String name, String env, String defaultValue, boolean secret, String meaning) { }

    /** An effective value and its source: {@code system property}, {@code environment}, {@code JNDI} or {@code default}. */
    public record Value(Definition definition, String value, String source) {
        public boolean isSet() { return value != null && !value.isEmpty(); }
    }

    public static final List<Definition> DEFINITIONS = List.of(
            new Definition("gatehouse.issuer", "GATEHOUSE_ISSUER", null, false, "iss of tokens and metadata, start of every absolute URL (required outside loopback; unset: derived per request from loopback requests only)"),
            new Definition("gatehouse.admin.password", "GATEHOUSE_ADMIN_PASSWORD", null, true, "password of user admin created on first start of an empty database"),
            new Definition("gatehouse.demo", "GATEHOUSE_DEMO", "false", false, "seed demo users, applications and incidents (once)"),
            new Definition("gatehouse.state.required", "GATEHOUSE_STATE_REQUIRED", "true", false, "state required on /oauth_auth.do"),
            new Definition("gatehouse.code.lifespan", "GATEHOUSE_CODE_LIFESPAN", "60", false, "authorization code lifetime in seconds"),
            new Definition("gatehouse.data.dir", "GATEHOUSE_DATA_DIR", "./data", false, "where embedded Derby keeps its files"),
            new Definition("gatehouse.db.url", "GATEHOUSE_DB_URL", null, false, "JDBC URL used when there is no JNDI DataSource jdbc/gatehouse (default: embedded Derby in the data folder)"),
            new Definition("gatehouse.db.user", "GATEHOUSE_DB_USER", null, false, "user for gatehouse.db.url"),
            new Definition("gatehouse.db.password", "GATEHOUSE_DB_PASSWORD", null, true, "password for gatehouse.db.url"),
            new Definition("gatehouse.token.commit.durable", "GATEHOUSE_TOKEN_COMMIT_DURABLE", "true", false, "PostgreSQL: false commits client_credentials access tokens with synchronous_commit off, without waiting for the WAL flush (a database crash may lose the last moments of such tokens, which then answer invalid_token); true: they wait like every other write"),
            new Definition("gatehouse.login.max.failures", "GATEHOUSE_LOGIN_MAX_FAILURES", "5", false, "failed logins in a row before an account is locked out"),
            new Definition("gatehouse.login.lockout.seconds", "GATEHOUSE_LOGIN_LOCKOUT_SECONDS", "60", false, "how long an account's first lockout lasts; each further one lasts twice as long"),
            new Definition("gatehouse.login.lockout.max.seconds", "GATEHOUSE_LOGIN_LOCKOUT_MAX_SECONDS", "900", false, "the longest an account's lockout lasts"),
            new Definition("gatehouse.login.lockout.permanent", "GATEHOUSE_LOGIN_LOCKOUT_PERMANENT", "false", false, "true: a lockout lasts until an admin unlocks the account (as in ServiceNow)"),
            new Definition("gatehouse.login.address.max.failures", "GATEHOUSE_LOGIN_ADDRESS_MAX_FAILURES", "50", false, "failed log-ins from one address within 5 minutes (at most gatehouse.login.max.failures per user name or client) before its wrong guesses are slowed and answered 429"),
            new Definition("gatehouse.admin.reset", "GATEHOUSE_ADMIN_RESET", null, true, "break-glass: on start, unlock user admin and set its password to this value (once per value)"),
            new Definition("gatehouse.proxy.trusted", "GATEHOUSE_PROXY_TRUSTED", null, false, "comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For, X-Forwarded-Proto and Forwarded headers are believed"),
            new Definition("gatehouse.session.idle", "GATEHOUSE_SESSION_IDLE", "1800", false, "login session idle timeout in seconds"),
            new Definition("gatehouse.session.max", "GATEHOUSE_SESSION_MAX", "43200", false, "login session absolute lifetime in seconds"),
            new Definition("gatehouse.refresh.grace", "GATEHOUSE_REFRESH_GRACE", "0", false, "seconds a rotated refresh token may still be presented without revoking its grant"),
            new Definition("gatehouse.idtoken.allow.http.loopback", "GATEHOUSE_IDTOKEN_ALLOW_HTTP_LOOPBACK", "false", false, "TEST/DEV ONLY: true lets OIDC providers (ID tokens on the API) use http metadata and JWKS URLs on 127.0.0.1 / [::1]; otherwise https only"),
            new Definition("gatehouse.outbound.refresh.skew", "GATEHOUSE_OUTBOUND_REFRESH_SKEW", "60", false, "outbound OAuth: seconds before expiry at which an access token is refreshed"),
            new Definition("gatehouse.outbound.refresh.interval", "GATEHOUSE_OUTBOUND_REFRESH_INTERVAL", "60", false, "outbound OAuth: seconds between runs of the job that refreshes tokens ahead of time and purges the log (0: off)"),
            new Definition("gatehouse.outbound.log.days", "GATEHOUSE_OUTBOUND_LOG_DAYS", "30", false, "outbound OAuth: days the outbound HTTP log is kept"),
            new Definition("gatehouse.outbound.connect.timeout", "GATEHOUSE_OUTBOUND_CONNECT_TIMEOUT", "10", false, "outbound OAuth: connect timeout in seconds"),
            new Definition("gatehouse.outbound.read.timeout", "GATEHOUSE_OUTBOUND_READ_TIMEOUT", "30", false, "outbound OAuth: seconds to wait for a complete response"),
            new Definition("gatehouse.outbound.max.response", "GATEHOUSE_OUTBOUND_MAX_RESPONSE", "1048576", false, "outbound OAuth: largest response body read, in bytes"),
            new Definition("gatehouse.password.iterations", "GATEHOUSE_PASSWORD_ITERATIONS", "310000", false, "PBKDF2-HMAC-SHA256 iterations for new password hashes"),
            new Definition("gatehouse.master.key", "GATEHOUSE_MASTER_KEY", null, true, "base64 AES key that encrypts private keys and secrets at rest (default: a key file in the data folder)"),
            new Definition("gatehouse.keys.rotate.days", "GATEHOUSE_KEYS_ROTATE_DAYS", "90", false, "days between scheduled signing key rotations"),
            new Definition("gatehouse.assertion.max.lifetime", "GATEHOUSE_ASSERTION_MAX_LIFETIME", "600", false, "seconds a JWT assertion's exp may lie ahead (RFC 7523 JWT bearer grant and private_key_jwt)"),
            new Definition("gatehouse.dpop.window", "GATEHOUSE_DPOP_WINDOW", "300", false, "seconds a DPoP proof's iat may lie before or after the server's clock (RFC 9449 §11.1); its jti is remembered as long"),
            new Definition("gatehouse.dpop.nonce", "GATEHOUSE_DPOP_NONCE", "false", false, "true: DPoP proofs must carry a nonce the server gave in DPoP-Nonce (RFC 9449 §8, §9); nonces are HMACs any node accepts"),
            new Definition("gatehouse.device.lifespan", "GATEHOUSE_DEVICE_LIFESPAN", "600", false, "seconds a device code and its user code live (RFC 8628 §3.2 expires_in)"),
            new Definition("gatehouse.device.interval", "GATEHOUSE_DEVICE_INTERVAL", "5", false, "seconds a device must wait between polls of the token endpoint (RFC 8628 §3.2 interval)"),
            new Definition("gatehouse.par.lifespan", "GATEHOUSE_PAR_LIFESPAN", "60", false, "seconds a pushed authorization request's request_uri may wait to be used at /oauth_auth.do (RFC 9126 §2.2 expires_in)"),
            new Definition("gatehouse.par.required", "GATEHOUSE_PAR_REQUIRED", "false", false, "true: every application must push its authorization requests to /oauth_par.do (RFC 9126 §5 require_pushed_authorization_requests); false: those that tick it must"),
            new Definition("gatehouse.keys.purge.days", "GATEHOUSE_KEYS_PURGE_DAYS", "105", false, "days an inactive signing key stays in the JWKS"),
            new Definition("gatehouse.api.cache.seconds", "GATEHOUSE_API_CACHE_SECONDS", "5", false, "seconds a node may cache a user or application for API calls (a change on another node is seen within this time)"),
            new Definition("gatehouse.keys.purge.seconds", "GATEHOUSE_KEYS_PURGE_SECONDS", null, false, "for tests: seconds an inactive signing key stays in the JWKS (overrides gatehouse.keys.purge.days when set)"),
            new Definition("gatehouse.crypto.native", "GATEHOUSE_CRYPTO_NATIVE", "true", false, "sign JWT access tokens with the bundled native provider (AWS-LC) where it loads; false: the JDK's providers"),
            new Definition("gatehouse.attachment.max.bytes", "GATEHOUSE_ATTACHMENT_MAX_BYTES", "10485760", false, "largest file the Attachment API accepts, in bytes (larger: 413)"),
            new Definition("gatehouse.housekeeping.interval", "GATEHOUSE_HOUSEKEEPING_INTERVAL", "300", false, "seconds between purges of expired codes, tokens, sessions and keys"),
            new Definition("gatehouse.registration", "GATEHOUSE_REGISTRATION", "off", false, "dynamic client registration (RFC 7591) at /oauth_register.do: off (404), open (anyone, throttled per address) or token (an initial access token made in the console)"),
            new Definition("gatehouse.registration.scopes", "GATEHOUSE_REGISTRATION_SCOPES", "useraccount", false, "space- or comma-separated auth scopes a dynamically registered client may have (its scope when it asks for none)"),
            new Definition("gatehouse.registration.client.credentials.user", "GATEHOUSE_REGISTRATION_CLIENT_CREDENTIALS_USER", null, false, "user name that client_credentials tokens of dynamically registered clients act as (unset, or a user with the admin or oauth_admin role: registered clients cannot have client_credentials)"),
            new Definition("gatehouse.registration.address.max", "GATEHOUSE_REGISTRATION_ADDRESS_MAX", "20", false, "open registration: clients one address (IPv6: its /64) may register per hour; more are answered 429"),
            new Definition("gatehouse.log.format", "GATEHOUSE_LOG_FORMAT", "text", false, "text: Gatehouse's log lines in the container's format, each with [request_id=…]; json: one JSON object per line on standard output"),
            new Definition("gatehouse.activity.flush.seconds", "GATEHOUSE_ACTIVITY_FLUSH_SECONDS", "10", false, "seconds between a node's additions of its counts (tokens issued, refusals, failed log-ins, lockouts) to the hourly table the console home shows; a node that dies loses at most this long's counts"),
            new Definition("gatehouse.metrics.token", "GATEHOUSE_METRICS_TOKEN", null, true, "bearer secret (16+ characters) that opens /metrics to a Prometheus scraper (unset: /metrics answers 404)"));

    private final Map<String, Value> values = new LinkedHashMap<>();

    private Settings(Function<Definition, Value> reader) {
        for (Definition d : DEFINITIONS) values.put(d.name(), reader.apply(d));
    }

    /** Reads every setting from the real sources. */
    public static Settings load() {
        Context jndi = jndiEnv();
        return new Settings(d -> read(d, jndi));
    }

    /** For unit tests: the given values as if they were system properties, defaults for the rest. */
    public static Settings of(Map<String, String> given) {
        return new Settings(d -> given.containsKey(d.name())
                ? new Value(d, given.get(d.name()), "system property")
                : new Value(d, d.defaultValue(), "default"));
    }

    private static Value read(Definition d, Context jndi) {
        String v = System.getProperty(d.name());
        if (v != null) return new Value(d, v.trim(), "system property");
        if (d.env() != null) {
            v = System.getenv(d.env());
            if (v != null) return new Value(d, v.trim(), "environment");
        }
        if (jndi != null) {
            try {
                Object o = jndi.lookup(d.name());
                if (o != null) return new Value(d, o.toString().trim(), "JNDI");
            } catch (NamingException notBound) {
                // not set there
            }
        }
        return new Value(d, d.defaultValue(), "default");
    }

    private static Context jndiEnv() {
        try {
            return (Context) new InitialContext().lookup("java:comp/env");
        } catch (NamingException | RuntimeException none) {
            return null;
        }
    }

    public List<Value> all() { return List.copyOf(values.values()); }

    public Optional<String> get(String name) {
        Value v = values.get(name);
        if (v == null) throw new IllegalArgumentException("unknown setting " + name);
        return v.isSet() ? Optional.of(v.value()) : Optional.empty();
    }

    public String string(String name) {
        return get(name).orElseThrow(() -> new SettingException(name, null, "must be set"));
    }

    public boolean bool(String name) {
        String v = string(name);
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new SettingException(name, v, "must be true or false");
    }

    public long number(String name, long min, long max) {
        String v = string(name);
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) throw new SettingException(name, v, "must be between " + min + " and " + max);
            return n;
        } catch (NumberFormatException e) {
            throw new SettingException(name, v, "must be a whole number");
        }
    }

    /** Reads every typed setting once, so that a malformed value stops start-up rather than a later request. */
    public void validate() {
        bool("gatehouse.demo");
        bool("gatehouse.state.required");
        bool("gatehouse.crypto.native");
        bool("gatehouse.token.commit.durable");
        number("gatehouse.code.lifespan", 1, 600);
        number("gatehouse.login.max.failures", 1, 1000);
        number("gatehouse.login.lockout.seconds", 1, 86_400);
        number("gatehouse.login.lockout.max.seconds", 1, 86_400 * 30L);
        bool("gatehouse.login.lockout.permanent");
        number("gatehouse.login.address.max.failures", 1, 100_000);
        number("gatehouse.session.idle", 60, 86_400 * 30L);
        number("gatehouse.session.max", 60, 86_400 * 365L);
        number("gatehouse.refresh.grace", 0, 3600);
        number("gatehouse.password.iterations", 10_000, 10_000_000);
        bool("gatehouse.idtoken.allow.http.loopback");
        number("gatehouse.outbound.refresh.skew", 0, 86_400);
        number("gatehouse.outbound.refresh.interval", 0, 86_400);
        number("gatehouse.outbound.log.days", 1, 3650);
        number("gatehouse.outbound.connect.timeout", 1, 300);
        number("gatehouse.outbound.read.timeout", 1, 600);
        number("gatehouse.outbound.max.response", 1024, 100L << 20);
        number("gatehouse.keys.rotate.days", 1, 3650);
        number("gatehouse.keys.purge.days", 1, 3650);
        number("gatehouse.api.cache.seconds", 0, 60);
        number("gatehouse.assertion.max.lifetime", 60, 86_400);
        number("gatehouse.dpop.window", 10, 3600);
        bool("gatehouse.dpop.nonce");
        number("gatehouse.device.lifespan", 1, 3600);
        number("gatehouse.device.interval", 1, 60);
        number("gatehouse.par.lifespan", 1, 600);
        bool("gatehouse.par.required");
        if (get("gatehouse.keys.purge.seconds").isPresent()) number("gatehouse.keys.purge.seconds", 1, 86_400L * 3650);
        number("gatehouse.housekeeping.interval", 1, 86_400);
        number("gatehouse.activity.flush.seconds", 1, 3600);
        number("gatehouse.attachment.max.bytes", 1, 1L << 30);
        number("gatehouse.registration.address.max", 1, 1_000_000);
        String registration = get("gatehouse.registration").orElse("off").trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of("off", "open", "token").contains(registration))
            throw new SettingException("gatehouse.registration", registration, "must be off, open or token");
        get("gatehouse.issuer").ifPresent(Settings::checkIssuer);
        String format = string("gatehouse.log.format");
        if (gatehouse.log.LogFormat.of(format) == null) throw new SettingException("gatehouse.log.format", format, "must be text or json");
        get("gatehouse.metrics.token").filter(t -> t.length() < 16 || !t.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)).ifPresent(t -> {
            throw new SettingException("gatehouse.metrics.token", "(secret)", "must be at least 16 printable ASCII characters without spaces");
        });
    }

    private static void checkIssuer(String issuer) {
        try {
            java.net.URI u = java.net.URI.create(issuer);
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null
                    || u.getQuery() != null || u.getFragment() != null || issuer.endsWith("/"))
                throw new SettingException("gatehouse.issuer", issuer, "must be an http(s) URL without query, fragment or trailing slash");
        } catch (IllegalArgumentException e) {
            throw new SettingException("gatehouse.issuer", issuer, "is not a URL");
        }
    }
}
