package gatehouse.idtoken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.client.ClientKeys;
import gatehouse.outbound.OutboundHttp;
import gatehouse.store.Application;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * What Gatehouse fetches from an OIDC provider: its OpenID Provider Metadata (Discovery 1.0 §4: {@code issuer},
 * {@code jwks_uri}) and its JWK Set (RFC 7517), over https ({@link OidcProviders#urlProblem}), through
 * {@link OutboundHttp} (connect and read timeouts, a size limit, no redirects followed).
 * <p>Cached per provider: metadata and keys are refetched after {@value #CACHE_MILLIS} ms (a key the provider
 * withdraws may be accepted that long), the keys also for an unknown {@code kid}, but never more often than every
 * {@value #REFETCH_MILLIS} ms per provider, so that tokens with made-up kids cannot make Gatehouse hammer it. A
 * failed fetch keeps the last good copy. One fetch per provider at a time: concurrent calls wait for it rather than
 * fetching too. The cache is an in-memory copy of remote documents only (no state of Gatehouse's own), so nodes
 * need not share it: each node fetches for itself, at most as often as said here.
 */
final class ProviderDocuments {
    static final long CACHE_MILLIS = 5 * 60_000L;
    static final long REFETCH_MILLIS = 10_000L;
    static final String WELL_KNOWN = "/.well-known/openid-configuration";
    private static final Logger LOG = Logger.getLogger(ProviderDocuments.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A provider's documents as last fetched. {@code keys} is empty when the JWK Set could not be had. */
    record Documents(String metadataUrl, String issuer, String jwksUri, List<ClientKeys.ClientKey> keys, long fetchedAt,
                     long keysFetchedAt, long attemptedAt) {
        Documents attempted(long at) { return new Documents(metadataUrl, issuer, jwksUri, keys, fetchedAt, keysFetchedAt, at); }
    }

    private final OutboundHttp http;
    private final boolean httpOnLoopback;
    /** By provider sys_id; at most one entry per provider row, so bounded by the registry. */
    private final Map<String, Documents> cache = new ConcurrentHashMap<>();

    /** One lock per provider sys_id, held while fetching for it. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    ProviderDocuments(OutboundHttp http, boolean httpOnLoopback) {
        this.http = http;
        this.httpOnLoopback = httpOnLoopback;
    }

    /**
     * The provider's documents, fetched when absent or older than {@link #CACHE_MILLIS}; null when never had. After a
     * failed fetch the last good copy (if any) serves, and the next attempt waits {@link #REFETCH_MILLIS} ms.
     */
    Documents of(Application provider) {
        Documents d = cached(provider, System.currentTimeMillis());
        if (d != STALE) return d;
        synchronized (locks.computeIfAbsent(provider.sysId, k -> new Object())) {
            long now = System.currentTimeMillis();
            d = cached(provider, now);   // another thread may have fetched while this one waited
            if (d != STALE) return d;
            Documents last = cache.get(provider.sysId);
            if (last != null && !last.metadataUrl().equals(provider.oidcMetadataUrl)) last = null;
            Documents fetched = fetch(provider, now);
            if (fetched != null) {
                cache.put(provider.sysId, fetched);
                return fetched;
            }
            Documents kept = last != null ? last.attempted(now) : new Documents(provider.oidcMetadataUrl, null, null, List.of(), 0, now, now);
            cache.put(provider.sysId, kept);
            return kept.issuer() == null ? null : kept;
        }
    }

    /** Marks "fetch now" in {@link #cached}. */
    private static final Documents STALE = new Documents("", null, null, List.of(), 0, 0, 0);

    /** The cached documents when they may serve at {@code now} (null: none to be had for now), else {@link #STALE}. */
    private Documents cached(Application provider, long now) {
        Documents d = cache.get(provider.sysId);
        if (d == null || !d.metadataUrl().equals(provider.oidcMetadataUrl)) return STALE;   // never fetched, or the URL was edited
        long age = now - d.fetchedAt();
        long sinceAttempt = now - d.attemptedAt();
        boolean fresh = d.issuer() != null && age >= 0 && age < CACHE_MILLIS;
        if (fresh || (sinceAttempt >= 0 && sinceAttempt < REFETCH_MILLIS)) return d.issuer() == null ? null : d;
        return STALE;
    }

    /**
     * Whether a token whose {@code iss} is {@code issuer} may come from the provider at {@code metadataUrl}: when the URL
     * is {@code ISSUER/.well-known/openid-configuration} (Discovery 1.0 §4), only that issuer's; any other URL may serve any.
     */
    static boolean mayBeIssuer(String metadataUrl, String issuer) {
        if (metadataUrl == null || !metadataUrl.endsWith(WELL_KNOWN)) return true;
        return metadataUrl.substring(0, metadataUrl.length() - WELL_KNOWN.length()).equals(issuer);
    }

    /** The keys again, for a {@code kid} the cached set lacks; at most every {@link #REFETCH_MILLIS} ms per provider. */
    Documents refetchKeys(Application provider, Documents d) {
        synchronized (locks.computeIfAbsent(provider.sysId, k -> new Object())) {
            Documents current = cache.getOrDefault(provider.sysId, d);
            if (current.keys() != d.keys()) return current;   // another thread refetched while this one waited
            long now = System.currentTimeMillis();
            if (d.jwksUri() == null || (now - d.keysFetchedAt() < REFETCH_MILLIS && now >= d.keysFetchedAt())) return d;
            List<ClientKeys.ClientKey> keys = keys(provider, d.jwksUri());
            Documents updated = new Documents(d.metadataUrl(), d.issuer(), d.jwksUri(), keys == null ? d.keys() : keys, d.fetchedAt(), now, d.attemptedAt());
            cache.put(provider.sysId, updated);
            return updated;
        }
    }

    private Documents fetch(Application provider, long now) {
        String url = provider.oidcMetadataUrl;
        if (url == null || OidcProviders.urlProblem(url, httpOnLoopback) != null) return null;
        JsonNode metadata = getJson(provider, url, "metadata");
        if (metadata == null) return null;
        String issuer = metadata.path("issuer").asText(null);
        String jwksUri = metadata.path("jwks_uri").asText(null);
        if (issuer == null || issuer.isBlank() || jwksUri == null) {
            LOG.warning("OIDC provider " + provider.name + ": the metadata at " + url + " lacks issuer or jwks_uri");
            return null;
        }
        // Discovery 1.0 §4.3: the issuer is the metadata URL without /.well-known/openid-configuration
        if (!mayBeIssuer(url, issuer)) {
            LOG.warning("OIDC provider " + provider.name + ": the metadata's issuer " + issuer + " does not match its URL " + url);
            return null;
        }
        String problem = OidcProviders.urlProblem(jwksUri, httpOnLoopback);
        if (problem != null) {
            LOG.warning("OIDC provider " + provider.name + ": jwks_uri " + jwksUri + " " + problem);
            return null;
        }
        List<ClientKeys.ClientKey> keys = keys(provider, jwksUri);
        return new Documents(url, issuer, jwksUri, keys == null ? List.of() : keys, now, now, now);
    }

    private List<ClientKeys.ClientKey> keys(Application provider, String jwksUri) {
        JsonNode set = getJson(provider, jwksUri, "JWK Set");
        if (set == null || !set.path("keys").isArray()) return null;
        return ClientKeys.parse(set.toString());
    }

    private JsonNode getJson(Application provider, String url, String what) {
        try {
            OutboundHttp.Response r = http.send("GET", URI.create(url), Map.of("Accept", "application/json"), null);
            if (r.status() != 200) {
                LOG.warning("OIDC provider " + provider.name + ": " + what + " at " + url + " answered HTTP " + r.status());
                return null;
            }
            JsonNode n = JSON.readTree(r.body());
            if (n == null || !n.isObject()) {
                LOG.warning("OIDC provider " + provider.name + ": " + what + " at " + url + " is not a JSON object");
                return null;
            }
            return n;
        } catch (OutboundHttp.Failure f) {
            LOG.warning("OIDC provider " + provider.name + ": " + what + " at " + url + ": " + f.getMessage());
            return null;
        } catch (Exception e) {
            LOG.warning("OIDC provider " + provider.name + ": " + what + " at " + url + " is not JSON");
            return null;
        }
    }
}
