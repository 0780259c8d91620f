package gatehouse.client;

import gatehouse.store.Application;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public keys an application registered for {@code private_key_jwt} and the JWT bearer grant
 * (RFC 7523): its inline {@code jwks}, else those fetched from its {@code jwks_url} with short timeouts,
 * no redirects and a size limit. Fetched sets are cached for {@value #CACHE_MILLIS} ms per URL (a key
 * the client removes may be accepted that long); an unknown {@code kid} refetches at most every
 * {@value #REFETCH_MILLIS} ms, so a client's new key works at once without letting callers hammer its server.
 */
public final class ClientKeys {
    static final long CACHE_MILLIS = 5 * 60_000L;
    static final long REFETCH_MILLIS = 10_000L;
    static final int MAX_BYTES = 64 * 1024;

    /** One usable public key. {@code kid} may be null. */
    public record ClientKey(String kid, String alg, PublicKey key) { }

    private record Cached(List<ClientKey> keys, long fetchedAt) { }

    /** Made on the first jwks_url fetch: building an HttpClient loads the TLS trust store, a slow part of start-up. */
    private volatile HttpClient http;

    private HttpClient http() {
        HttpClient h = http;
        if (h == null) {
            synchronized (this) {
                if (http == null) http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                        .followRedirects(HttpClient.Redirect.NEVER).build();
                h = http;
            }
        }
        return h;
    }
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** The application's keys; empty when it registered none or they cannot be had. */
    public List<ClientKey> keys(Application app, boolean refetch) {
        if (app.jwks != null && !app.jwks.isBlank()) return parse(app.jwks);
        if (app.jwksUrl == null || app.jwksUrl.isBlank()) return List.of();
        long now = System.currentTimeMillis();
        Cached c = cache.get(app.jwksUrl);
        boolean stale = c == null || now - c.fetchedAt() > CACHE_MILLIS || (refetch && now - c.fetchedAt() > REFETCH_MILLIS);
        if (!stale) return c.keys();
        List<ClientKey> fetched = fetch(app.jwksUrl);
        if (fetched == null) return c == null ? List.of() : c.keys();
        cache.put(app.jwksUrl, new Cached(fetched, now));
        return fetched;
    }

    private List<ClientKey> fetch(String url) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json").GET().build();
            HttpResponse<InputStream> res = http().send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = res.body()) {
                if (res.statusCode() != 200) return null;
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) return null;
                return parse(new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Public keys of a JWK Set; private or symmetric keys are ignored (never accepted for verification). */
    public static List<ClientKey> parse(String json) {
        List<ClientKey> out = new ArrayList<>();
        JwkSet set;
        try {
            set = Jwks.setParser().ignoreUnsupported(true).build().parse(json);
        } catch (RuntimeException e) {
            return out;
        }
        for (Jwk<?> jwk : set) {
            Key k = jwk.toKey();
            if (k instanceof PublicKey pk) out.add(new ClientKey(jwk.getId(), jwk.getAlgorithm(), pk));
        }
        return out;
    }
}
