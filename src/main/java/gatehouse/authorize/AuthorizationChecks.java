package gatehouse.authorize;

import gatehouse.client.RedirectUris;
import gatehouse.client.Registry;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.token.ResourceIndicators;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The authorization request (RFC 6749 §4.1.1, RFC 7636, RFC 9700) as a list of named checks, run in order,
 * like node-oidc-provider's {@code lib/actions/authorization/check_*.js}. The order is the security argument:
 * until the client, the redirect URI and the state are known good, a failure is an {@link UnsafeRequestError}
 * (a 400 page, never a redirect, RFC 6749 §4.1.2.1); every later failure is an {@link AuthorizationError}
 * that may safely be sent to the redirect URI.
 */
public final class AuthorizationChecks {
    /** RFC 7636 §4.2: code_challenge = 43*128unreserved. */
    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    private static final int MAX_VALUE_LENGTH = 4000;
    /** RFC 9449 §10, RFC 7638: a base64url SHA-256 JWK thumbprint. */
    private static final Pattern JKT = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** One step: its name (as in the logs and tests) and what it does. */
    public record Check(String name, Consumer<AuthorizationRequest> run) { }

    private final Function<String, Application> clients;
    /** The longest {@code state} kept and echoed (the column {@code pending_authorization.state}). */
    static final int MAX_STATE = 2000;
    private final boolean stateRequired;
    private final boolean pushRequired;
    private final List<Check> checks = List.of(
            new Check("check_client", this::checkClient),
            new Check("check_redirect_uri", this::checkRedirectUri),
            new Check("check_state", this::checkState),
            // from here on, errors go to the redirect URI
            new Check("check_pushed_request", this::checkPushedRequest),
            new Check("check_repeated_parameters", this::checkRepeatedParameters),
            new Check("check_request_object", this::checkRequestObject),
            new Check("check_response_type", this::checkResponseType),
            new Check("check_scope", this::checkScope),
            new Check("check_pkce", this::checkPkce),
            new Check("check_resource", this::checkResource),
            new Check("check_dpop_jkt", this::checkDpopJkt));

    /**
     * @param clients       finds an application by client_id (null when there is none)
     * @param stateRequired setting {@code gatehouse.state.required}
     */
    public AuthorizationChecks(Function<String, Application> clients, boolean stateRequired) {
        this(clients, stateRequired, false);
    }

    /** @param pushRequired setting {@code gatehouse.par.required}: every application must use PAR */
    public AuthorizationChecks(Function<String, Application> clients, boolean stateRequired, boolean pushRequired) {
        this.clients = clients;
        this.stateRequired = stateRequired;
        this.pushRequired = pushRequired;
    }

    public List<Check> checks() { return checks; }

    /** Runs every check in order; returns the validated request or throws the first failure. */
    public AuthorizationRequest validate(AuthorizationRequest request) {
        for (Check c : checks) c.run().accept(request);
        return request;
    }

    /** RFC 6749 §4.1.2.1: an unknown, inactive or missing client_id is never redirected to. */
    void checkClient(AuthorizationRequest r) {
        if (r.repeated("client_id")) throw new UnsafeRequestError("The client_id parameter is repeated.");
        String clientId = r.first("client_id");
        if (clientId == null) throw new UnsafeRequestError("The client_id parameter is missing.");
        Application app = clientId.length() > 200 ? null : clients.apply(clientId);
        if (app == null || !app.active || !"client".equals(app.type))
            throw new UnsafeRequestError("Unknown or inactive client_id.");
        r.application = app;
    }

