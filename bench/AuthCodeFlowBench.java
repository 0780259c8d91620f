import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole authorization code flow as a benchmark (issue 18), for Gatehouse and for Keycloak, run by
 * bench/auth-code-flow.sh as a single-file program ({@code java bench/AuthCodeFlowBench.java KEY=VALUE ...}).
 *
 * <p>N threads, each a browser of its own (its own cookie jar and keep-alive connection), repeat one flow: the
 * authorization request (PKCE S256, state) answered from the browser's session cookie and the remembered consent
 * with a redirect carrying the code; the code exchanged at the token endpoint (client secret, code_verifier); one
 * API call with the access token. {@code login=each} logs in with the password in every flow (a new browser each
 * time: the login form, the password check, the session cookie), {@code login=once} (the default) logs each browser
 * in once before the clock starts. Consent is given once per user and client before the clock starts, so it is
 * remembered. Every step's answer is checked (status, the state, the code, a bearer token, the API's 200), and a
 * flow that fails any check counts as an error, not as a flow.
 *
 * <p>Keys: server=gatehouse|keycloak, authorize, token, api (URLs), client_id, client_secret, redirect_uri, scope,
 * user, password, threads (16), seconds (20), warmup (10), login (once|each), pid (the server's process: its CPU
 * time per flow, user + system from /proc, is printed too).
 */
