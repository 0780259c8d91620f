package gatehouse.authorize;

import gatehouse.client.RedirectUris;
import gatehouse.client.Registry;
import gatehouse.oidc.LoginMoments;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.AuthScope;
import gatehouse.store.Database;
import gatehouse.store.PendingAuthorization;
import gatehouse.store.User;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The authorization endpoint's logic (RFC 6749 §4.1), without HTTP: validate the request, issue a code when
 * the person already agreed (remembered consent or a first-party application), else keep the request pending
 * for the consent page, and turn the person's Allow or Deny into the redirect back to the client.
 */
public final class AuthorizationEndpoint {
    private final Database db;
    private final Registry registry;
    private final AuthorizationChecks checks;
    private final CodeIssuer codes;
    private final Consents consents;
    private final PendingAuthorizations pending;
    private final Supplier<String> issuer;
    private final ImplicitTokens implicit;

    private final boolean pushRequired;

    /** @param pushRequired setting {@code gatehouse.par.required}: every application must push its requests (RFC 9126 §5) */
    public AuthorizationEndpoint(Database db, Registry registry, boolean stateRequired, boolean pushRequired, CodeIssuer codes, Consents consents,
                                 Supplier<String> issuer, ImplicitTokens implicit) {
        this.implicit = implicit;
        this.db = db;
        this.registry = registry;
        this.pushRequired = pushRequired;
        this.checks = new AuthorizationChecks(registry::findByClientId, stateRequired, pushRequired);
        this.codes = codes;
        this.consents = consents;
        this.pending = new PendingAuthorizations(db);
        this.issuer = issuer;
    }

    /** Whether every application must push its authorization requests (RFC 9126 §5 require_pushed_authorization_requests). */
    public boolean pushRequired() {
        return pushRequired;
    }

    /** Runs every check (see {@link AuthorizationChecks}); the request is returned valid or an error is thrown. */
    public AuthorizationRequest validate(AuthorizationRequest request) {
        return checks.validate(request);
    }

    /** Where the client is sent for a request-level error (RFC 6749 §4.1.2.1, RFC 9207). */
    public String errorRedirect(AuthorizationRequest r, AuthorizationError e) {
        return AuthorizationResponse.error(r.redirectUri(), e, r.state(), issuer.get(), r.fragment());
    }

    /**
     * When {@code user} need not be asked (first-party application, or a remembered consent that covers the
     * scopes) and {@code askAnyway} is false (OpenID Connect {@code prompt=consent}): issues the code and returns
     * the redirect (sent with 302). Otherwise empty.
     *
     * @param sessionHash the login session, whose log-in an OpenID Connect code remembers
     */
    public Optional<String> authorizeWithoutConsent(AuthorizationRequest r, User user, String sessionHash, boolean askAnyway) {
        Application app = r.application();
        if (askAnyway || (!app.firstParty && !consents.covers(user.sysId, app.clientId, r.scopes()))) return Optional.empty();
        if (r.fragment())
            return Optional.of(db.tx(em -> implicitRedirect(em, app, user.sysId, r.scopes(), r.responseType(), r.parameter("nonce"),
                    r.openId() ? LoginMoments.of(em, sessionHash) : null, r.redirectUri(), r.state(), r.resources())));
        String code = db.tx(em -> codes.issue(em, CodeIssuer.binding(r, user.sysId, r.openId() ? LoginMoments.of(em, sessionHash) : null)));
        return Optional.of(AuthorizationResponse.code(r.redirectUri(), code, r.state(), issuer.get()));
    }

    /** What the consent page shows (records, read in the JSP with method calls: {@code consent.appName()}). */
    public record ConsentPage(String pendingId, String appName, String logoUrl, List<ScopeWords> scopes, String redirectOrigin,
                              List<String> resources) { }

    /** A scope and the words the consent page shows for it. */
    public record ScopeWords(String name, String description) { }

    /** Keeps {@code r} pending for the login session {@code sessionHash} and describes it for the consent page. */
    public ConsentPage askConsent(AuthorizationRequest r, String sessionHash) {
        String id = pending.save(r, sessionHash);
        Application app = r.application();
        return new ConsentPage(id, app.name, app.logoUrl, describe(r.scopes()), origin(r.redirectUri()), r.resources());
    }

