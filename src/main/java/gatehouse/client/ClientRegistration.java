package gatehouse.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.InitialAccessToken;
import gatehouse.store.LoginThrottle;
import gatehouse.store.User;
import gatehouse.user.AddressThrottle;
import gatehouse.user.Users;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Dynamic client registration (RFC 7591) and its management protocol (RFC 7592). The RFC 7591 metadata is translated
 * into the registry's own fields and written by {@link Registry}, which validates them exactly as for the console and
 * the Table API; what is checked here is only what the RFCs add (types, grant/response type consistency, auth methods,
 * the scopes a registered client may have) and what a registered client may never have (admin-only powers).
 * <p>Every write is one transaction: the application, its registration access token's hash, the use of the initial
 * access token and the per-address count all commit together, or nothing is stored.
 */
public final class ClientRegistration {
    public enum Mode { OFF, OPEN, TOKEN }

    public static final List<String> GRANT_TYPES = List.of(Registry.AUTHORIZATION_CODE, Registry.REFRESH_TOKEN, Registry.CLIENT_CREDENTIALS);
    public static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none");
    public static final String PROVIDER_NAME = "Dynamic client registration";
    static final long WINDOW_MS = 3_600_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The registry's field for each RFC 7591 name, to say which field an error is about. */
    private static final Map<String, String> RFC_NAME = Map.ofEntries(Map.entry("redirect_urls", "redirect_uris"),
            Map.entry("post_logout_redirect_uris", "post_logout_redirect_uris"), Map.entry("name", "client_name"),
            Map.entry("logo_url", "logo_uri"), Map.entry("jwks_url", "jwks_uri"), Map.entry("auth_scopes", "scope"),
            Map.entry("default_scopes", "scope"), Map.entry("signing_alg", "id_token_signed_response_alg"),
            Map.entry("public_client", "token_endpoint_auth_method"), Map.entry("client_secret", "token_endpoint_auth_method"));

    /** A refusal in RFC 7591 §3.2.2 / RFC 6750 §3 terms. */
    public static final class RegistrationError extends RuntimeException {
        public final int status;
        public final String error;
        public final long retryAfterSeconds;

        RegistrationError(int status, String error, String description) {
            this(status, error, description, 0);
        }

        RegistrationError(int status, String error, String description, long retryAfterSeconds) {
            super(description);
            this.status = status;
            this.error = error;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        static RegistrationError metadata(String description) {
            return new RegistrationError(400, "invalid_client_metadata", description);
        }

        static RegistrationError invalidToken(String description) {
            return new RegistrationError(401, "invalid_token", description);
        }
    }

    private final Database db;
    private final Registry registry;
    private final Mode mode;
    private final Set<String> allowedScopes;
    private final String clientCredentialsUser;
    private final int perAddress;

    public ClientRegistration(Database db, Registry registry, Mode mode, List<String> allowedScopes, String clientCredentialsUser, int perAddress) {
        this.db = db;
        this.registry = registry;
        this.mode = mode;
        this.allowedScopes = new LinkedHashSet<>(allowedScopes);
        this.clientCredentialsUser = clientCredentialsUser;
        this.perAddress = perAddress;
    }

    public static Mode mode(String setting) {
        return switch (setting == null ? "off" : setting.trim().toLowerCase(Locale.ROOT)) {
            case "open" -> Mode.OPEN;
            case "token" -> Mode.TOKEN;
            case "off", "" -> Mode.OFF;
            default -> throw new IllegalArgumentException("gatehouse.registration must be off, open or token");
        };
    }

    public Mode mode() { return mode; }

    public boolean enabled() { return mode != Mode.OFF; }

    /** A registration's answer: the client information response (RFC 7591 §3.2.1, RFC 7592 §3). */
    public record Registered(Application application, Map<String, Object> body) { }