public final class AuthCodeFlowBench {
    private static final Pattern HIDDEN = Pattern.compile("<input[^>]*type=\"hidden\"[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOGIN_FORM = Pattern.compile("name=\"(user_)?password\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> conf;
    private final boolean keycloak;

    private AuthCodeFlowBench(Map<String, String> conf) {
        this.conf = conf;
        this.keycloak = "keycloak".equals(conf.get("server"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> conf = new LinkedHashMap<>(Map.of("threads", "16", "seconds", "20", "warmup", "10", "login", "once"));
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("KEY=VALUE expected: " + a);
            conf.put(a.substring(0, eq), a.substring(eq + 1));
        }
        new AuthCodeFlowBench(conf).run();
    }

    /** A browser: its cookies (one host, so names only) and an HTTP/1.1 client that keeps its connection. */
    private final class Browser {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String url) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(url)).GET(), null);
        }

        HttpResponse<String> post(String url, Map<String, String> form, String basic) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(form)));
            if (basic != null) b.header("Authorization", basic);
            return send(b, null);
        }

        HttpResponse<String> send(HttpRequest.Builder b, String bearer) throws Exception {
            b.timeout(Duration.ofSeconds(30));
            if (!cookies.isEmpty() && bearer == null) {
                StringBuilder c = new StringBuilder();
                cookies.forEach((k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
                b.header("Cookie", c.toString());
            }
            if (bearer != null) b.header("Authorization", "Bearer " + bearer);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String sc : r.headers().allValues("Set-Cookie")) {
                String pair = sc.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq <= 0) continue;
                String name = pair.substring(0, eq).trim(), value = pair.substring(eq + 1).trim();
                boolean expired = sc.toLowerCase().contains("max-age=0") || value.isEmpty() || sc.contains("Expires=Thu, 01 Jan 1970");
                if (expired) cookies.remove(name);
                else cookies.put(name, value);
            }
            return r;
        }

        String absolute(String location) {
            return location.startsWith("/") ? conf.get("authorize").replaceFirst("^(https?://[^/]+).*$", "$1") + location : location;
        }
    }

    private static final class FlowFailed extends Exception {
        FlowFailed(String message) {
            super(message, null, false, false);
        }
    }

    private static void check(boolean ok, String what, HttpResponse<String> r) throws FlowFailed {
        if (!ok) {
            String body = r == null ? "" : r.body();
            throw new FlowFailed(what + (r == null ? "" : ": HTTP " + r.statusCode() + " "
                    + r.headers().firstValue("Location").orElse("") + " " + body.substring(0, Math.min(300, body.length()))));
        }
    }

    /** One whole flow in {@code b}; logs in first when the authorization request asks for it (and {@code mayLogIn}). */
    private void flow(Browser b, boolean mayLogIn) throws Exception {
        String verifier = random(32), state = random(16);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", conf.get("client_id"));
        q.put("redirect_uri", conf.get("redirect_uri"));
        q.put("scope", conf.get("scope"));
        q.put("state", state);
        q.put("code_challenge", challenge);
        q.put("code_challenge_method", "S256");
        HttpResponse<String> r = b.get(conf.get("authorize") + "?" + form(q));
        String redirect = conf.get("redirect_uri");
        for (int step = 0; step < 6; step++) {
            String location = r.headers().firstValue("Location").orElse(null);
            if ((r.statusCode() == 302 || r.statusCode() == 303) && location != null && location.startsWith(redirect)) break;
            check(mayLogIn, "the authorization request did not come back with a code", r);
            if ((r.statusCode() == 302 || r.statusCode() == 303) && location != null) {
                r = b.get(b.absolute(location));        // Gatehouse: to the login page, back to the authorization request
            } else if (r.statusCode() == 200 && LOGIN_FORM.matcher(r.body()).find()) {
                r = logIn(b, r);
            } else if (r.statusCode() == 200) {
                r = consent(b, r);
            } else {
                check(false, "unexpected answer in the authorization flow", r);
            }
        }
        String location = r.headers().firstValue("Location").orElse("");
        check(location.startsWith(redirect), "no redirect to the client", r);
        Map<String, String> answer = query(location);
        check(state.equals(answer.get("state")) && answer.get("code") != null, "no code or a wrong state", r);

        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", answer.get("code"));
        exchange.put("redirect_uri", redirect);
        exchange.put("code_verifier", verifier);
        String basic = "Basic " + Base64.getEncoder().encodeToString((enc(conf.get("client_id")) + ":" + enc(conf.get("client_secret")))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> t = b.post(conf.get("token"), exchange, basic);
        check(t.statusCode() == 200, "token exchange failed", t);
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(t.body());
        check(m.find(), "no access_token", t);

        HttpResponse<String> api = b.send(HttpRequest.newBuilder(URI.create(conf.get("api"))).GET(), m.group(1));
        check(api.statusCode() == 200, "the API call failed", api);
    }

    /** Posts a login form: Gatehouse's (user_name, user_password and its hidden token) or Keycloak's (username, password). */
    private HttpResponse<String> logIn(Browser b, HttpResponse<String> page) throws Exception {
        Map<String, String> form = hidden(page.body());
        if (keycloak) {
            form.put("username", conf.get("user"));
            form.put("password", conf.get("password"));
        } else {
            form.put("user_name", conf.get("user"));
            form.put("user_password", conf.get("password"));
        }
        HttpResponse<String> r = b.post(b.absolute(action(page)), form, null);
        check(r.statusCode() == 302 || r.statusCode() == 303, "login failed", r);
        return r;
    }

    /** Allows on a consent page: Gatehouse's (decision=allow) or Keycloak's (accept). */
    private HttpResponse<String> consent(Browser b, HttpResponse<String> page) throws Exception {
        Map<String, String> form = hidden(page.body());
        if (keycloak) form.put("accept", "Yes");
        else form.put("decision", "allow");
        HttpResponse<String> r = b.post(b.absolute(action(page)), form, null);
        check(r.statusCode() == 302 || r.statusCode() == 303, "consent failed", r);
        return r;
    }

    private static String action(HttpResponse<String> page) throws FlowFailed {
        Matcher m = FORM_ACTION.matcher(page.body());
        check(m.find(), "no form on the page", page);
        String a = unescape(m.group(1));
        if (a.startsWith("http") || a.startsWith("/")) return a;
        String path = page.uri().getPath();
        return path.substring(0, path.lastIndexOf('/') + 1) + a;
    }

    private void run() throws Exception {
        int threads = Integer.parseInt(conf.get("threads"));
        boolean each = "each".equals(conf.get("login"));
        // one browser logs in and allows before the clock starts: the consent is remembered from then on
        flow(new Browser(), true);
        Browser[] browsers = new Browser[threads];
        for (int i = 0; i < threads; i++) {
            browsers[i] = new Browser();
            if (!each) flow(browsers[i], true);     // logged in once: its session cookie answers every later flow
        }
        long warmup = Long.parseLong(conf.get("warmup")), seconds = Long.parseLong(conf.get("seconds"));
        LongAdder flows = new LongAdder(), errors = new LongAdder();
        Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
        AtomicBoolean measuring = new AtomicBoolean(), stop = new AtomicBoolean();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            int id = i;
            latencies[i] = new long[1 << 16];
            Thread th = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Browser b = each ? new Browser() : browsers[id];
                        long t0 = System.nanoTime();
                        try {
                            flow(b, each);
                            if (measuring.get()) {
                                flows.increment();
                                if (counts[id] == latencies[id].length) latencies[id] = Arrays.copyOf(latencies[id], counts[id] * 2);
                                latencies[id][counts[id]++] = System.nanoTime() - t0;
                            }
                        } catch (FlowFailed e) {
                            if (measuring.get()) errors.increment();
                            errorKinds.computeIfAbsent(e.getMessage().replaceAll("\\s+", " ").substring(0, Math.min(160, e.getMessage().length())), k -> new LongAdder()).increment();
                        } catch (Exception e) {
                            if (measuring.get()) errors.increment();
                            errorKinds.computeIfAbsent(e.toString(), k -> new LongAdder()).increment();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "flow-" + i);
            th.setDaemon(true);
            th.start();
        }
        Thread.sleep(warmup * 1000);
        long cpu0 = cpuTicks();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long cpu1 = cpuTicks();
        stop.set(true);
        done.await();
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) for (int j = 0; j < counts[i]; j++) all.add(latencies[i][j]);
        all.sort(null);
        // /proc ticks are 1/100 s on Linux (CLK_TCK)
        String cpu = cpu0 < 0 || cpu1 < 0 || flows.sum() == 0 ? "" : String.format(", server CPU %.2f ms/flow (%.2f cores)",
                (cpu1 - cpu0) * 10.0 / flows.sum(), (cpu1 - cpu0) / 100.0 / elapsed);
        System.out.printf("%-9s login=%s threads=%d: %.1f flows/s (%d in %.1f s), p50 %.1f ms, p99 %.1f ms%s, %d errors%n",
                conf.get("server"), each ? "each" : "once", threads, flows.sum() / elapsed, flows.sum(), elapsed,
                pct(all, 0.50), pct(all, 0.99), cpu, errors.sum());
        errorKinds.forEach((k, v) -> System.out.println("  error x" + v.sum() + ": " + k));
        if (flows.sum() == 0) System.exit(1);
    }

    /** utime + stime of the server's process (all its threads), or -1 without pid=. */
    private long cpuTicks() {
        String pid = conf.get("pid");
        if (pid == null) return -1;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    private static Map<String, String> hidden(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            String name = null, value = "";
            Matcher a = ATTR.matcher(m.group());
            while (a.find()) {
                if (a.group(1).equalsIgnoreCase("name")) name = a.group(2);
                if (a.group(1).equalsIgnoreCase("value")) value = unescape(a.group(2));
            }
            if (name != null) fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            q.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static String form(Map<String, String> p) {
        StringBuilder s = new StringBuilder();
        p.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return s.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String unescape(String s) {
        return s.replace("&#039;", "'").replace("&#39;", "'").replace("&#034;", "\"").replace("&quot;", "\"")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&#x3D;", "=").replace("&amp;", "&");
    }
}