    /** RFC 9700 §4.1: exact match to a registered URI (loopback port excepted); optional only when one is registered. */
    void checkRedirectUri(AuthorizationRequest r) {
        if (r.repeated("redirect_uri")) throw new UnsafeRequestError("The redirect_uri parameter is repeated.");
        List<String> registered = RecordInput.split(r.application.redirectUrls);
        String requested = r.first("redirect_uri");
        if (requested == null) {
            if (registered.size() != 1)
                throw new UnsafeRequestError("The redirect_uri parameter is missing, and the application does not have exactly one registered redirect URL.");
            r.redirectUri = registered.get(0);
            r.redirectUriSent = false;
            return;
        }
        if (requested.length() > 2000 || !RedirectUris.matches(registered, requested))
            throw new UnsafeRequestError("The redirect_uri is not registered for this application.");
        r.redirectUri = requested;
        r.redirectUriSent = true;
    }

    /**
     * Like ServiceNow's glide.oauth.state.parameter.required: a missing state is a page, not a redirect. So is one over
     * {@value #MAX_STATE} characters: it would be kept with the pending request and echoed in the redirect's
     * {@code Location}, and no response header may grow with the input.
     */
    void checkState(AuthorizationRequest r) {
        String state = r.first("state");
        if (state == null && stateRequired) throw new UnsafeRequestError(UnsafeRequestError.MISSING_STATE);
        if (state != null && state.length() > MAX_STATE)
            throw new UnsafeRequestError("The state parameter is longer than " + MAX_STATE + " characters.");
        r.state = r.repeated("state") ? null : state;
    }

    /**
     * RFC 9126 §4: where the server (gatehouse.par.required) or the application (require_pushed_authorization_requests)
     * requires PAR, a request that was not pushed is {@code invalid_request}, sent to the redirect URI, which is known
     * good by now.
     */
    void checkPushedRequest(AuthorizationRequest r) {
        if (!r.pushed && (pushRequired || r.application.requirePushedAuthorizationRequests))
            throw AuthorizationError.invalidRequest("This application must push its authorization requests to the pushed authorization "
                    + "request endpoint and send request_uri (RFC 9126).");
    }

    /** RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once." */
    void checkRepeatedParameters(AuthorizationRequest r) {
        for (String name : r.names()) {
            if (r.repeated(name) && !name.equals("resource")) throw AuthorizationError.invalidRequest("The " + name + " parameter is repeated.");
            String v = r.first(name);
            if (v != null && v.length() > MAX_VALUE_LENGTH) throw AuthorizationError.invalidRequest("The " + name + " parameter is too long.");
        }
    }

    /** RFC 9101 request objects are not supported (OpenID Connect Core §6 error codes). */
    void checkRequestObject(AuthorizationRequest r) {
        if (r.first("request") != null) throw AuthorizationError.requestNotSupported("Request objects are not supported.");
        if (r.first("request_uri") != null) throw AuthorizationError.requestUriNotSupported("request_uri is not supported.");
    }

    /**
     * RFC 6749 §3.1.1, §4.1.1, §4.2.1: {@code code}; {@code token} (implicit) only where the application lists
     * {@code implicit}, and so are OpenID Connect's {@code id_token} and {@code id_token token} (Core §3.2.2.1; the
     * values in either order).
     */
    void checkResponseType(AuthorizationRequest r) {
        String type = r.first("response_type");
        if (type == null) throw AuthorizationError.invalidRequest("The response_type parameter is missing.");
        List<String> grants = RecordInput.split(r.application.grantTypes);
        switch (type) {
            case "code" -> {
                if (!grants.contains(Registry.AUTHORIZATION_CODE))
                    throw AuthorizationError.unauthorizedClient("This application may not use the authorization code grant.");
            }
            case "token", "id_token", "id_token token", "token id_token" -> {
                type = type.equals("token id_token") ? ID_TOKEN_TOKEN : type;
                r.responseType = type;   // from here on, errors travel in the fragment (RFC 6749 §4.2.2.1)
                if (!grants.contains(Registry.IMPLICIT))
                    throw AuthorizationError.unauthorizedClient("This application may not use the implicit grant (response_type=" + type + ").");
            }
            default -> throw AuthorizationError.unsupportedResponseType(
                    "response_type must be code (or token, id_token, id_token token where the application allows implicit).");
        }
        r.responseType = type;
    }