    /**
     * The person's answer on the consent page for the pending request {@code pendingId} of their session:
     * consumed exactly once (a second answer finds nothing). Allow issues the code and remembers the consent;
     * Deny answers {@code access_denied} (RFC 6749 §4.1.2.1). Returns the redirect (sent with 303).
     */
    public String answer(String pendingId, String sessionHash, User user, boolean allow) {
        PendingAuthorization p = pending.find(pendingId, sessionHash)
                .orElseThrow(() -> new UnsafeRequestError("This authorization request has expired or was already answered. Start again from the application."));
        Application app = registry.findByClientId(p.clientId);
        if (app == null || !app.active || !RedirectUris.matches(RecordInput.split(app.redirectUrls), p.redirectUri))
            throw new UnsafeRequestError("The application of this request is no longer available.");
        List<String> scopes = p.scope == null || p.scope.isEmpty() ? List.of() : Arrays.asList(p.scope.split(" "));
        return db.tx(em -> {
            int consumed = em.createQuery("DELETE FROM PendingAuthorization p WHERE p.id = :id AND p.sessionHash = :s")
                    .setParameter("id", p.id).setParameter("s", p.sessionHash).executeUpdate();
            if (consumed != 1) throw new UnsafeRequestError("This authorization request was already answered. Start again from the application.");
            boolean fragment = AuthorizationRequest.inFragment(p.responseType);
            if (!allow) {
                return AuthorizationResponse.error(p.redirectUri, AuthorizationError.accessDenied("The user denied the request."), p.state,
                        issuer.get(), fragment);
            }
            if (fragment) {
                consents.remember(em, user.sysId, p.clientId, scopes);
                return implicitRedirect(em, app, user.sysId, scopes, p.responseType, p.nonce,
                        scopes.contains("openid") ? LoginMoments.of(em, p.sessionHash) : null, p.redirectUri, p.state,
                        RecordInput.split(p.resources));
            }
            LoginMoments.Moment login = scopes.contains("openid") ? LoginMoments.of(em, p.sessionHash) : null;
            String code = codes.issue(em, new CodeIssuer.Binding(p.clientId, p.redirectUri, p.redirectUriSent, p.codeChallenge, user.sysId,
                    p.scope, login == null ? null : p.nonce, login == null ? null : login.authTime(), login == null ? null : login.sid(),
                    p.resources, p.dpopJkt));
            consents.remember(em, user.sysId, p.clientId, scopes);
            return AuthorizationResponse.code(p.redirectUri, code, p.state, issuer.get());
        });
    }

    /** RFC 6749 §4.2.2: the access token in the fragment, no refresh token; OIDC Core §3.2.2.5: with or as an ID token. */
    private String implicitRedirect(jakarta.persistence.EntityManager em, Application app, String userSysId, List<String> scopes,
                                    String responseType, String nonce, LoginMoments.Moment login, String redirectUri, String state,
                                    List<String> resources) {
        ImplicitTokens.Issued t = implicit.issue(em, app, userSysId, new java.util.LinkedHashSet<>(scopes), responseType, nonce, login, resources);
        return AuthorizationResponse.implicit(redirectUri, t.accessToken(), t.expiresIn(), t.scope(), t.idToken(), state, issuer.get());
    }

    /** The scopes with the words the consent page shows (oauth_auth_scope.description), in the requested order. */
    List<ScopeWords> describe(List<String> names) {
        Map<String, String> words = new java.util.HashMap<>();
        for (AuthScope s : registry.scopes()) words.put(s.name, s.description == null || s.description.isBlank() ? s.name : s.description);
        List<ScopeWords> out = new ArrayList<>();
        for (String n : names) out.add(new ScopeWords(n, words.getOrDefault(n, n)));
        return out;
    }

    private static String origin(String uri) {
        try {
            java.net.URI u = java.net.URI.create(uri);
            return u.getHost() == null ? u.getScheme() + ":" : u.getScheme() + "://" + u.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return uri;
        }
    }
}
