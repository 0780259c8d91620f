package gatehouse.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.id.ClientID;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.NimbusHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import gatehouse.token.Apps;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The device authorization grant (RFC 8628), driven by nimbus oauth2-oidc-sdk's device flow classes and a browser. */
class DeviceFlowIT {
    private static final String USER_CODE = "[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}";
    private final ServerProcess server = TestServer.shared();
    private final Http http = Http.to(server);
    /** A server of its own for throttling (which counts by address) and expiry (a short lifespan). */
    private static ServerProcess shortLived;

    @AfterAll
    static void stop() {
        if (shortLived != null) shortLived.close();
    }

    private static synchronized ServerProcess shortLived() {
        if (shortLived == null)
            shortLived = TestServer.start("device-short", Map.of("gatehouse.device.lifespan", "3", "gatehouse.device.interval", "1"));
        return shortLived;
    }

    private static Apps.App publicDeviceApp(Http http) {
        return Apps.create(http, "public_client", true, "grant_types", "urn:ietf:params:oauth:grant-type:device_code,refresh_token",
                "client_credentials_user", null);
    }

    private static DeviceAuthorizationSuccessResponse authorize(ServerProcess server, Apps.App app, String scope) throws Exception {
        DeviceAuthorizationRequest request = new DeviceAuthorizationRequest(URI.create(server.baseUrl() + "/oauth_device.do"),
                new ClientID(app.clientId()), new Scope(scope));
        DeviceAuthorizationResponse r = DeviceAuthorizationResponse.parse(NimbusHttp.send(request.toHTTPRequest()));
        assertTrue(r.indicatesSuccess(), () -> r.toErrorResponse().getErrorObject().toString());
        return r.toSuccessResponse();
    }

    private static TokenResponse poll(ServerProcess server, Apps.App app, DeviceCode code) throws Exception {
        return TokenResponse.parse(NimbusHttp.send(new TokenRequest(URI.create(server.baseUrl() + "/oauth_token.do"), new ClientID(app.clientId()),
                new DeviceCodeGrant(code)).toHTTPRequest()));
    }

    private static String error(TokenResponse r) {
        ErrorObject e = assertInstanceOf(TokenErrorResponse.class, r).getErrorObject();
        assertEquals(400, e.getHTTPStatusCode(), e.toString());
        return e.getCode();
    }

    private static Http loggedIn(ServerProcess server) {
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        return browser;
    }

    /** Answers the consent page with Allow or Deny; returns the answer page. */
    private static HttpResponse<String> answer(Http browser, String consentPage, boolean allow) {
        Map<String, String> form = AuthorizationFlow.hiddenFields(consentPage);
        assertTrue(form.containsKey("user_code") && form.containsKey("csrf_token"), consentPage);
        form.put("decision", allow ? "allow" : "deny");
        return browser.postForm("/device.do", form);
    }

    @Test
    void aDeviceGetsTokensOnceTheUserApprovesAndTheCodeOnlyOnce() throws Exception {
        Apps.App app = publicDeviceApp(http);
        DeviceAuthorizationSuccessResponse started = authorize(server, app, "useraccount");
        String userCode = started.getUserCode().getValue();
        assertTrue(userCode.matches(USER_CODE), userCode);
        assertEquals(server.baseUrl() + "/device.do", started.getVerificationURI().toString());
        assertEquals(server.baseUrl() + "/device.do?user_code=" + userCode, started.getVerificationURIComplete().toString());
        assertEquals(5, started.getInterval());
        assertTrue(started.getLifetime() > 0);

        assertEquals("authorization_pending", error(poll(server, app, started.getDeviceCode())));
        assertEquals("slow_down", error(poll(server, app, started.getDeviceCode())), "polled sooner than the interval");

        // the person: not logged in, sent to log in first, back with the code filled in
        Http browser = Http.browser(server);
        HttpResponse<String> first = browser.get("/device.do?user_code=" + userCode);
        assertEquals(303, first.statusCode());
        assertTrue(first.headers().firstValue("Location").orElse("").contains("/login.do?return_to="), first.headers().toString());
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> consent = browser.get("/device.do?user_code=" + userCode);
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.body().contains(userCode) && consent.body().contains("useraccount"), consent.body());
        Map<String, String> forged = AuthorizationFlow.hiddenFields(consent.body());
        forged.put("csrf_token", "forged");
        forged.put("decision", "allow");
        assertEquals(400, browser.postForm("/device.do", forged).statusCode(), "a forged form");
        assertEquals("authorization_pending", error(pollAfterInterval(app, started)), "the forged form decided nothing");
        HttpResponse<String> approved = answer(browser, consent.body(), true);
        assertEquals(200, approved.statusCode(), approved.body());
        assertTrue(approved.body().contains("Device connected"), approved.body());

        AccessTokenResponse tokens = assertInstanceOf(AccessTokenResponse.class, poll(server, app, started.getDeviceCode()));
        String access = tokens.getTokens().getAccessToken().getValue();
        assertEquals(200, http.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", "Bearer " + access).statusCode());
        assertTrue(tokens.getTokens().getRefreshToken() != null, "the application has the refresh_token grant");
        assertEquals("invalid_grant", error(poll(server, app, started.getDeviceCode())), "the device code is single use");
        assertEquals(400, answer(browser, consent.body(), false).statusCode(), "an answered request cannot be answered again");
    }

