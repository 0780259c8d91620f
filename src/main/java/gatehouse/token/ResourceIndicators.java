package gatehouse.token;

import gatehouse.client.ResourceUris;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resource indicators (RFC 8707): the {@code resource} parameter of the authorization, device authorization and token
 * requests. A value must be an absolute URI without a fragment (§2) that the application lists in {@code resources};
 * anything else is {@code invalid_target}. The access token's {@code aud} is then the resources named (none named:
 * the issuer, as before). A grant keeps the resources its authorization named, and a later token request of that
 * grant (code redemption, refresh) may name only those (§2.2, downscoping); one that named none may name none.
 */
public final class ResourceIndicators {
    private ResourceIndicators() { }

    /**
     * Why the requested resources may not be granted to {@code app}, or null when they may: each must pass
     * {@link ResourceUris#problem} and be one of the application's {@code resources}.
     */
    public static String refusal(List<String> values, Application app) {
        if (values.size() > ResourceUris.MAX_RESOURCES) return "At most " + ResourceUris.MAX_RESOURCES + " resource values may be sent";
        List<String> allowed = RecordInput.split(app.resources);
        for (String v : values) {
            String problem = ResourceUris.problem(v);
            if (problem != null) return "The resource " + shown(v) + " " + problem + " (RFC 8707 §2)";
            if (!allowed.contains(v)) return "The application may not request the resource " + shown(v);
        }
        return null;
    }

    /** The requested resources, distinct and in the order sent, or {@code invalid_target} (RFC 8707 §2). */
    public static List<String> requested(List<String> values, Application app) {
        String refusal = refusal(values, app);
        if (refusal != null) throw OAuthError.invalidTarget(refusal);
        return List.copyOf(new LinkedHashSet<>(values));
    }

    /** As {@link #requested}, from the token request's {@code resource} parameters. */
    public static List<String> requested(FormParameters params, Application app) {
        return requested(params.all("resource"), app);
    }

    /**
     * RFC 8707 §2.2: the resources a token request of an existing grant gets. {@code granted} is what the grant's
     * authorization named (stored, one per line), less any the application no longer lists; the request may name
     * only those (none named: all of them). Else {@code invalid_target}.
     */
    public static List<String> withinGrant(List<String> requested, String granted, Application app) {
        List<String> still = new ArrayList<>(RecordInput.split(granted));
        List<String> all = new ArrayList<>(still);
        still.retainAll(RecordInput.split(app.resources));
        if (!all.isEmpty() && still.isEmpty())
            throw OAuthError.invalidTarget("The application may no longer request the resources of this grant");
        if (requested.isEmpty()) return List.copyOf(still);
        for (String r : requested)
            if (!still.contains(r)) throw OAuthError.invalidTarget("The resource " + shown(r) + " was not granted by the authorization");
        return requested;
    }

    /** Stored form: one per line; null for none. */
    public static String join(List<String> resources) {
        return resources == null || resources.isEmpty() ? null : String.join("\n", resources);
    }

    public static Set<String> stored(String lines) {
        return new LinkedHashSet<>(RecordInput.split(lines));
    }

    private static String shown(String v) {
        return v.length() > 64 ? v.substring(0, 64) + "…" : v;
    }
}
