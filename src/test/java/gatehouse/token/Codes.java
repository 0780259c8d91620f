package gatehouse.token;

import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;

/** Authorization codes from the real /oauth_auth.do, and their redemption at /oauth_token.do. */
final class Codes {
    static final String APP_REDIRECT = "https://client.example.com/cb";
    static final String PUBLIC_REDIRECT = "http://127.0.0.1/callback";

    private Codes() { }

    /** A code for {@code app} (created by {@link Apps#create}) as the user admin, without PKCE. */
    static String forAdmin(ServerProcess server, Apps.App app, String scope) {
        return AuthorizationFlow.obtainCode(server, app.clientId(), APP_REDIRECT, scope, null, "admin", TestServer.ADMIN_PASSWORD);
    }

    static HttpResponse<String> redeem(Http http, Apps.App app, String code, String... extra) {
        Map<String, String> form = Http.map("grant_type", "authorization_code", "code", code, "redirect_uri", APP_REDIRECT);
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) form.remove(extra[i]);
            else form.put(extra[i], extra[i + 1]);
        }
        return http.postForm("/oauth_token.do", form, "Authorization", app.basic());
    }

    static HttpResponse<String> refresh(Http http, Apps.App app, String refreshToken, String... extra) {
        Map<String, String> form = Http.map("grant_type", "refresh_token", "refresh_token", refreshToken);
        for (int i = 0; i < extra.length; i += 2) form.put(extra[i], extra[i + 1]);
        return http.postForm("/oauth_token.do", form, "Authorization", app.basic());
    }
}
