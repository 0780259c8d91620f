package gatehouse;

import gatehouse.authorize.AuthorizationEndpoint;
import gatehouse.authorize.CodeIssuer;
import gatehouse.authorize.Consents;
import gatehouse.client.AuthScopes;
import gatehouse.client.Registry;
import gatehouse.config.Settings;
import gatehouse.incident.IncidentService;
import gatehouse.store.Database;
import gatehouse.token.AccessTokenValidator;
import gatehouse.token.OpaqueTokenValidator;
import gatehouse.user.Authenticator;
import gatehouse.user.PasswordHasher;
import gatehouse.user.Users;
import gatehouse.web.LoginSessions;
import jakarta.servlet.ServletContext;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The composition root: every service, built once at start-up by {@link gatehouse.web.StartupListener} and
 * kept in the ServletContext. Servlets, filters and JAX-RS resources take what they need from here.
 */
public final class Gatehouse implements AutoCloseable {
    private static final String ATTRIBUTE = Gatehouse.class.getName();

    public final Settings settings;
    public final Database db;
    public final PasswordHasher passwordHasher;
    public final Users users;
    public final Authenticator authenticator;
    public final Registry registry;
    /** Incidents: validation and writes shared by the Table API and the console. */
    public final IncidentService incidents;
    /** Auth scopes (name, consent words, APIs), for the console and the Table API. */
    public final AuthScopes authScopes;
    public final LoginSessions sessions;
    /** Validates bearer tokens for the API. */
    public final AccessTokenValidator accessTokens;
    /** Issues authorization codes (redeemed by the token endpoint). */
    public final CodeIssuer codes;
    /** Remembered consents and the Connected apps page. */
    public final Consents consents;
    /** /oauth_auth.do: checks, consent, code issuance. */
    public final AuthorizationEndpoint authorization;
    private final AtomicReference<String> issuer = new AtomicReference<>();

    public Gatehouse(Settings settings, Database db) {
        this.settings = settings;
        this.db = db;
        this.passwordHasher = new PasswordHasher((int) settings.number("gatehouse.password.iterations", 10_000, 10_000_000));
        long apiCacheMillis = settings.number("gatehouse.api.cache.seconds", 0, 60) * 1000;
        this.users = new Users(db, passwordHasher, apiCacheMillis);
        this.authenticator = new Authenticator(db, passwordHasher, (int) settings.number("gatehouse.login.max.failures", 1, 1000));
        this.registry = new Registry(db, apiCacheMillis);
        this.incidents = new IncidentService(db, users);
        this.authScopes = new AuthScopes(db);
        this.accessTokens = new OpaqueTokenValidator(db);
        this.sessions = new LoginSessions(db, settings.number("gatehouse.session.idle", 60, 86_400 * 30L),
                settings.number("gatehouse.session.max", 60, 86_400 * 365L));
        settings.get("gatehouse.issuer").ifPresent(issuer::set);
        this.codes = new CodeIssuer(db, settings.number("gatehouse.code.lifespan", 1, 600));
        this.consents = new Consents(db);
        this.authorization = new AuthorizationEndpoint(db, registry, settings.bool("gatehouse.state.required"), codes, consents,
                this::issuer);
    }

    /** Builds the services and does the first-start work (admin account, demo data). */
    public static Gatehouse start(Settings settings, Database db) {
        Gatehouse g = new Gatehouse(settings, db);
        Bootstrap.run(g);
        return g;
    }

    public static Gatehouse from(ServletContext context) {
        Gatehouse g = (Gatehouse) context.getAttribute(ATTRIBUTE);
        if (g == null) throw new IllegalStateException("Gatehouse did not start; see the log");
        return g;
    }

    public void attach(ServletContext context) {
        context.setAttribute(ATTRIBUTE, this);
    }

    /** The issuer: the setting, else the scheme, host and port of the first request (RFC 8414 §2). */
    public String issuer() {
        return issuer.get();
    }

    public void deriveIssuerIfUnset(String fromRequest) {
        issuer.compareAndSet(null, fromRequest);
    }

    @Override
    public void close() {
        db.close();
    }
}