    /**
     * Registers a client (RFC 7591 §3.1). {@code initialToken} is the bearer token sent, if any; {@code address} the
     * client's address (throttled in open mode).
     */
    public Registered register(JsonNode body, String initialToken, String address, String registrationUriBase) {
        if (mode == Mode.TOKEN) {
            if (initialToken == null) throw RegistrationError.invalidToken("An initial access token is required");
            db.read(em -> usableInitialToken(em, initialToken, System.currentTimeMillis(), false));
        }
        if (mode == Mode.OPEN) {
            long wait = db.read(em -> throttledFor(em.find(LoginThrottle.class, throttleKey(address)), System.currentTimeMillis()));
            if (wait > 0) throw tooMany(wait);
        }
        Request r = read(body, null);
        String clientId = Secrets.sysId();
        r.fields.put("client_id", clientId);
        String registrationToken = Secrets.random(32);
        Registry.WithSecret made;
        try {
            made = create(r, initialToken, address, registrationToken);
        } catch (RuntimeException e) {
            // two first registrations from one address at once both inserted its counter row and one lost: the row is
            // there now, so a second attempt locks it (and counts this registration) instead
            if (mode != Mode.OPEN || !Database.isConflict(e)) throw e;
            made = create(r, initialToken, address, registrationToken);
        }
        boolean secretMethod = !r.method.equals("none") && !r.method.equals("private_key_jwt");
        Map<String, Object> out = describe(made.application(), registrationUriBase);
        if (secretMethod) out.put("client_secret", made.clientSecret());
        out.put("registration_access_token", registrationToken);
        return new Registered(made.application(), out);
    }

    /** The new application, the initial access token's use or the address's count, in one transaction. */
    private Registry.WithSecret create(Request r, String initialToken, String address, String registrationToken) {
        try {
            return registry.create(new RecordInput(r.fields), new Actor("registration", address), (em, a) -> {
                long now = System.currentTimeMillis();
                if (mode == Mode.TOKEN) {
                    InitialAccessToken t = usableInitialToken(em, initialToken, now, true);
                    t.uses++;
                    t.updatedOn = now;
                }
                if (mode == Mode.OPEN) count(em, throttleKey(address), now);
                a.registeredDynamically = true;
                a.registrationTokenHash = Secrets.sha256(registrationToken);
                a.registrationMetadata = r.extra;
            });
        } catch (InvalidRecordException e) {
            throw refusal(e);
        }
    }

    /** The client that {@code registrationToken} manages (RFC 7592 §2), or 401. */
    public Application authorize(String clientId, String registrationToken) {
        if (registrationToken == null) throw RegistrationError.invalidToken("The registration access token is missing");
        Application a = clientId == null ? null : registry.findByClientId(clientId);
        if (a == null || !a.registeredDynamically || a.registrationTokenHash == null
                || !Secrets.constantTimeEquals(a.registrationTokenHash, Secrets.sha256(registrationToken)))
            throw RegistrationError.invalidToken("The registration access token is not valid for this client");
        return a;
    }

    /** RFC 7592 §2.1. */
    public Map<String, Object> read(String clientId, String registrationToken, String registrationUriBase) {
        return describe(authorize(clientId, registrationToken), registrationUriBase);
    }

