package gatehouse.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The application form of the console: what it shows for an application, and what a submitted form
 * asks the {@link gatehouse.client.Registry} to write. Plain Java; the Registry alone decides what is valid.
 * <p>Seed 003's "Allow access only to APIs in selected scope" has no field of its own: ticked, it makes
 * the API access policy the APIs the selected scopes open and turns on token restriction.
 */
final class ApplicationForm {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The values to show, and the fields to send to the Registry (absent: leave as it is). */
    record Submitted(Map<String, Object> form, Map<String, Object> record, Map<String, String> errors) { }

    private ApplicationForm() { }

    /** An empty form for {@code New} of this kind. */
    static Map<String, Object> blank(ApplicationKind kind) {
        Application defaults = new Application();
        defaults.grantTypes = RecordInput.join(kind.grantTypes());
        defaults.authScopes = "useraccount";
        defaults.publicClient = kind.publicClient();
        return of(defaults, null, List.of());
    }

    /** The form showing {@code a}; {@code ccUserName} is its client credentials user's name. */
    static Map<String, Object> of(Application a, String ccUserName, List<String> selectedScopeApis) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", a.name);
        f.put("provider_name", a.providerName);
        f.put("redirect_urls", lines(a.redirectUrls));
        f.put("post_logout_redirect_uris", lines(a.postLogoutRedirectUris));
        f.put("client_id", a.clientId);
        f.put("public_client", a.publicClient);
        f.put("auth_scopes", new LinkedHashSet<>(RecordInput.split(a.authScopes)));
        List<String> policies = RecordInput.split(a.apiAccessPolicies);
        f.put("api_access_policies", lines(a.apiAccessPolicies));
        f.put("scope_apis_only", a.enforceTokenRestriction && !policies.isEmpty()
                && new HashSet<>(policies).equals(new HashSet<>(selectedScopeApis)));
        f.put("enforce_token_restriction", a.enforceTokenRestriction);
        f.put("token_format", a.tokenFormat);
        f.put("access_token_lifespan", String.valueOf(a.accessTokenLifespan));
        f.put("refresh_token_lifespan", String.valueOf(a.refreshTokenLifespan));
        f.put("login_url", a.loginUrl);
        f.put("logo_url", a.logoUrl);
        f.put("grant_types", new LinkedHashSet<>(RecordInput.split(a.grantTypes)));
        f.put("signing_alg", a.signingAlg);
        f.put("client_credentials_user", ccUserName);
        f.put("jwks", prettyJson(a.jwks));
        f.put("jwks_url", a.jwksUrl);
        f.put("allowed_origins", lines(a.allowedOrigins));
        f.put("active", a.active);
        f.put("first_party", a.firstParty);
        f.put("dpop_bound_access_tokens", a.dpopBoundAccessTokens);
        f.put("resources", lines(a.resources));
        f.put("require_pushed_authorization_requests", a.requirePushedAuthorizationRequests);
        f.put("token_exchange_oidc_providers", new LinkedHashSet<>(RecordInput.split(a.tokenExchangeOidcProviders)));
        return f;
    }

    /**
     * Reads a submitted form. {@code hidden} fields were not on the form (a {@code New} of a kind that does
     * not need them) and are left out; checkboxes that are on the form and not sent are false.
     */
    static Submitted read(Function<String, String> param, Function<String, List<String>> params, Set<String> hidden,
                          ApplicationKind fixedKind, boolean creating, Function<List<String>, List<String>> scopeApis) {
        Map<String, Object> f = new LinkedHashMap<>();
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        text(param, "name", f, r);
        text(param, "provider_name", f, r);
        if (!hidden.contains("redirect_urls")) {
            String v = orEmpty(param.apply("redirect_urls"));
            f.put("redirect_urls", v);
            r.put("redirect_urls", splitLines(v));
            String logout = orEmpty(param.apply("post_logout_redirect_uris"));
            f.put("post_logout_redirect_uris", logout);
            r.put("post_logout_redirect_uris", splitLines(logout));
        }
        text(param, "client_id", f, r);
        if (creating && !hidden.contains("client_secret")) {
            String secret = orEmpty(param.apply("client_secret")).trim();
            if (!secret.isEmpty()) r.put("client_secret", secret);   // never shown back on the form
        }
        if (fixedKind != null && hidden.contains("public_client")) {
            r.put("public_client", fixedKind.publicClient());
            f.put("public_client", fixedKind.publicClient());
        } else {
            checkbox(param, "public_client", f, r);
        }
        List<String> scopes = params.apply("auth_scopes");
        f.put("auth_scopes", new LinkedHashSet<>(scopes));
        r.put("auth_scopes", scopes);
        String policies = orEmpty(param.apply("api_access_policies"));
        boolean scopeApisOnly = isChecked(param.apply("scope_apis_only"));
        f.put("api_access_policies", policies);
        f.put("scope_apis_only", scopeApisOnly);
        if (scopeApisOnly) {
            List<String> apis = scopeApis.apply(scopes);
            if (apis.isEmpty()) errors.put("scope_apis_only", "needs auth scopes that open APIs; the selected ones open none");
            r.put("api_access_policies", apis);
            r.put("enforce_token_restriction", true);
            f.put("enforce_token_restriction", true);
        } else {
            r.put("api_access_policies", splitLines(policies));
            checkbox(param, "enforce_token_restriction", f, r);
        }
        text(param, "token_format", f, r);
        text(param, "access_token_lifespan", f, r);
        text(param, "refresh_token_lifespan", f, r);
        if (!hidden.contains("login_url")) text(param, "login_url", f, r);
        text(param, "logo_url", f, r);
        List<String> grants = params.apply("grant_types");
        f.put("grant_types", new LinkedHashSet<>(grants));
        r.put("grant_types", grants);
        text(param, "signing_alg", f, r);
        if (!hidden.contains("client_credentials_user")) text(param, "client_credentials_user", f, r);
        if (!hidden.contains("jwks")) {
            String jwks = orEmpty(param.apply("jwks")).trim();
            f.put("jwks", jwks);
            r.put("jwks", jwks.isEmpty() ? null : jwks);
        }
        if (!hidden.contains("jwks_url")) text(param, "jwks_url", f, r);
        if (!hidden.contains("redirect_urls")) {
            String v = orEmpty(param.apply("allowed_origins"));
            f.put("allowed_origins", v);
            r.put("allowed_origins", splitLines(v));
        }
        checkbox(param, "active", f, r);
        checkbox(param, "first_party", f, r);
        checkbox(param, "dpop_bound_access_tokens", f, r);
        String resources = orEmpty(param.apply("resources"));
        f.put("resources", resources);
        r.put("resources", splitLines(resources));
        checkbox(param, "require_pushed_authorization_requests", f, r);
        List<String> idTokenProviders = params.apply("token_exchange_oidc_providers");
        f.put("token_exchange_oidc_providers", new LinkedHashSet<>(idTokenProviders));
        r.put("token_exchange_oidc_providers", idTokenProviders);
        return new Submitted(f, r, errors);
    }

    private static void text(Function<String, String> param, String name, Map<String, Object> f, Map<String, Object> r) {
        String v = orEmpty(param.apply(name));
        f.put(name, v);
        r.put(name, v);
    }

    private static void checkbox(Function<String, String> param, String name, Map<String, Object> f, Map<String, Object> r) {
        boolean on = isChecked(param.apply(name));
        f.put(name, on);
        r.put(name, on);
    }

    private static boolean isChecked(String v) {
        return v != null && !v.isEmpty() && !"false".equals(v);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** One item per line (a URL may hold commas, so lines, not commas, separate the items). */
    static List<String> splitLines(String text) {
        return Arrays.stream(text.split("\\r?\\n|\\r")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static String lines(String stored) {
        return String.join("\n", RecordInput.split(stored));
    }

    private static String prettyJson(String json) {
        if (json == null) return "";
        try {
            return JSON.writeValueAsString(JSON.readTree(json));
        } catch (Exception e) {
            return json;
        }
    }
}