    /** OpenID Connect Core §3.2.2.1: the implicit flow's response types ({@link gatehouse.oidc.OpenIdRequest} checks their nonce). */
    public static final String ID_TOKEN = "id_token";
    public static final String ID_TOKEN_TOKEN = "id_token token";

    /** RFC 6749 §3.3: each requested scope must be one of the application's; none means its default scopes. */
    void checkScope(AuthorizationRequest r) {
        List<String> allowed = RecordInput.split(r.application.authScopes);
        String scope = r.first("scope");
        Set<String> granted = new TreeSet<>();
        if (scope == null || scope.isBlank()) {
            List<String> defaults = RecordInput.split(r.application.defaultScopes);
            granted.addAll(defaults.isEmpty() ? allowed : defaults);
            if (granted.isEmpty()) throw AuthorizationError.invalidScope("The application has no scopes to grant.");
        } else {
            for (String s : scope.split(" ")) {
                if (s.isEmpty()) continue;
                if (!SCOPE_TOKEN.matcher(s).matches()) throw AuthorizationError.invalidScope("The scope parameter is malformed.");
                if (!allowed.contains(s)) throw AuthorizationError.invalidScope("The scope "
                        + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + " is not allowed for this application.");
                granted.add(s);
            }
            if (granted.isEmpty()) throw AuthorizationError.invalidScope("The scope parameter is empty.");
        }
        r.scopes = new ArrayList<>(granted);
    }

    /** RFC 8707 §2: each resource an absolute URI without a fragment that the application lists (repeatable). */
    void checkResource(AuthorizationRequest r) {
        List<String> values = r.parameters.getOrDefault("resource", List.of());
        String refusal = ResourceIndicators.refusal(values, r.application);
        if (refusal != null) throw AuthorizationError.invalidTarget(refusal);
        r.resources = List.copyOf(new java.util.LinkedHashSet<>(values));
    }

    /** RFC 7636 §4.3 with RFC 9700 §2.1.1: S256 only; required for public clients, optional for confidential ones. */
    void checkPkce(AuthorizationRequest r) {
        String challenge = r.first("code_challenge");
        String method = r.first("code_challenge_method");
        if (r.fragment()) {
            // RFC 6749 §4.2: the implicit grant issues no code, so there is nothing for PKCE to bind.
            if (challenge != null || method != null) throw AuthorizationError.invalidRequest("PKCE applies to response_type=code only.");
            return;
        }
        if (challenge == null) {
            if (method != null) throw AuthorizationError.invalidRequest("code_challenge_method was sent without a code_challenge.");
            if (r.application.publicClient)
                throw AuthorizationError.invalidRequest("A public client must send a PKCE code_challenge with code_challenge_method=S256.");
            r.codeChallenge = null;
            return;
        }
        if (method == null) throw AuthorizationError.invalidRequest("code_challenge_method is missing: only S256 is supported (plain is not allowed).");
        if (!method.equals("S256")) throw AuthorizationError.invalidRequest("code_challenge_method " + method + " is not supported: use S256 (plain is not allowed).");
        if (!CODE_CHALLENGE.matcher(challenge).matches())
            throw AuthorizationError.invalidRequest("code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~.");
        r.codeChallenge = challenge;
    }

    /** RFC 9449 §10: {@code dpop_jkt} binds the code to a DPoP key, which the token request's proof must use. */
    void checkDpopJkt(AuthorizationRequest r) {
        String jkt = r.first("dpop_jkt");
        if (jkt == null) {
            r.dpopJkt = null;
            return;
        }
        if (r.fragment()) throw AuthorizationError.invalidRequest("dpop_jkt applies to response_type=code only.");
        if (!JKT.matcher(jkt).matches()) throw AuthorizationError.invalidRequest("dpop_jkt must be a base64url SHA-256 JWK thumbprint (RFC 7638).");
        r.dpopJkt = jkt;
    }
}