    private TokenResponse pollAfterInterval(Apps.App app, DeviceAuthorizationSuccessResponse started) throws Exception {
        Thread.sleep(10_500);     // the interval after one slow_down: 5 + 5 s
        return poll(server, app, started.getDeviceCode());
    }

    @Test
    void aDeniedRequestIsAccessDeniedAndAWrongUserCodeFindsNothing() throws Exception {
        Apps.App app = publicDeviceApp(http);
        DeviceAuthorizationSuccessResponse started = authorize(server, app, "useraccount");
        Http browser = loggedIn(server);
        HttpResponse<String> entry = browser.get("/device.do");
        assertEquals(200, entry.statusCode());
        Map<String, String> typed = AuthorizationFlow.hiddenFields(entry.body());
        typed.put("user_code", "bbbb cccc");
        HttpResponse<String> wrong = browser.postForm("/device.do", typed);
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertTrue(wrong.body().contains("not valid"), wrong.body());
        typed.put("user_code", started.getUserCode().getValue().toLowerCase().replace("-", ""));   // typed loosely
        HttpResponse<String> consent = browser.postForm("/device.do", typed);
        assertEquals(200, consent.statusCode(), consent.body());
        assertEquals(200, answer(browser, consent.body(), false).statusCode());
        assertEquals("access_denied", error(poll(server, app, started.getDeviceCode())));
        assertEquals("access_denied", error(poll(server, app, started.getDeviceCode())));
    }

    @Test
    void onlyApplicationsWithTheGrantTypeMayStartAndAnotherClientCannotPoll() throws Exception {
        Apps.App without = Apps.create(http, "public_client", true, "grant_types", "authorization_code", "client_credentials_user", null);
        DeviceAuthorizationResponse r = DeviceAuthorizationResponse.parse(NimbusHttp.send(new DeviceAuthorizationRequest(
                URI.create(server.baseUrl() + "/oauth_device.do"), new ClientID(without.clientId())).toHTTPRequest()));
        assertEquals("unauthorized_client", assertInstanceOf(DeviceAuthorizationErrorResponse.class, r).getErrorObject().getCode());
        assertEquals(401, http.postForm("/oauth_device.do", Http.map("client_id", "no-such-client")).statusCode());
        Apps.App app = publicDeviceApp(http);
        HttpResponse<String> badScope = http.postForm("/oauth_device.do", Http.map("client_id", app.clientId(), "scope", "admin_everything"));
        assertEquals(400, badScope.statusCode(), badScope.body());
        assertEquals("invalid_scope", Http.body(badScope).path("error").asText());
        HttpResponse<String> get = http.get("/oauth_device.do?client_id=" + app.clientId());
        assertEquals(405, get.statusCode());
        assertFalse(Http.body(get).has("device_code"), get.body());

        DeviceAuthorizationSuccessResponse started = authorize(server, app, "useraccount");
        Apps.App other = publicDeviceApp(http);
        assertEquals("invalid_grant", error(poll(server, other, started.getDeviceCode())));
        assertEquals("invalid_grant", error(poll(server, app, new DeviceCode("made-up"))));
        JsonNode metadata = Http.body(http.get("/.well-known/oauth-authorization-server"));
        assertEquals(server.baseUrl() + "/oauth_device.do", metadata.path("device_authorization_endpoint").asText());
        assertTrue(metadata.path("grant_types_supported").toString().contains("urn:ietf:params:oauth:grant-type:device_code"));
    }

    @Test
    void aCodeExpiresAndGuessedUserCodesAreThrottled() throws Exception {
        ServerProcess s = shortLived();
        Http admin = Http.to(s);
        Apps.App app = publicDeviceApp(admin);
        DeviceAuthorizationSuccessResponse started = authorize(s, app, "useraccount");
        assertEquals(1, started.getInterval());
        Thread.sleep(3_500);
        assertEquals("expired_token", error(poll(s, app, started.getDeviceCode())));

        Http browser = loggedIn(s);
        HttpResponse<String> entry = browser.get("/device.do");
        Map<String, String> typed = AuthorizationFlow.hiddenFields(entry.body());
        int status = 0;
        for (int i = 0; i < 10 && status != 429; i++) {
            typed.put("user_code", "BBBB-BB" + "BCDFGHJKLM".charAt(i) + "B");
            status = browser.postForm("/device.do", typed).statusCode();
            assertTrue(status == 400 || status == 429, "status " + status);
        }
        assertEquals(429, status, "guessing is throttled");
        DeviceAuthorizationSuccessResponse fresh = authorize(s, app, "useraccount");
        typed.put("user_code", "CCCC-CCCC");
        HttpResponse<String> stillWrong = browser.postForm("/device.do", typed);
        assertEquals(429, stillWrong.statusCode());
        assertTrue(stillWrong.headers().firstValue("Retry-After").isPresent());
        typed.put("user_code", fresh.getUserCode().getValue());
        assertEquals(200, browser.postForm("/device.do", typed).statusCode(), "a right code still works, after a delay");
    }
}