    /**
     * RFC 7592 §2.2: the request replaces every field. The registration access token is rotated (the old one stops
     * working at once); a client whose auth method needs a secret and has none gets a new one.
     */
    public Map<String, Object> update(String clientId, String registrationToken, JsonNode body, String address, String registrationUriBase) {
        Application current = authorize(clientId, registrationToken);
        if (body == null || !body.isObject()) throw RegistrationError.metadata("The request body must be a JSON object");
        JsonNode id = body.get("client_id");
        if (id == null || !id.isTextual() || !id.asText().equals(current.clientId))
            throw RegistrationError.metadata("client_id must be the client's own client_id");
        JsonNode secret = body.get("client_secret");
        if (secret != null && !secret.isNull() && (!secret.isTextual() || current.clientSecretHash == null
                || !Secrets.constantTimeEquals(current.clientSecretHash, Secrets.sha256(secret.asText()))))
            throw RegistrationError.metadata("client_secret must be the client's current secret (it cannot be chosen)");
        Request r = read(body, current);
        r.fields.put("active", true);
        String newToken = Secrets.random(32);
        String[] newSecret = new String[1];
        String expected = current.registrationTokenHash;
        Application a;
        try {
            a = registry.update(current.sysId, new RecordInput(r.fields), new Actor("registration", address), (em, app) -> {
                // a concurrent update already rotated the token: this one's token is no longer valid
                if (!expected.equals(app.registrationTokenHash)) throw RegistrationError.invalidToken("The registration access token is not valid for this client");
                app.registrationTokenHash = Secrets.sha256(newToken);
                app.registrationMetadata = r.extra;
                boolean secretMethod = !r.method.equals("none") && !r.method.equals("private_key_jwt");
                if (!app.publicClient && app.clientSecretHash == null) {
                    String s = Secrets.random(32);
                    app.clientSecretHash = Secrets.sha256(s);
                    if (secretMethod) newSecret[0] = s;
                }
            });
        } catch (InvalidRecordException e) {
            throw refusal(e);
        } catch (jakarta.persistence.OptimisticLockException | jakarta.persistence.RollbackException e) {
            // two updates at once with the same token (RFC 7592 §2.2): the first to commit rotated it, so this one's
            // token is no longer valid, exactly as when the two come one after the other
            if (!(e instanceof jakarta.persistence.OptimisticLockException) && !(e.getCause() instanceof jakarta.persistence.OptimisticLockException))
                throw e;
            throw RegistrationError.invalidToken("The registration access token is not valid for this client");
        }
        Map<String, Object> out = describe(a, registrationUriBase);
        if (newSecret[0] != null) out.put("client_secret", newSecret[0]);
        out.put("registration_access_token", newToken);
        return out;
    }

    /** RFC 7592 §2.3: deletes the client and revokes its grants and tokens. */
    public void delete(String clientId, String registrationToken, String address) {
        Application a = authorize(clientId, registrationToken);
        registry.delete(a.sysId, new Actor("registration", address));
    }

    /** The request as registry fields, and the extra metadata as JSON. */
    private record Request(Map<String, Object> fields, String extra, String method) { }

