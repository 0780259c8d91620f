package gatehouse.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What operators watch, in Prometheus' text format at {@code /metrics} ({@link MetricsServlet}). One registry per
 * running Gatehouse (never Micrometer's global one: two WARs in one container keep theirs apart).
 *
 * <p>Every label value is bounded: a grant type, error code or HTTP method outside the known sets is counted as
 * {@code other}; an application is its registered {@code client_id} (only ever set after the client authenticated);
 * an outbound profile is its sys_id (stable when the profile is renamed). No label carries a token, a secret or text a caller typed.
 */
public final class Metrics {
    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials", "password",
            "urn:ietf:params:oauth:grant-type:jwt-bearer", "implicit", "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:ietf:params:oauth:grant-type:device_code");
    private static final Set<String> ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
            "unsupported_grant_type", "invalid_scope", "server_error", "temporarily_unavailable", "access_denied",
            "unsupported_token_type", "invalid_token", "insufficient_scope", "too_many_requests", "invalid_target",
            "invalid_dpop_proof", "use_dpop_nonce",                                 // RFC 9449 §5, §8
            "authorization_pending", "slow_down", "expired_token",                  // RFC 8628 §3.5
            "unsupported_response_type", "login_required", "consent_required",      // RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6
            "interaction_required", "request_not_supported", "request_uri_not_supported", "registration_not_supported");
    /** The device grant's polling answers: refusals for the meter, not for the console home's count. */
    private static final Set<String> POLLING = Set.of("authorization_pending", "slow_down");
    private static final Set<String> LOGIN_FAILURES = Set.of("wrong_credentials", "locked", "throttled");
    private static final Set<String> TOKEN_ACTIONS = Set.of("none", "fetched", "refreshed");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,100}");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Meters looked up on the hot paths, cached by their label values. */
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final DistributionSummary groupCommitSize;
    private final Timer transactions;
    /** The console home's cluster-wide hourly counts; null: not counted (a Metrics without a database). */
    private final Activity activity;
    private final JmxMeters jmx = new JmxMeters();
    private final java.util.concurrent.CompletableFuture<Void> jvmMeters;

    public Metrics() {
        this(null);
    }

    public Metrics(Activity activity) {
        this.activity = activity;
        // the JVM's meters read MXBeans as they bind (60 ms of a start on two cores): beside the rest of start-up; a
        // scrape waits for them
        this.jvmMeters = java.util.concurrent.CompletableFuture.runAsync(() -> {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmGcMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
        }, r -> new Thread(r, "gatehouse-jvm-meters").start());
        groupCommitSize = DistributionSummary.builder("gatehouse.db.group.commit.size")
                .description("Writes committed together in one group transaction").serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        transactions = Timer.builder("gatehouse.db.transaction").description("Database transactions, from begin to commit or rollback")
                .serviceLevelObjectives(slos()).register(registry);
    }

    /** Histogram buckets for request and transaction times: 1 ms to 10 s. */
    private static Duration[] slos() {
        long[] ms = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000};
        Duration[] d = new Duration[ms.length];
        for (int i = 0; i < ms.length; i++) d[i] = Duration.ofMillis(ms[i]);
        return d;
    }

    /** A token response of the token endpoint (or an implicit grant's fragment). */
    public void tokenIssued(String grantType, String clientId, String format) {
        String g = known(grantType, GRANT_TYPES), c = name(clientId), f = format == null ? "opaque" : name(format);
        counters.computeIfAbsent("issued\0" + g + "\0" + c + "\0" + f, k -> Counter.builder("gatehouse.tokens.issued")
                .description("Access tokens issued, by grant type, application and format")
                .tags("grant_type", g, "client_id", c, "format", f).register(registry)).increment();
        count(Activity.TOKENS_ISSUED);
    }

    private void count(String kind) {
        if (activity != null) activity.add(kind);
    }

    /** An OAuth error answered by {@code endpoint} (token, revoke, introspect, authorize, userinfo, api). */
    public void refused(String endpoint, String error) {
        String e = known(error, ERRORS), p = name(endpoint);
        counters.computeIfAbsent("refused\0" + p + "\0" + e, k -> Counter.builder("gatehouse.refusals")
                .description("Requests refused, by endpoint and OAuth error code").tags("endpoint", p, "error", e).register(registry))
                .increment();
        if (!POLLING.contains(e)) count(Activity.REFUSALS);
    }

    /** How long one request of {@code endpoint} took, and how it ended ({@code 2xx}, {@code 4xx}, {@code 5xx}). */
    public void request(String endpoint, String method, int status, long nanos) {
        String p = name(endpoint), m = known(method, METHODS), s = (status / 100) + "xx";
        timers.computeIfAbsent(p + "\0" + m + "\0" + s, k -> Timer.builder("gatehouse.http.requests")
                .description("Requests served, by endpoint, method and status class").tags("endpoint", p, "method", m, "status", s)
                .serviceLevelObjectives(slos()).register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * A log-in (login page, Basic on the API, password grant, device page) refused: {@code wrong_credentials} (a wrong
     * name or password), {@code locked} (the account is locked), {@code throttled} (too many failures from the address).
     */
    public void loginFailed(String reason) {
        String outcome = known(reason, LOGIN_FAILURES);
        counters.computeIfAbsent("login\0" + outcome, k -> Counter.builder("gatehouse.logins.failed")
                .description("Log-ins refused, by reason").tags("reason", outcome).register(registry)).increment();
        count(Activity.FAILED_LOGINS);
    }

    /** An account locked after too many wrong passwords. */
    public void lockout() {
        counters.computeIfAbsent("lockout", k -> Counter.builder("gatehouse.lockouts")
                .description("Accounts locked after too many wrong passwords").register(registry)).increment();
        count(Activity.LOCKOUTS);
    }

    /**
     * An outbound HTTP call (REST message, token request, revocation) and its answer: status code class, or {@code error}
     * when none came; {@code tokenAction} says whether tokens were {@code fetched} or {@code refreshed} for it.
     */
    public void outboundCall(String kind, String profile, Integer status, String tokenAction) {
        String k = name(kind), p = name(profile), s = status == null ? "error" : (status / 100) + "xx", a = known(tokenAction, TOKEN_ACTIONS);
        counters.computeIfAbsent("outbound\0" + k + "\0" + p + "\0" + s + "\0" + a, x -> Counter.builder("gatehouse.outbound.calls")
                .description("Outbound HTTP calls, by kind, OAuth profile, status class and token action")
                .tags("kind", k, "profile", p, "status", s, "token_action", a).register(registry)).increment();
    }

    public void transaction(long nanos) {
        transactions.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void groupCommit(int size) {
        groupCommitSize.record(size);
    }

    /** A gauge read at each scrape (e.g. active login sessions: a count query); {@code read} must be cheap and never throw. */
    public <T> void gauge(String name, String description, T source, Function<T, Number> read) {
        Gauge.builder(name, source, s -> {
            try {
                Number n = read.apply(s);
                return n == null ? Double.NaN : n.doubleValue();
            } catch (RuntimeException e) {
                return Double.NaN;          // the database is down: the gauge says so, the scrape still answers
            }
        }).description(description).strongReference(true).register(registry);   // Micrometer holds a gauge's source weakly otherwise
    }

    /** As {@link #gauge} for a plain supplier. */
    public void gauge(String name, String description, Supplier<Number> read) {
        gauge(name, description, read, Supplier::get);
    }

    /** As {@link #gauge}, with fixed label values ({@code tags}: name, value, …). */
    public void gauge(String name, String description, Supplier<Number> read, String... tags) {
        Gauge.builder(name, read, s -> {
            try {
                Number n = s.get();
                return n == null ? Double.NaN : n.doubleValue();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).tags(tags).strongReference(true).register(registry);
    }

    /** The registry's meters in Prometheus' text format 0.0.4 (the container's MBeans that appeared since the last scrape bound first). */
    public String scrape() {
        try {
            jvmMeters.join();
        } catch (java.util.concurrent.CompletionException e) {
            // the JVM's meters could not bind: the scrape answers with the others
        }
        jmx.bindNew(registry);
        return registry.scrape();
    }

    private static String known(String value, Set<String> known) {
        return value != null && known.contains(value) ? value : "other";
    }

    /** A registered name (client_id, profile) as a label: kept when short and plain, else {@code other}. */
    private static String name(String value) {
        return value != null && NAME.matcher(value).matches() ? value : "other";
    }
}
