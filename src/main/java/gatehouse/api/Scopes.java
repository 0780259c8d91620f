package gatehouse.api;

/** Scope checks of bearer calls (RFC 6750 §3.1 {@code insufficient_scope}); HTTP Basic calls hold every scope. */
final class Scopes {
    private Scopes() { }

    /** Passes when the caller used Basic, or its token holds {@code useraccount} or any of {@code needed}. */
    static void require(Caller c, String... needed) {
        if (!c.viaBearer() || c.scopes().contains("useraccount")) return;
        for (String s : needed) if (c.scopes().contains(s)) return;
        throw new ApiException(403, "Insufficient scope", "The access token needs the scope " + String.join(" or ", needed),
                ApiAuthFilter.BEARER_CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + String.join(" ", needed) + "\"");
    }
}