    private Request read(JsonNode body, Application current) {
        if (body == null || !body.isObject()) throw RegistrationError.metadata("The request body must be a JSON object");
        if (body.has("software_statement"))
            throw new RegistrationError(400, "invalid_software_statement", "Software statements are not accepted by this server");
        List<String> redirects = strings(body, "redirect_uris");
        List<String> postLogout = strings(body, "post_logout_redirect_uris");
        List<String> grants = strings(body, "grant_types");
        List<String> responses = strings(body, "response_types");
        List<String> contacts = strings(body, "contacts");
        if (grants == null) grants = responses != null && responses.isEmpty() ? List.of() : List.of(Registry.AUTHORIZATION_CODE);
        if (responses == null) responses = grants.contains(Registry.AUTHORIZATION_CODE) ? List.of("code") : List.of();
        for (String g : grants)
            if (!GRANT_TYPES.contains(g))
                throw RegistrationError.metadata("grant_types: '" + g + "' is not offered to registered clients (only " + String.join(", ", GRANT_TYPES) + ")");
        for (String t : responses)
            if (!t.equals("code")) throw RegistrationError.metadata("response_types: '" + t + "' is not supported (only code)");
        if (grants.contains(Registry.AUTHORIZATION_CODE) != responses.contains("code"))
            throw RegistrationError.metadata("response_types code and grant_types authorization_code go together (RFC 7591 §2.1)");
        if (grants.contains(Registry.REFRESH_TOKEN) && !grants.contains(Registry.AUTHORIZATION_CODE))
            throw RegistrationError.metadata("grant_types: refresh_token needs authorization_code");
        if (grants.isEmpty()) throw RegistrationError.metadata("grant_types: at least one grant type is needed");
        if (grants.contains(Registry.AUTHORIZATION_CODE) && (redirects == null || redirects.isEmpty()))
            throw new RegistrationError(400, "invalid_redirect_uri", "redirect_uris: the authorization code grant needs at least one redirect URI");
        String method = string(body, "token_endpoint_auth_method");
        if (method == null) method = "client_secret_basic";
        if (!AUTH_METHODS.contains(method))
            throw RegistrationError.metadata("token_endpoint_auth_method: must be one of " + String.join(", ", AUTH_METHODS));
        boolean hasJwks = body.has("jwks") && !body.get("jwks").isNull();
        String jwksUri = string(body, "jwks_uri");
        if (hasJwks && jwksUri != null) throw RegistrationError.metadata("jwks and jwks_uri must not both be given (RFC 7591 §2)");
        if (method.equals("private_key_jwt") && !hasJwks && jwksUri == null)
            throw RegistrationError.metadata("token_endpoint_auth_method: private_key_jwt needs jwks or jwks_uri");
        if (hasJwks && !body.get("jwks").isObject()) throw RegistrationError.metadata("jwks: must be a JWK Set object");
        if (method.equals("none") && grants.contains(Registry.CLIENT_CREDENTIALS))
            throw RegistrationError.metadata("grant_types: client_credentials needs a confidential client (not token_endpoint_auth_method none)");
        String ccUser = null;
        if (grants.contains(Registry.CLIENT_CREDENTIALS)) {
            ccUser = clientCredentialsUser();
            if (ccUser == null) throw RegistrationError.metadata("grant_types: client_credentials is not offered to registered clients on this server");
        }
        String scope = string(body, "scope");
        List<String> scopes = new ArrayList<>();
        if (scope == null) scopes.addAll(allowedScopes);
        else for (String s : scope.trim().split(" +")) if (!s.isEmpty() && !scopes.contains(s)) scopes.add(s);
        for (String s : scopes)
            if (!allowedScopes.contains(s))
                throw RegistrationError.metadata("scope: '" + s + "' may not be registered (allowed: " + String.join(" ", allowedScopes) + ")");
        if (scopes.isEmpty()) throw RegistrationError.metadata("scope: at least one scope is needed");
        String name = string(body, "client_name");
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", name != null ? name : current != null ? "Registered client " + current.clientId : "Registered client");
        f.put("provider_name", PROVIDER_NAME);
        f.put("public_client", method.equals("none"));
        f.put("redirect_urls", redirects == null ? List.of() : redirects);
        f.put("post_logout_redirect_uris", postLogout == null ? List.of() : postLogout);
        f.put("grant_types", grants);
        f.put("auth_scopes", scopes);
        f.put("logo_url", string(body, "logo_uri"));
        f.put("jwks", hasJwks ? JSON.convertValue(body.get("jwks"), Map.class) : null);
        f.put("jwks_url", jwksUri);
        String alg = string(body, "id_token_signed_response_alg");
        if (alg != null || current != null) f.put("signing_alg", alg != null ? alg : "RS256");
        // never admin-only powers: not first party (consent is always asked), the configured non-admin user for client_credentials
        f.put("first_party", false);
        f.put("client_credentials_user", ccUser);
        // RFC 9126 §6: the client may start authorization requests only through the PAR endpoint
        f.put("require_pushed_authorization_requests", bool(body, "require_pushed_authorization_requests"));
        // the metadata the registry has no field for, checked as the console checks its URLs
        Map<String, Object> extraFields = new LinkedHashMap<>();
        for (String u : List.of("client_uri", "policy_uri", "tos_uri")) extraFields.put(u, string(body, u));
        extraFields.put("software_id", string(body, "software_id"));
        extraFields.put("software_version", string(body, "software_version"));
        RecordInput extraIn = new RecordInput(extraFields);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("token_endpoint_auth_method", method);
        for (String u : List.of("client_uri", "policy_uri", "tos_uri")) {
            String v = Registry.checkedUrl(extraIn, u);
            if (v != null) extra.put(u, v);
        }
        for (String t : List.of("software_id", "software_version")) {
            String v = extraIn.text(t, 200);
            if (v != null) extra.put(t, v);
        }
        if (contacts != null && !contacts.isEmpty()) {
            RecordInput c = new RecordInput(Map.of("contacts", contacts));
            List<String> checked = c.list("contacts", 10, 200);
            if (checked != null) extra.put("contacts", checked);
            c.errors().forEach(extraIn::error);
        }
        if (!extraIn.errors().isEmpty()) throw refusal(new InvalidRecordException(extraIn.errors()));
        try {
            return new Request(f, JSON.writeValueAsString(extra), method);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String clientCredentialsUser() {
        if (clientCredentialsUser == null || clientCredentialsUser.isBlank()) return null;
        User u = db.read(em -> Users.byName(em, clientCredentialsUser.trim()));
        // a user that can administer Gatehouse is never lent to a client nobody vetted
        if (u == null || !u.active || u.hasRole("admin") || u.hasRole("oauth_admin")) return null;
        return u.userName;
    }

    /** The client information response (RFC 7591 §3.2.1) for {@code a}, without secrets. */
    public Map<String, Object> describe(Application a, String registrationUriBase) {
        Map<String, Object> extra = new LinkedHashMap<>();
        try {
            if (a.registrationMetadata != null) extra = JSON.readValue(a.registrationMetadata, LinkedHashMap.class);
        } catch (Exception e) {
            extra = new LinkedHashMap<>();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", a.clientId);
        m.put("client_id_issued_at", a.createdOn / 1000);
        String method = (String) extra.getOrDefault("token_endpoint_auth_method", a.publicClient ? "none" : "client_secret_basic");
        if (!a.publicClient && !method.equals("private_key_jwt")) m.put("client_secret_expires_at", 0);
        m.put("client_name", a.name);
        List<String> grants = RecordInput.split(a.grantTypes);
        m.put("redirect_uris", RecordInput.split(a.redirectUrls));
        List<String> postLogout = RecordInput.split(a.postLogoutRedirectUris);
        if (!postLogout.isEmpty()) m.put("post_logout_redirect_uris", postLogout);
        m.put("grant_types", grants);
        m.put("response_types", grants.contains(Registry.AUTHORIZATION_CODE) ? List.of("code") : List.of());
        m.put("token_endpoint_auth_method", method);
        m.put("scope", String.join(" ", RecordInput.split(a.authScopes)));
        if (a.jwks != null) {
            try {
                m.put("jwks", JSON.readTree(a.jwks));
            } catch (Exception ignored) {
                // stored by the registry as valid JSON
            }
        }
        if (a.jwksUrl != null) m.put("jwks_uri", a.jwksUrl);
        if (a.logoUrl != null) m.put("logo_uri", a.logoUrl);
        m.put("id_token_signed_response_alg", a.signingAlg);
        m.put("require_pushed_authorization_requests", a.requirePushedAuthorizationRequests);
        for (String k : List.of("client_uri", "policy_uri", "tos_uri", "contacts", "software_id", "software_version"))
            if (extra.get(k) != null) m.put(k, extra.get(k));
        m.put("registration_client_uri", registrationUriBase + "/" + a.clientId);
        return m;
    }

    private static RegistrationError refusal(InvalidRecordException e) {
        List<String> parts = new ArrayList<>();
        boolean redirect = false;
        for (Map.Entry<String, String> err : e.fieldErrors().entrySet()) {
            String field = RFC_NAME.getOrDefault(err.getKey(), err.getKey());
            if (field.equals("redirect_uris") || field.equals("post_logout_redirect_uris")) redirect = true;
            parts.add(field + ": " + err.getValue());
        }
        return new RegistrationError(400, redirect ? "invalid_redirect_uri" : "invalid_client_metadata", String.join("; ", parts));
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        String err = field.equals("redirect_uris") || field.equals("post_logout_redirect_uris") ? "invalid_redirect_uri" : "invalid_client_metadata";
        if (!v.isArray()) throw new RegistrationError(400, err, field + ": must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode n : v) {
            if (!n.isTextual()) throw new RegistrationError(400, err, field + ": must be an array of strings");
            if (!out.contains(n.asText())) out.add(n.asText());
        }
        return out;
    }

    /** A boolean member; absent or null is false. */
    private static boolean bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw RegistrationError.metadata(field + ": must be true or false");
        return v.asBoolean();
    }

    private static String string(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw RegistrationError.metadata(field + ": must be a string");
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    /** The initial access token {@code token} if it may register one more client; else 401 invalid_token. */
    private static InitialAccessToken usableInitialToken(EntityManager em, String token, long now, boolean lock) {
        var q = em.createQuery("SELECT t FROM InitialAccessToken t WHERE t.tokenHash = :h", InitialAccessToken.class)
                .setParameter("h", Secrets.sha256(token));
        if (lock) q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        List<InitialAccessToken> found = q.getResultList();
        InitialAccessToken t = found.isEmpty() ? null : found.get(0);
        if (t == null || t.revoked || t.expiresAt <= now || (t.maxUses > 0 && t.uses >= t.maxUses))
            throw RegistrationError.invalidToken("The initial access token is not valid (unknown, revoked, expired or used up)");
        return t;
    }

    static String throttleKey(String address) {
        return "register:" + AddressThrottle.bucket(address);
    }

    private long throttledFor(LoginThrottle t, long now) {
        if (t == null || now - t.windowStart > WINDOW_MS) return 0;
        return t.failures >= perAddress ? t.windowStart + WINDOW_MS - now : 0;
    }

    /** One more registration from the address, under a row lock; refuses the one over the limit (rolling back the rest). */
    private void count(EntityManager em, String key, long now) {
        LoginThrottle t = em.find(LoginThrottle.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (t == null) {
            t = new LoginThrottle();
            t.key = key;
            t.windowStart = now;
            em.persist(t);
        } else if (now - t.windowStart > WINDOW_MS) {
            t.failures = 0;
            t.blockedUntil = 0;
            t.windowStart = now;
        }
        if (t.failures >= perAddress) throw tooMany(t.windowStart + WINDOW_MS - now);
        t.failures++;
        t.lastFailureAt = now;
        if (t.failures >= perAddress) t.blockedUntil = t.windowStart + WINDOW_MS;
    }

    private static RegistrationError tooMany(long waitMillis) {
        return new RegistrationError(429, "temporarily_unavailable", "Too many registrations from this address; try again later",
                Math.max(1, (waitMillis + 999) / 1000));
    }

    // ---- initial access tokens (the console) ----

    /** A new initial access token, its value in clear (shown once). */
    public record NewInitialToken(InitialAccessToken token, String value) { }

    public NewInitialToken createInitialToken(String name, long lifetimeSeconds, int maxUses, Actor actor) {
        String value = Secrets.random(32);
        InitialAccessToken t = db.tx(em -> {
            InitialAccessToken x = new InitialAccessToken();
            long now = System.currentTimeMillis();
            x.sysId = Secrets.sysId();
            x.name = name;
            x.tokenHash = Secrets.sha256(value);
            x.expiresAt = now + lifetimeSeconds * 1000;
            x.maxUses = maxUses;
            x.createdOn = now;
            x.updatedOn = now;
            x.createdBy = actor.userName();
            x.updatedBy = actor.userName();
            em.persist(x);
            gatehouse.record.Audit.record(em, actor, "create", "oauth_initial_access_token", x.sysId, "name=" + name + " max_uses=" + maxUses);
            return x;
        });
        return new NewInitialToken(t, value);
    }

    public List<InitialAccessToken> initialTokens() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT t FROM InitialAccessToken t ORDER BY t.createdOn DESC", InitialAccessToken.class).getResultList()));
    }

    public InitialAccessToken initialToken(String sysId) {
        return db.read(em -> em.find(InitialAccessToken.class, sysId));
    }

    public void revokeInitialToken(String sysId, Actor actor) {
        db.tx(em -> {
            InitialAccessToken t = em.find(InitialAccessToken.class, sysId);
            if (t == null) throw new gatehouse.record.RecordNotFoundException("oauth_initial_access_token", sysId);
            t.revoked = true;
            t.updatedOn = System.currentTimeMillis();
            t.updatedBy = actor.userName();
            gatehouse.record.Audit.record(em, actor, "revoke", "oauth_initial_access_token", t.sysId, "name=" + t.name);
            return null;
        });
    }
}
