package gatehouse;

import gatehouse.attachment.Attachments;
import gatehouse.authorize.AuthorizationEndpoint;
import gatehouse.authorize.ImplicitTokens;
import gatehouse.authorize.PushedAuthorizationRequests;
import gatehouse.authorize.CodeIssuer;
import gatehouse.authorize.Consents;
import gatehouse.client.AuthScopes;
import gatehouse.client.Registry;
import gatehouse.config.Settings;
import gatehouse.cors.ApplicationOrigins;
import gatehouse.cors.CorsRules;
import gatehouse.device.DeviceAuthorizations;
import gatehouse.dpop.DpopNonces;
import gatehouse.dpop.DpopProofs;
import gatehouse.incident.IncidentService;
import gatehouse.store.Database;
import gatehouse.token.AccessTokenValidator;
import gatehouse.jobs.Housekeeping;
import gatehouse.jobs.Scheduler;
import gatehouse.keys.MasterKey;
import gatehouse.keys.Secrets;
import gatehouse.keys.SigningKeys;
import gatehouse.keys.NativeCrypto;
import gatehouse.metrics.Activity;
import gatehouse.metrics.Metrics;
import gatehouse.oidc.IdTokens;
import gatehouse.oidc.RpLogout;
import gatehouse.oidc.UserInfo;
import gatehouse.outbound.Outbound;
import gatehouse.outbound.Sealer;
import gatehouse.store.Leases;
import gatehouse.token.AccessTokens;
import gatehouse.client.ClientAssertions;
import gatehouse.client.ClientKeys;
import gatehouse.token.PrivateKeyJwtVerifier;
import gatehouse.token.grant.JwtBearerGrant;
import gatehouse.token.grant.PasswordGrant;
import gatehouse.token.ClientAuthenticator;
import gatehouse.token.Introspection;
import gatehouse.token.JwtAccessTokens;
import gatehouse.token.LiveGrants;
import gatehouse.token.Revocation;
import gatehouse.token.TokenEndpoint;
import gatehouse.token.TokenIssuer;
import gatehouse.token.grant.AuthorizationCodeGrant;
import gatehouse.token.grant.ClientCredentialsGrant;
import gatehouse.token.grant.DeviceCodeGrant;
import gatehouse.token.grant.TokenExchangeGrant;
import gatehouse.token.grant.RefreshTokenGrant;
import gatehouse.user.AddressThrottle;
import gatehouse.user.Authenticator;
import gatehouse.user.PasswordHasher;
import gatehouse.user.Users;
import gatehouse.web.ClientAddress;
import gatehouse.web.Issuer;
import gatehouse.web.LoginSessions;
import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

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
    /** The client's real address and scheme behind trusted proxies ({@code gatehouse.proxy.trusted}). */
    public final ClientAddress clientAddress;
    public final Registry registry;
    /** Incidents: validation and writes shared by the Table API and the console. */
    public final IncidentService incidents;
    /** Files attached to records (the Attachment API). */
    public final Attachments attachments;
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
    /** This node's name in job leases. */
    public final String node = Secrets.random(9);
    public final Leases leases;
    /** Encrypts secrets at rest (signing keys, outbound credentials). */
    public final MasterKey masterKey;
    public final SigningKeys signingKeys;
    public final TokenIssuer tokenIssuer;
    public final ClientAuthenticator clientAuthenticator;
    public final TokenEndpoint tokenEndpoint;
    /** The device authorization grant's requests and the user's answers (RFC 8628). */
    public final DeviceAuthorizations deviceAuthorizations;
    /** Pushed authorization requests (RFC 9126): /oauth_par.do keeps them, /oauth_auth.do takes them by request_uri. */
    public final PushedAuthorizationRequests pushedRequests;
    /** DPoP proofs (RFC 9449), at the token endpoint and on the Table API. */
    public final DpopProofs dpopProofs;
    public final Revocation revocation;
    /** Live grants for "Manage tokens": list and revoke (admin console). */
    public final LiveGrants liveGrants;
    public final Introspection introspection;
    public final Housekeeping housekeeping;
    /** OpenID Connect: ID tokens (and id_token_hint checks), UserInfo, RP-initiated logout. */
    public final IdTokens idTokens;
    public final UserInfo userInfo;
    public final RpLogout rpLogout;
    /** Browser origins each application allows on the OAuth endpoints (CONTRACT "Browser apps (CORS)"). */
    public final ApplicationOrigins applicationOrigins;
    /** ServiceNow's CORS rules for the Table and Attachment APIs. */
    public final CorsRules corsRules;
    /** Dynamic client registration (RFC 7591, 7592), off unless gatehouse.registration says otherwise. */
    public final gatehouse.client.ClientRegistration registration;
    /** Gatehouse as the OAuth client of third parties (CONTRACT "Outbound OAuth"). */
    public final Outbound outbound;
    /** OIDC providers whose ID tokens the API accepts (issue 16 B). */
    public final gatehouse.idtoken.OidcProviders oidcProviders;
    public final gatehouse.idtoken.ExternalIdTokens externalIdTokens;
    /** What operators watch: {@code /metrics} ({@link gatehouse.metrics.MetricsServlet}). */
    public final Metrics metrics;
    /** The console home's cluster-wide hourly counts, flushed every {@code gatehouse.activity.flush.seconds}. */
    public final Activity activity;
    private final Scheduler scheduler = new Scheduler();
    private final Issuer issuer;

    public Gatehouse(Settings settings, Database db, NativeCrypto crypto) {
        this.settings = settings;
        this.db = db;
        this.activity = new Activity(db, node);
        this.metrics = new Metrics(activity);
        this.issuer = new Issuer(settings.get("gatehouse.issuer").orElse(null));
        this.passwordHasher = new PasswordHasher((int) settings.number("gatehouse.password.iterations", 10_000, 10_000_000));
        long apiCacheMillis = settings.number("gatehouse.api.cache.seconds", 0, 60) * 1000;
        this.users = new Users(db, passwordHasher, apiCacheMillis);
        int maxFailures = (int) settings.number("gatehouse.login.max.failures", 1, 1000);
        this.authenticator = new Authenticator(db, passwordHasher, maxFailures, new Authenticator.Lockout(
                settings.number("gatehouse.login.lockout.seconds", 1, 86_400), settings.number("gatehouse.login.lockout.max.seconds", 1, 86_400 * 30L),
                settings.bool("gatehouse.login.lockout.permanent")),
                new AddressThrottle(db, maxFailures, (int) settings.number("gatehouse.login.address.max.failures", 1, 100_000)));
        this.clientAddress = clientAddress(settings.get("gatehouse.proxy.trusted").orElse(null));
        this.registry = new Registry(db, apiCacheMillis);
        this.incidents = new IncidentService(db, users);
        this.applicationOrigins = new ApplicationOrigins(db, registry::findByClientIdCached, apiCacheMillis);
        this.corsRules = new CorsRules(db, apiCacheMillis);
        this.registration = new gatehouse.client.ClientRegistration(db, registry,
                gatehouse.client.ClientRegistration.mode(settings.get("gatehouse.registration").orElse("off")),
                java.util.Arrays.stream(settings.get("gatehouse.registration.scopes").orElse("").split("[\\s,]+")).filter(x -> !x.isEmpty()).toList(),
                settings.get("gatehouse.registration.client.credentials.user").orElse(null),
                (int) settings.number("gatehouse.registration.address.max", 1, 1_000_000));
        this.authScopes = new AuthScopes(db);
        this.attachments = new Attachments(db, settings.number("gatehouse.attachment.max.bytes", 1, 1L << 30));
        this.leases = new Leases(db);
        this.masterKey = masterKey(settings, db);
        long purgeMillis = settings.get("gatehouse.keys.purge.seconds").isPresent()
                ? settings.number("gatehouse.keys.purge.seconds", 1, 86_400L * 3650) * 1000
                : settings.number("gatehouse.keys.purge.days", 1, 3650) * 86_400_000L;
        this.signingKeys = new SigningKeys(db, masterKey, leases, node, purgeMillis, crypto::provider);
        JwtAccessTokens jwts = new JwtAccessTokens(signingKeys, crypto);
        this.tokenIssuer = new TokenIssuer(jwts, this::issuer);
        this.idTokens = new IdTokens(jwts, signingKeys, this::issuer);
        ClientAssertions assertions = new ClientAssertions(db, new ClientKeys(),
                settings.number("gatehouse.assertion.max.lifetime", 60, 86_400));
        this.clientAuthenticator = new ClientAuthenticator(registry::findByClientIdCached,
                new PrivateKeyJwtVerifier(registry::findByClientIdCached, assertions, this::issuer), authenticator.throttle());
        this.dpopProofs = new DpopProofs(db, settings.number("gatehouse.dpop.window", 10, 3600),
                settings.bool("gatehouse.dpop.nonce") ? new DpopNonces(masterKey.derive("dpop-nonce"), settings.number("gatehouse.dpop.window", 10, 3600) * 1000) : null);
        this.oidcProviders = new gatehouse.idtoken.OidcProviders(db, settings.bool("gatehouse.idtoken.allow.http.loopback"), apiCacheMillis);
        // metadata and JWK Sets are fetched while an API call or a token exchange waits: short timeouts, small documents
        this.externalIdTokens = new gatehouse.idtoken.ExternalIdTokens(db, oidcProviders,
                new gatehouse.outbound.OutboundHttp(5_000, 10_000, 512 * 1024));
        AccessTokens accessTokens = new AccessTokens(db, signingKeys, this::issuer, registry::findByClientIdCached);
        this.accessTokens = accessTokens;
        this.tokenEndpoint = new TokenEndpoint(clientAuthenticator, List.of(
                new AuthorizationCodeGrant(db, tokenIssuer, idTokens),
                new RefreshTokenGrant(db, tokenIssuer, settings.number("gatehouse.refresh.grace", 0, 3600), idTokens),
                new ClientCredentialsGrant(db, tokenIssuer, users::findCached),
                new PasswordGrant(db, tokenIssuer, authenticator),
                new JwtBearerGrant(db, tokenIssuer, assertions, this::issuer),
                new DeviceCodeGrant(db, tokenIssuer, idTokens),
                new TokenExchangeGrant(db, tokenIssuer, accessTokens, registry::findByClientIdCached, externalIdTokens)), metrics, dpopProofs, this::issuer);
        this.deviceAuthorizations = new DeviceAuthorizations(db, authenticator.throttle(), registry::findByClientIdCached,
                settings.number("gatehouse.device.lifespan", 1, 3600), (int) settings.number("gatehouse.device.interval", 1, 60));
        this.revocation = new Revocation(db);
        this.liveGrants = new LiveGrants(db);
        this.introspection = new Introspection(db, this::issuer, registry::findByClientIdCached);
        this.userInfo = new UserInfo(accessTokens, users::findCached);
        this.rpLogout = new RpLogout(idTokens, registry::findByClientIdCached);
        this.sessions = new LoginSessions(db, settings.number("gatehouse.session.idle", 60, 86_400 * 30L),
                settings.number("gatehouse.session.max", 60, 86_400 * 365L));
        this.codes = new CodeIssuer(db, settings.number("gatehouse.code.lifespan", 1, 600));
        this.consents = new Consents(db);
        this.authorization = new AuthorizationEndpoint(db, registry, settings.bool("gatehouse.state.required"), settings.bool("gatehouse.par.required"),
                codes, consents, this::issuer, new ImplicitTokens(tokenIssuer, idTokens));
        this.pushedRequests = new PushedAuthorizationRequests(db, authorization, settings.number("gatehouse.par.lifespan", 1, 600));
        this.outbound = new Outbound(db, new Sealer() {
            @Override public String seal(String plain, String context) { return masterKey.sealText(plain, context); }
            @Override public String open(String sealed, String context) { return masterKey.openText(sealed, context); }
        }, this::issuer, new Outbound.Config(settings.number("gatehouse.outbound.refresh.skew", 0, 86_400),
                settings.number("gatehouse.outbound.refresh.interval", 0, 86_400), settings.number("gatehouse.outbound.log.days", 1, 3650),
                settings.number("gatehouse.outbound.connect.timeout", 1, 300) * 1000, settings.number("gatehouse.outbound.read.timeout", 1, 600) * 1000,
                (int) settings.number("gatehouse.outbound.max.response", 1024, 100L << 20)), leases, node);
        db.observe(new Database.Observer() {
            @Override public void transaction(long nanos) { metrics.transaction(nanos); }
            @Override public void groupCommit(int writes) { metrics.groupCommit(writes); }
        });
        outbound.log.listen(metrics::outboundCall);
        authenticator.listen(new Authenticator.Listener() {
            @Override public void failed(String reason) { metrics.loginFailed(reason); }
            @Override public void lockedOut() { metrics.lockout(); }
        });
        if (!db.pooledByContainer()) {
            for (String pool : List.of("default", "read")) {
                metrics.gauge("gatehouse.db.pool.connections", "Database connections in the pool, by state", () -> poolFigure(pool, 0), "pool", pool, "state", "in_use");
                metrics.gauge("gatehouse.db.pool.connections", "Database connections in the pool, by state", () -> poolFigure(pool, 1), "pool", pool, "state", "idle");
                metrics.gauge("gatehouse.db.pool.max", "Database connections at most in the pool", () -> poolFigure(pool, 2), "pool", pool);
            }
        }
        metrics.gauge("gatehouse.sessions.active", "Login sessions neither expired nor idle", sessions::countActive);
        this.housekeeping = new Housekeeping(db, leases, node, signingKeys, settings.number("gatehouse.session.idle", 60, 86_400 * 30L) * 1000,
                activity);
    }

    private Number poolFigure(String pool, int which) {
        int[] p = db.pool(pool);
        return p == null ? null : p[which];
    }

    private static ClientAddress clientAddress(String trusted) {
        try {
            return new ClientAddress(trusted);
        } catch (IllegalArgumentException e) {
            throw new gatehouse.config.SettingException("gatehouse.proxy.trusted", trusted,
                    "must be comma-separated IP addresses or CIDR ranges: " + e.getMessage());
        }
    }

    /**
     * gatehouse.master.key when set; else a key file in gatehouse.data.dir, for every database (with PostgreSQL and
     * several nodes, each node would make its own file, so the setting is then required in practice: logged).
     */
    private static MasterKey masterKey(Settings settings, Database db) {
        var configured = settings.get("gatehouse.master.key");
        if (configured.isPresent()) {
            try {
                return MasterKey.fromBase64(configured.get(), "the setting gatehouse.master.key");
            } catch (IllegalArgumentException e) {
                throw new gatehouse.config.SettingException("gatehouse.master.key", "(secret)", "must be base64 of a 16, 24 or 32 byte AES key", e);
            }
        }
        if (!db.description().startsWith("embedded Derby"))
            Logger.getLogger(Gatehouse.class.getName()).warning("gatehouse.master.key is not set: using a key file in gatehouse.data.dir; "
                    + "with several nodes, set gatehouse.master.key to the same value on each");
        return MasterKey.fromFile(Path.of(settings.string("gatehouse.data.dir")).toAbsolutePath().normalize());
    }

    /**
     * Builds the services and does the first-start work (admin account, demo data).
     *
     * @param crypto the native provider, loading since the start-up began ({@link NativeCrypto#start})
     */
    public static Gatehouse start(Settings settings, Database db, NativeCrypto crypto) {
        Gatehouse g = new Gatehouse(settings, db, crypto);
        db.exclusively(() -> {                     // nodes starting together: one at a time
            // generating an RSA key and hashing the first passwords each take a CPU for a while: side by side
            var keys = java.util.concurrent.CompletableFuture.runAsync(g.signingKeys::ensureActive,
                    r -> new Thread(r, "gatehouse-signing-keys").start());
            Bootstrap.run(g);
            try {
                keys.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) throw cause;
                throw e;
            }
        });
        g.outbound.startJobs();
        long interval = settings.number("gatehouse.housekeeping.interval", 1, 86_400);
        long rotateMillis = settings.number("gatehouse.keys.rotate.days", 1, 3650) * 86_400_000L;
        g.scheduler.every("housekeeping", Math.min(interval, 60), interval, g.housekeeping::run);
        long flush = settings.number("gatehouse.activity.flush.seconds", 1, 3600);
        g.scheduler.every("hourly counts", flush, flush, g.activity::flush);
        g.scheduler.every("key rotation", Math.min(interval, 60), Math.min(interval, 3600), () -> g.signingKeys.rotateIfDue(rotateMillis));
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

    /** The issuer of the request being served (RFC 8414 §2): the setting, else derived for a loopback request ({@link Issuer}). */
    public String issuer() {
        return issuer.get();
    }

    /** How the issuer is found; {@link gatehouse.web.IssuerFilter} gives each request its own. */
    public Issuer issuerRule() {
        return issuer;
    }

    @Override
    public void close() {
        scheduler.close();
        activity.flush();                  // a clean stop loses no count
        outbound.close();
        db.close();
    }
}
