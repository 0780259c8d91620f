package gatehouse.authorize;

import static gatehouse.authorize.Fixtures.location;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CONTRACT "Admin console": a user's own Connected apps page lists what they granted and revokes it. */
class ConnectedAppsIT {
    private static final String CB = "https://connected.example/cb";
    private final ServerProcess server = TestServer.shared();

    @Test
    void needsALogin() {
        HttpResponse<String> r = Http.browser(server).get("/connected_apps.do");
        assertEquals(302, r.statusCode());
        assertEquals("/login.do?return_to=%2Fconnected_apps.do", location(r));
    }

    @Test
    void listsGrantedApplicationsAndRevokeForgetsTheConsent() {
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB), "name", "Connected <Tester>");
        Fixtures.TestUser u = Fixtures.user(server);
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, u.name(), u.password());
        HttpResponse<String> empty = browser.get("/connected_apps.do");
        assertTrue(empty.body().contains("You have not connected any application."), empty.body());

        AuthorizationFlow.obtainCode(browser, app.clientId(), CB, "incident_read", null, u.name(), u.password());
        HttpResponse<String> page = browser.get("/connected_apps.do");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Connected &lt;Tester&gt;"), page.body());
        assertTrue(page.body().contains(">Revoke</button>"));

        // without the CSRF token: refused, nothing changed
        HttpResponse<String> forged = browser.postForm("/connected_apps.do", Map.of("client_id", app.clientId()));
        assertEquals(400, forged.statusCode());
        assertTrue(browser.get("/connected_apps.do").body().contains("Connected &lt;Tester&gt;"));
        assertEquals(302, browser.get(AuthorizationFlow.authorizeUrl(app.clientId(), CB, "incident_read", "s", null)).statusCode(),
                "consent still remembered");

        Map<String, String> form = AuthorizationFlow.hiddenFields(page.body());
        HttpResponse<String> revoked = browser.postForm("/connected_apps.do", Map.of("csrf_token", form.get("csrf_token"),
                "client_id", app.clientId()));
        assertEquals(303, revoked.statusCode());
        HttpResponse<String> after = browser.get(location(revoked));
        assertFalse(after.body().contains("Connected &lt;Tester&gt;"), after.body());
        assertTrue(after.body().contains("Access revoked."));
        // the consent is forgotten: the next request asks again
        assertEquals(200, browser.get(AuthorizationFlow.authorizeUrl(app.clientId(), CB, "incident_read", "s", null)).statusCode());
    }

    private HttpResponse<String> redeem(Fixtures.TestApp app, String code) {
        return Http.to(server).postForm("/oauth_token.do", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", CB, "client_id", app.clientId(), "client_secret", app.clientSecret()));
    }

    @Test
    void revokeEndsTheTokensOfAFirstPartyApplicationKnownOnlyByItsGrant() {
        // a first-party application is never asked, so only its live grant puts it on the page
        Fixtures.TestApp app = Fixtures.app(server, List.of(CB), "name", "First party " + Fixtures.unique("fp"), "first_party", true,
                "grant_types", List.of("authorization_code", "refresh_token"));
        Fixtures.TestUser u = Fixtures.user(server);
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, u.name(), u.password());
        String code = AuthorizationFlow.obtainCode(browser, app.clientId(), CB, "incident_read", null, u.name(), u.password());
        HttpResponse<String> tokens = redeem(app, code);
        assertEquals(200, tokens.statusCode(), tokens.body());
        String access = Http.body(tokens).path("access_token").asText();
        String refresh = Http.body(tokens).path("refresh_token").asText();
        assertEquals(200, Http.to(server).get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + access).statusCode());

        HttpResponse<String> page = browser.get("/connected_apps.do");
        assertTrue(page.body().contains(app.clientId()), page.body());
        HttpResponse<String> revoked = browser.postForm("/connected_apps.do", Map.of("csrf_token",
                AuthorizationFlow.hiddenFields(page.body()).get("csrf_token"), "client_id", app.clientId()));
        assertEquals(303, revoked.statusCode());
        assertFalse(browser.get("/connected_apps.do").body().contains(app.clientId()));

        assertEquals(401, Http.to(server).get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + access).statusCode(),
                "the access token is revoked");
        HttpResponse<String> refreshed = Http.to(server).postForm("/oauth_token.do", Map.of("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", app.clientId(), "client_secret", app.clientSecret()));
        assertEquals(400, refreshed.statusCode(), refreshed.body());
        assertEquals("invalid_grant", Http.body(refreshed).path("error").asText());
    }
}
