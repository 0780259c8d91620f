package gatehouse.oidc;

import gatehouse.authorize.AuthorizationChecks;
import gatehouse.authorize.AuthorizationError;
import gatehouse.authorize.AuthorizationRequest;
import gatehouse.store.User;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenID Connect parameters of an authorization request (Core §3.1.2.1) and the log-in they ask for
 * (§3.1.2.3), checked in order after the OAuth checks: {@code claims} and {@code registration} are refused
 * (not supported), {@code nonce} is kept as sent, {@code prompt} ({@code none} alone; {@code login},
 * {@code select_account} ask for a fresh log-in; {@code consent} asks again), {@code max_age},
 * {@code id_token_hint} (an ID token of ours for the person logged in), {@code login_hint} (fills in the user
 * name). {@code ui_locales}, {@code display}, {@code acr_values} and {@code claims_locales} are ignored (§3.1.2.1
 * allows it). Used only when the request has the scope {@code openid}: OAuth requests stay as they were.
 */
public final class OpenIdRequest {
    /**
     * Added to the request's address when the person is sent to log in afresh: a session that began after it
     * satisfies {@code prompt=login} and {@code max_age} (else they would ask again forever). Someone who edits it
     * gets no more than by removing {@code prompt} from the address; the relying party checks {@code auth_time}.
     */
    public static final String LOGIN_AFTER = "gh_login_after";
    static final int MAX_NONCE = 500;
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

    private final Set<String> prompt;
    private final Long maxAgeSeconds;
    private final String idTokenHint;
    private final String loginHint;
    private final Long loginAfter;

    private OpenIdRequest(Set<String> prompt, Long maxAgeSeconds, String idTokenHint, String loginHint, Long loginAfter) {
        this.prompt = prompt;
        this.maxAgeSeconds = maxAgeSeconds;
        this.idTokenHint = idTokenHint;
        this.loginHint = loginHint;
        this.loginAfter = loginAfter;
    }

    /** The parameters of a validated request with the scope openid (else empty); a malformed one is {@code invalid_request}. */
    public static Optional<OpenIdRequest> parse(AuthorizationRequest r) {
        boolean idTokenInFragment = r.responseType().startsWith(AuthorizationChecks.ID_TOKEN);
        if (idTokenInFragment && !r.openId()) throw AuthorizationError.invalidRequest("response_type=" + r.responseType() + " needs the scope openid.");
        if (!r.openId()) return Optional.empty();
        // Core §3.2.2.1, §3.2.2.11: the implicit flow's ID token must carry a nonce
        if (idTokenInFragment && r.parameter("nonce") == null) throw AuthorizationError.invalidRequest("response_type=" + r.responseType() + " needs a nonce.");
        if (r.parameter("claims") != null) throw AuthorizationError.invalidRequest("The claims parameter is not supported.");
        if (r.parameter("registration") != null)
            throw AuthorizationError.registrationNotSupported("The registration parameter is not supported.");
        String nonce = r.parameter("nonce");
        if (nonce != null && nonce.length() > MAX_NONCE) throw AuthorizationError.invalidRequest("The nonce is longer than " + MAX_NONCE + " characters.");
        Set<String> prompt = new LinkedHashSet<>();
        String p = r.parameter("prompt");
        if (p != null) for (String v : p.split(" ")) {
            if (v.isEmpty()) continue;
            if (!PROMPTS.contains(v)) throw AuthorizationError.invalidRequest("prompt " + v + " is not one of none, login, consent, select_account.");
            prompt.add(v);
        }
        if (prompt.contains("none") && prompt.size() > 1) throw AuthorizationError.invalidRequest("prompt=none cannot be combined with other values.");
        return Optional.of(new OpenIdRequest(prompt, number(r, "max_age"), r.parameter("id_token_hint"), r.parameter("login_hint"),
                number(r, LOGIN_AFTER)));
    }

    private static Long number(AuthorizationRequest r, String name) {
        String v = r.parameter(name);
        if (v == null) return null;
        if (!v.matches("[0-9]{1,15}")) throw AuthorizationError.invalidRequest(name + " must be a non-negative number of seconds.");
        return Long.parseLong(v);
    }

    /**
     * Whether the person must log in (again) before this request can be answered (§3.1.2.3). With
     * {@code prompt=none} a needed log-in is {@code login_required} instead; a hint that is not an ID token of ours
     * is {@code invalid_request}.
     *
     * @param user     who is logged in, if anyone
     * @param authTime when their session began (epoch ms)
     */
    public boolean needsLogin(Optional<User> user, long authTime, IdTokens idTokens, long now) {
        Optional<IdTokens.Hint> hint = Optional.empty();
        if (idTokenHint != null) {
            hint = idTokens.verify(idTokenHint);
            if (hint.isEmpty()) throw AuthorizationError.invalidRequest("The id_token_hint is not an ID token of this issuer.");
        }
        if (user.isEmpty()) return loginOrRefuse("You are not logged in.");
        boolean fresh = loginAfter != null && authTime >= loginAfter;
        if (hint.isPresent() && !hint.get().subject().equals(user.get().sysId))
            return loginOrRefuse("The person logged in is not the one the id_token_hint names.");
        if (fresh) return false;
        if (prompt.contains("login") || prompt.contains("select_account")) return true;
        if (maxAgeSeconds != null && now - authTime > maxAgeSeconds * 1000) return loginOrRefuse("The log-in is older than max_age.");
        return false;
    }

    private boolean loginOrRefuse(String why) {
        if (prompt.contains("none")) throw AuthorizationError.loginRequired(why);
        return true;
    }

    /** {@code prompt=consent}: ask even when a consent is remembered or the application is first-party. */
    public boolean mustAskConsent() {
        return prompt.contains("consent");
    }

    /** {@code prompt=none}: no page may be shown; a needed consent is {@code consent_required}. */
    public boolean mayNotPrompt() {
        return prompt.contains("none");
    }

    /** The user name to fill in on the log-in page, or null. */
    public String loginHint() {
        return loginHint;
    }

    /** The request's query again, for after the log-in: without an earlier {@value #LOGIN_AFTER}, with a new one. */
    public static String queryForLogin(String rawQuery, long now) {
        StringBuilder b = new StringBuilder();
        if (rawQuery != null) for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty() || pair.startsWith(LOGIN_AFTER + "=") || pair.equals(LOGIN_AFTER)) continue;
            b.append(pair).append('&');
        }
        return b.append(LOGIN_AFTER).append('=').append(now).toString();
    }

    /** Which OpenID Connect values the authorization endpoint takes, for the discovery document. */
    static final List<String> PROMPT_VALUES = List.of("none", "login", "consent", "select_account");
}
