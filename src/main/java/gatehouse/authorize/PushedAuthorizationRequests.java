package gatehouse.authorize;

import gatehouse.keys.Secrets;
import gatehouse.oidc.OpenIdRequest;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.PushedRequest;
import gatehouse.token.OAuthError;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pushed authorization requests (RFC 9126), without HTTP. {@link #push} validates the request of an authenticated client
 * exactly as the authorization endpoint would ({@link AuthorizationEndpoint#validate}, {@link OpenIdRequest#parse}) and
 * keeps it in {@code par_request} (any node can serve the authorization request), under the SHA-256 of the random part
 * of its {@code request_uri}.
 * <p>
 * At the authorization endpoint a request_uri is taken once (§4: one-time use), by one conditional UPDATE: either for
 * its answer (the code, an error redirect or the consent page: {@link #consume}), or to send the person to log in
 * ({@link #takeForLogin}); then only the browser that took it (its {@code GH_PAR} cookie) may bring it back, once, for
 * as long as a consent page waits. Short-lived: {@code gatehouse.par.lifespan}.
 */
public final class PushedAuthorizationRequests {
    /** RFC 9126 §2.2: the form of the request_uri, with a random reference value. */
    public static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
    /** RFC 9126 §2.1: parameters that only authenticate the client, no part of the authorization request. */
    static final Set<String> CLIENT_AUTHENTICATION = Set.of("client_secret", "client_assertion", "client_assertion_type");
    /** The longest stored request, form-urlencoded (the column {@code par_request.parameters}). */
    static final int MAX_STORED = 20_000;
    /** How long a request taken to the log-in page may come back: as long as a consent page waits for its answer. */
    static final long LOGIN_MILLIS = PendingAuthorizations.LIFESPAN_MILLIS;
    private static final String UNKNOWN = "The request_uri is unknown or has expired (invalid_request_uri). Start again from the application.";
    private static final String USED = "The request_uri has already been used (invalid_request_uri). Start again from the application.";

    private final Database db;
    private final AuthorizationEndpoint authorization;
    private final long lifespanSeconds;

    /** @param lifespanSeconds setting {@code gatehouse.par.lifespan} */
    public PushedAuthorizationRequests(Database db, AuthorizationEndpoint authorization, long lifespanSeconds) {
        this.db = db;
        this.authorization = authorization;
        this.lifespanSeconds = lifespanSeconds;
    }

    /** RFC 9126 §2.2: what the client gets back. */
    public record Pushed(String requestUri, long expiresIn) { }

    /**
     * RFC 9126 §2.1: the authorization request {@code form} of the authenticated {@code client}, validated and stored.
     * Errors are RFC 6749 §5.2 ones ({@link OAuthError}); nothing is stored for a refused request.
     *
     * @param resources every {@code resource} value of the request (RFC 8707 §2: the parameter may be repeated)
     * @param proofJkt the thumbprint of the key of the request's DPoP proof (RFC 9449 §10.1), or null
     */
    public Pushed push(Application client, Map<String, String> form, List<String> resources, String proofJkt, long now) {
        if (form.containsKey("request_uri")) throw OAuthError.invalidRequest("request_uri must not be sent to the pushed authorization request endpoint (RFC 9126 §2.1)");
        Map<String, String> kept = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : form.entrySet())
            if (!CLIENT_AUTHENTICATION.contains(e.getKey()) && !e.getKey().equals(OpenIdRequest.LOGIN_AFTER)) kept.put(e.getKey(), e.getValue());
        String clientId = kept.get("client_id");
        if (clientId == null || clientId.isEmpty()) kept.put("client_id", client.clientId);   // RFC 9126 §2.1: it is the authenticated client
        else if (!clientId.equals(client.clientId)) throw OAuthError.invalidRequest("client_id is not the authenticated client");
        if (proofJkt != null) {
            String jkt = kept.get("dpop_jkt");
            if (jkt != null && !jkt.isEmpty() && !jkt.equals(proofJkt))
                throw OAuthError.invalidRequest("dpop_jkt is not the thumbprint of the DPoP proof's key (RFC 9449 §10.1)");
            kept.put("dpop_jkt", proofJkt);
        }
        Map<String, List<String>> lists = new LinkedHashMap<>();
        kept.forEach((k, v) -> lists.put(k, k.equals("resource") && !resources.isEmpty() ? List.copyOf(resources) : List.of(v)));
        validate(lists);
        String encoded = encode(lists);
        if (encoded.length() > MAX_STORED) throw new OAuthError("invalid_request", "The authorization request is too large", 413);
        String reference = Secrets.random(32);
        PushedRequest p = new PushedRequest();
        p.idHash = Secrets.sha256(reference);
        p.clientId = client.clientId;
        p.parameters = encoded;
        p.createdAt = now;
        p.expiresAt = now + lifespanSeconds * 1000;
        p.used = false;
        db.tx(em -> {
            em.persist(p);
            return null;
        });
        return new Pushed(REQUEST_URI_PREFIX + reference, lifespanSeconds);
    }

    /** RFC 9126 §2.1 step 3: as the authorization endpoint validates, with its errors as RFC 6749 §5.2 ones (§2.3). */
    private void validate(Map<String, List<String>> lists) {
        try {
            AuthorizationRequest r = authorization.validate(new AuthorizationRequest(lists, true));
            OpenIdRequest.parse(r);
        } catch (UnsafeRequestError e) {
            throw OAuthError.invalidRequest(e.getMessage());
        } catch (AuthorizationError e) {
            throw new OAuthError(e.error, e.description, 400);
        }
    }

    /** A request_uri found good for its client and this browser, not yet taken by this visit. */
    public static final class Found {
        final String idHash;
        /** Whether this browser took it to log in and now brings it back. */
        final boolean resumed;
        final String clientId;
        final String requestUri;
        final AuthorizationRequest request;

        private Found(String idHash, boolean resumed, String clientId, String requestUri, AuthorizationRequest request) {
            this.idHash = idHash;
            this.resumed = resumed;
            this.clientId = clientId;
            this.requestUri = requestUri;
            this.request = request;
        }

        /** The pushed request; the address's other parameters are ignored (RFC 9126 §4). */
        public AuthorizationRequest request() { return request; }

        /** The address that brings it back to the authorization endpoint after the log-in. */
        public String query() {
            return "client_id=" + enc(clientId) + "&request_uri=" + enc(requestUri);
        }
    }

    /**
     * RFC 9126 §4: the pushed request that {@code requestUri} names, for {@code clientId}, when it is neither used nor
     * expired, or was taken to log in by {@code browser} (the value of its cookie, or null). Anything else is an error
     * page: the request's redirect URI cannot be trusted.
     */
    public Found find(String requestUri, String clientId, String browser, long now) {
        if (clientId == null) throw new UnsafeRequestError("The client_id parameter is missing: send it with request_uri (RFC 9126 §4).");
        if (!requestUri.startsWith(REQUEST_URI_PREFIX) || requestUri.length() > REQUEST_URI_PREFIX.length() + 64)
            throw new UnsafeRequestError(UNKNOWN);
        String idHash = Secrets.sha256(requestUri.substring(REQUEST_URI_PREFIX.length()));
        PushedRequest p = db.read(em -> em.find(PushedRequest.class, idHash));
        if (p == null) throw new UnsafeRequestError(UNKNOWN);
        if (!p.clientId.equals(clientId)) throw new UnsafeRequestError("The request_uri was not pushed by this client_id (invalid_request_uri).");
        if (p.expiresAt <= now) throw new UnsafeRequestError(p.used ? USED : UNKNOWN);
        boolean resumed = p.used;
        if (resumed && (browser == null || p.browserHash == null || !Secrets.constantTimeEquals(p.browserHash, Secrets.sha256(browser))))
            throw new UnsafeRequestError(USED);
        Map<String, List<String>> parameters = decode(p.parameters);
        if (p.loginAfter != null) parameters.put(OpenIdRequest.LOGIN_AFTER, List.of(Long.toString(p.loginAfter)));
        return new Found(idHash, resumed, clientId, requestUri, new AuthorizationRequest(parameters, true));
    }

    /**
     * The person must log in first: the request is taken for {@code browser}, which alone may bring it back, for
     * {@value #LOGIN_MILLIS} ms; a log-in after now satisfies its prompt=login and max_age.
     */
    public void takeForLogin(Found f, String browser, long now) {
        String browserHash = Secrets.sha256(browser);
        int taken = db.tx(em -> f.resumed
                ? em.createQuery("UPDATE PushedRequest p SET p.loginAfter = :now WHERE p.idHash = :id AND p.used = TRUE AND p.browserHash = :b "
                                + "AND p.expiresAt > :now")
                        .setParameter("now", now).setParameter("id", f.idHash).setParameter("b", browserHash).executeUpdate()
                : em.createQuery("UPDATE PushedRequest p SET p.used = TRUE, p.browserHash = :b, p.loginAfter = :now, p.expiresAt = :until "
                                + "WHERE p.idHash = :id AND p.used = FALSE AND p.expiresAt > :now")
                        .setParameter("b", browserHash).setParameter("now", now).setParameter("until", now + LOGIN_MILLIS)
                        .setParameter("id", f.idHash).executeUpdate());
        if (taken != 1) throw new UnsafeRequestError(USED);
    }

    /**
     * The request is answered now (a code, an error for the client or the consent page): taken for good, by one
     * conditional UPDATE, so that of two visits with one request_uri exactly one gets an answer.
     */
    public void consume(Found f, String browser, long now) {
        int taken = db.tx(em -> f.resumed
                ? em.createQuery("UPDATE PushedRequest p SET p.browserHash = NULL WHERE p.idHash = :id AND p.used = TRUE AND p.browserHash = :b "
                                + "AND p.expiresAt > :now")
                        .setParameter("id", f.idHash).setParameter("b", browser == null ? "" : Secrets.sha256(browser))
                        .setParameter("now", now).executeUpdate()
                : em.createQuery("UPDATE PushedRequest p SET p.used = TRUE WHERE p.idHash = :id AND p.used = FALSE AND p.expiresAt > :now")
                        .setParameter("id", f.idHash).setParameter("now", now).executeUpdate());
        if (taken != 1) throw new UnsafeRequestError(USED);
    }

    static String encode(Map<String, List<String>> parameters) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<String>> e : parameters.entrySet())
            for (String value : e.getValue()) {
                if (b.length() > 0) b.append('&');
                b.append(enc(e.getKey())).append('=').append(enc(value));
            }
        return b.toString();
    }

    static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (encoded.isEmpty()) return m;
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            m.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
