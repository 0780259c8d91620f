package gatehouse.cors;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What CORS a path gets (CONTRACT "Browser apps (CORS)"). Everything not named here gets none, among them the
 * authorization endpoint, the log-in, consent and console pages.
 *
 * @param kind      how the origin is decided
 * @param methods   the methods a browser may use
 * @param restApi   for {@link Kind#REST_API}: the {@code rest_api} of the CORS rules that apply
 * @param bearer    for {@link Kind#OAUTH}: the client is the one the bearer token was issued to (UserInfo)
 */
public record CorsResource(Kind kind, List<String> methods, String restApi, boolean bearer) {
    public enum Kind {
        /** Public documents (metadata, JWKS): any origin, {@code *}. */
        PUBLIC,
        /** OAuth endpoints: the origins of the calling application ({@link ApplicationOrigins}). */
        OAUTH,
        /** The Table and Attachment APIs: ServiceNow's CORS rules ({@link CorsRules}). */
        REST_API
    }

    private static final CorsResource PUBLIC_DOCUMENT = new CorsResource(Kind.PUBLIC, List.of("GET", "HEAD"), null, false);
    private static final CorsResource FORM_ENDPOINT = new CorsResource(Kind.OAUTH, List.of("POST"), null, false);
    private static final CorsResource USERINFO = new CorsResource(Kind.OAUTH, List.of("GET", "POST"), null, true);
    private static final CorsResource TABLE = new CorsResource(Kind.REST_API, CorsRules.METHODS, "table", false);
    private static final CorsResource ATTACHMENT = new CorsResource(Kind.REST_API, CorsRules.METHODS, "attachment", false);
    private static final Pattern TABLE_API = Pattern.compile("/api/now/(?:v[12]/)?(?:table/.+|incident(?:/.*)?)");
    private static final Pattern ATTACHMENT_API = Pattern.compile("/api/now/(?:v[12]/)?attachment(?:/.*)?");

    /** The CORS of {@code path} (within the context), or null: none. */
    public static CorsResource of(String path) {
        switch (path) {
            case "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration", "/api/now/oauth/jwks":
                return PUBLIC_DOCUMENT;
            case "/oauth_token.do", "/oauth_revoke_token.do", "/oauth_introspect.do", "/oauth_par.do":
                return FORM_ENDPOINT;
            case "/oauth_userinfo.do":
                return USERINFO;
            default:
                if (TABLE_API.matcher(path).matches()) return TABLE;
                if (ATTACHMENT_API.matcher(path).matches()) return ATTACHMENT;
                return null;
        }
    }
}
