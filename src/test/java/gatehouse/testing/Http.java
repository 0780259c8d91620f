package gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small HTTP client for tests: never follows redirects; keeps cookies when asked to (a browser). HTTP/1.1, as
 * browsers speak plain http (the JDK client would otherwise ask every server to upgrade to h2c, which Payara accepts).
 */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient client;

    private Http(String base, HttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** A client without cookies (an API caller). */
    public static Http to(ServerProcess server) {
        return new Http(server.baseUrl(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** A client without cookies for any base URL (e.g. Gatehouse in Payara Micro or a Tomcat distribution). */
    public static Http at(String baseUrl) {
        return new Http(baseUrl, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** A client that keeps cookies, like a browser. */
    public static Http browser(ServerProcess server) {
        return new Http(server.baseUrl(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** A client that keeps cookies, for an https base URL whose certificate {@code tls} trusts. */
    public static Http browserAt(String baseUrl, javax.net.ssl.SSLContext tls) {
        return new Http(baseUrl, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).sslContext(tls)
                .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10)).build());
    }

    /**
     * A client that keeps cookies like a browser, for any base URL (e.g. Keycloak's login pages). Like browsers, it
     * counts http://127.0.0.1 as a secure context and so sends {@code Secure} cookies there (Keycloak marks its
     * login session cookies Secure even over HTTP).
     */
    public static Http browserAt(String baseUrl) {
        return new Http(baseUrl, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new LoopbackSecureCookies()).connectTimeout(Duration.ofSeconds(10)).build());
    }

    private static final class LoopbackSecureCookies extends CookieManager {
        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            boolean loopback = "http".equalsIgnoreCase(uri.getScheme()) && "127.0.0.1".equals(uri.getHost());
            return super.get(loopback ? URI.create("https" + uri.toString().substring(4)) : uri, requestHeaders);
        }
    }

    public String base() { return base; }

    /** The same client (the same cookies: a browser) at another base URL, as when a load balancer sends it to another node. */
    public Http sameBrowserAt(String otherBaseUrl) {
        return new Http(otherBaseUrl, client);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), headers);
    }

    public HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
        form.forEach((k, v) -> {
            if (SeenSecrets.NAMES.contains(k)) SeenSecrets.recordNamed(k, k + " sent in a form", v);
        });
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))), headers);
    }

    public HttpResponse<String> postRaw(String path, String contentType, String body, String... headers) {
        SeenSecrets.fromForm(body, "a request body");
        SeenSecrets.fromJson(body, "a request body");
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    public HttpResponse<String> json(String method, String path, Object body, String... headers) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SeenSecrets.fromJson(text, "a JSON request");
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(text)), headers);
    }

    public HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            HttpRequest request = b.timeout(Duration.ofSeconds(60)).build();
            request.headers().allValues("Authorization").forEach(SeenSecrets::fromAuthorization);
            request.headers().allValues("DPoP").forEach(proof -> SeenSecrets.record("DPoP proof", proof));
            SeenSecrets.fromForm(request.uri().getRawQuery(), "a request's query");
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            // what the server handed out (tokens, codes, a new client secret), for the log scan (LogSecretScan)
            SeenSecrets.fromJson(r.body(), "a response");
            r.headers().firstValue("Location").ifPresent(SeenSecrets::fromLocation);
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    public static String form(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String adminBasic() {
        return basic("admin", TestServer.ADMIN_PASSWORD);
    }

    public static JsonNode body(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    public static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
