package gatehouse.api;

/**
 * What a bearer token may do (RFC 6750 §3.1 {@code insufficient_scope}): its scopes and its application's
 * API access policy. HTTP Basic calls hold every scope; the user's roles are checked by each table.
 */
final class Scopes {
    /** The scope that stands for everything the user may do (CONTRACT "Application Registry"). */
    static final String USERACCOUNT = "useraccount";

    private Scopes() { }

    /** Passes when the caller used Basic, or its token holds {@code useraccount} or any of {@code needed}. */
    static void require(Caller c, String... needed) {
        if (!c.viaBearer() || c.scopes().contains(USERACCOUNT)) return;
        for (String s : needed) if (c.scopes().contains(s)) return;
        throw insufficientScope("The access token needs the scope " + String.join(" or ", needed) + " (or " + USERACCOUNT + ")",
                String.join(" ", needed));
    }

    /**
     * With {@code enforce_token_restriction} on, a token may call only the APIs in its application's
     * {@code api_access_policies}: {@code api} itself (e.g. {@code table/incident}) or a parent of it ({@code table}).
     */
    static void requireApi(Caller c, String api) {
        if (!c.viaBearer() || c.apiPolicies() == null) return;
        for (String allowed : c.apiPolicies())
            if (api.equals(allowed) || api.startsWith(allowed + "/")) return;
        throw insufficientScope("The application's API access policy does not allow " + api, null);
    }

    private static ApiException insufficientScope(String detail, String scope) {
        String challenge = ApiAuthFilter.BEARER_CHALLENGE + ", error=\"insufficient_scope\", error_description=\""
                + detail.replace("\"", "'") + "\"" + (scope == null ? "" : ", scope=\"" + scope + "\"");
        return new ApiException(403, "Insufficient scope", detail, challenge);
    }
}
