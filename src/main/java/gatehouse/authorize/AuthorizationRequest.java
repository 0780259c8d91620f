package gatehouse.authorize;

import gatehouse.store.Application;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One authorization request (RFC 6749 §4.1.1) as it goes through {@link AuthorizationChecks}: the raw
 * parameters, and what each check established. Plain Java: no servlet types.
 */
public final class AuthorizationRequest {
    /** Every parameter with every value it was given (a repeated one is an error, RFC 6749 §3.1, but resource: RFC 8707 §2). */
    final Map<String, List<String>> parameters;
    /** Whether the parameters came from the client's pushed request (RFC 9126), not from the address. */
    final boolean pushed;

    /** Set by check_client. */
    Application application;
    /** Set by check_redirect_uri: the redirect URI to answer on, and whether the client sent it. */
    String redirectUri;
    boolean redirectUriSent;
    /** Set by check_state: the state to return, or null. */
    String state;
    /** Set by check_response_type. */
    String responseType;
    /** Set by check_scope: the granted scope names, sorted. */
    List<String> scopes;
    /** Set by check_pkce: the S256 code challenge, or null. */
    String codeChallenge;
    /** Set by check_resource: the resources named (RFC 8707), possibly none. */
    List<String> resources = List.of();
    /** Set by check_dpop_jkt: the thumbprint of the DPoP key the code is bound to (RFC 9449 §10), or null. */
    String dpopJkt;

    public AuthorizationRequest(Map<String, List<String>> parameters) {
        this(parameters, false);
    }

    /** @param pushed the parameters were pushed by the authenticated client (RFC 9126 §2) */
    public AuthorizationRequest(Map<String, List<String>> parameters, boolean pushed) {
        this.parameters = Map.copyOf(parameters);
        this.pushed = pushed;
    }

    /** The one value of {@code name}, null when absent or empty. Callers check repetition separately. */
    String first(String name) {
        List<String> v = parameters.get(name);
        if (v == null || v.isEmpty() || v.get(0).isEmpty()) return null;
        return v.get(0);
    }

    boolean repeated(String name) {
        List<String> v = parameters.get(name);
        return v != null && v.size() > 1;
    }

    Set<String> names() {
        return parameters.keySet();
    }

    /** The one value of parameter {@code name} (null when absent or empty), for checks outside this package (OpenID Connect). */
    public String parameter(String name) { return first(name); }

    /** Whether this is an OpenID Connect request (Core §3.1.2.1: the scope openid was granted). */
    public boolean openId() { return scopes != null && scopes.contains("openid"); }

    public Application application() { return application; }
    public String clientId() { return application.clientId; }
    public String redirectUri() { return redirectUri; }
    public boolean redirectUriSent() { return redirectUriSent; }
    public String state() { return state; }
    public String responseType() { return responseType; }
    /** Whether the answer travels in the fragment: every response type but {@code code} (RFC 6749 §4.2.2, OIDC Core §3.2.2.5). */
    public boolean fragment() { return inFragment(responseType); }

    static boolean inFragment(String responseType) {
        return responseType != null && !responseType.equals("code");
    }
    public List<String> scopes() { return scopes; }
    public String scope() { return String.join(" ", scopes); }
    public String codeChallenge() { return codeChallenge; }
    /** RFC 8707: the resources the request named, in order, distinct; empty when none. */
    public List<String> resources() { return resources; }
    public String dpopJkt() { return dpopJkt; }
    public boolean pushed() { return pushed; }
}
