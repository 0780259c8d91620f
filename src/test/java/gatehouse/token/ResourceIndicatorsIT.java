package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.Tokens;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.SeenSecrets;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resource indicators (RFC 8707): {@code resource} on the authorization, device authorization and token requests, the
 * access token's {@code aud} (JWT and introspection), downscoping on code redemption and refresh (§2.2), and
 * {@code invalid_target} for every value an application may not name. Clients speak through nimbus oauth2-oidc-sdk.
 */
class ResourceIndicatorsIT {
    private static final String ONE = "https://one.api.example/";
    private static final String TWO = "https://two.api.example/v1";
    private static final String THREE = "urn:example:three";
    private static final ServerProcess server = TestServer.shared();
    private static final Http http = Http.to(server);
    private static String issuer;
    private static Apps.App jwtApp;
    private static Apps.App opaqueApp;

    @BeforeAll
    static void apps() {
        issuer = Http.body(http.get("/.well-known/oauth-authorization-server")).path("issuer").asText();
        String resources = String.join("\n", ONE, TWO, THREE, issuer + "/api");
        jwtApp = Apps.create(http, "token_format", "jwt", "resources", resources,
                "grant_types", "authorization_code,refresh_token,client_credentials,password,urn:ietf:params:oauth:grant-type:jwt-bearer");
        opaqueApp = Apps.create(http, "resources", resources);
    }

    private static URI tokenEndpoint() { return URI.create(server.baseUrl() + "/oauth_token.do"); }

    private static ClientSecretBasic auth(Apps.App app) {
        return new ClientSecretBasic(new ClientID(app.clientId()), new Secret(app.secret()));
    }

    private static TokenResponse token(Apps.App app, AuthorizationGrant grant, String... resources) throws Exception {
        TokenRequest.Builder b = new TokenRequest.Builder(tokenEndpoint(), auth(app), grant);
        if (resources.length > 0) b.resources(java.util.Arrays.stream(resources).map(URI::create).toArray(URI[]::new));
        return TokenResponse.parse(send(b.build().toHTTPRequest()));
    }

    /** Sends a nimbus request, recording the secrets it carries for the log scan (gatehouse.testing.SeenSecrets). */
    private static HTTPResponse send(HTTPRequest request) throws Exception {
        SeenSecrets.fromForm(request.getBody(), "a nimbus request");
        HTTPResponse response = request.send();
        SeenSecrets.fromJson(response.getBody(), "a nimbus response");
        return response;
    }

    private static Tokens ok(TokenResponse r) {
        assertTrue(r.indicatesSuccess(), () -> r.toErrorResponse().getErrorObject().toJSONObject().toString());
        return r.toSuccessResponse().getTokens();
    }

    private static String error(TokenResponse r) {
        ErrorObject e = assertInstanceOf(TokenErrorResponse.class, r).getErrorObject();
        assertEquals(400, e.getHTTPStatusCode(), e.toJSONObject().toString());
        return e.getCode();
    }

    private static JsonNode payload(String jwt) throws Exception {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static JsonNode introspect(Apps.App app, String token) {
        return Http.body(http.postForm("/oauth_introspect.do", Http.map("token", token), "Authorization", app.basic()));
    }

    private static List<String> aud(JsonNode node) {
        JsonNode aud = node.path("aud");
        List<String> out = new ArrayList<>();
        if (aud.isArray()) aud.forEach(a -> out.add(a.asText()));
        else if (aud.isTextual()) out.add(aud.asText());
        return out;
    }

    /** A raw form POST to the token endpoint, for the values a library will not send (fragments, relative URIs). */
    private static HttpResponse<String> raw(Apps.App app, String form) {
        return http.postRaw("/oauth_token.do", "application/x-www-form-urlencoded", form, "Authorization", app.basic());
    }

    private static void assertInvalidTarget(HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("invalid_target", Http.body(r).path("error").asText(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
    }

    @Test
    void aClientCredentialsTokenForAResourceNamesItAsAudienceAndGatehousesApiRefusesIt() throws Exception {
        String jwt = ok(token(jwtApp, new ClientCredentialsGrant(), ONE)).getAccessToken().getValue();
        assertEquals(List.of(ONE), aud(payload(jwt)));
        assertEquals(List.of(ONE), aud(introspect(jwtApp, jwt)));
        assertEquals(401, Apps.api(http, jwt), "a token for another resource is not for Gatehouse's API");

        String opaque = ok(token(opaqueApp, new ClientCredentialsGrant(), ONE, TWO)).getAccessToken().getValue();
        assertEquals(List.of(ONE, TWO), aud(introspect(opaqueApp, opaque)));
        assertEquals(401, Apps.api(http, opaque), "nor is an opaque one");

        String both = ok(token(jwtApp, new ClientCredentialsGrant(), TWO, THREE)).getAccessToken().getValue();
        assertEquals(List.of(TWO, THREE), aud(payload(both)), "several resources: aud is an array");
    }

    @Test
    void gatehousesApiAcceptsATokenWhoseResourceIsItsOwnBaseUrlOrNoResourceAtAll() throws Exception {
        String api = ok(token(jwtApp, new ClientCredentialsGrant(), issuer + "/api", ONE)).getAccessToken().getValue();
        assertEquals(List.of(issuer + "/api", ONE), aud(payload(api)));
        assertEquals(200, Apps.api(http, api));
        String opaque = ok(token(opaqueApp, new ClientCredentialsGrant(), issuer + "/api")).getAccessToken().getValue();
        assertEquals(200, Apps.api(http, opaque));

        String plain = ok(token(jwtApp, new ClientCredentialsGrant())).getAccessToken().getValue();
        assertEquals(List.of(issuer), aud(payload(plain)), "without resource, aud is the issuer as before");
        assertEquals(200, Apps.api(http, plain));
        String plainOpaque = ok(token(opaqueApp, new ClientCredentialsGrant())).getAccessToken().getValue();
        assertFalse(introspect(opaqueApp, plainOpaque).has("aud"), "an opaque token without resource: no aud, as before");
    }

    @Test
    void aResourceTheApplicationDoesNotListOrThatIsNotAnAbsoluteUriWithoutFragmentIsInvalidTarget() throws Exception {
        assertEquals("invalid_target", error(token(jwtApp, new ClientCredentialsGrant(), "https://other.example/")));
        assertEquals("invalid_target", error(token(jwtApp, new ClientCredentialsGrant(), ONE, "https://other.example/")), "one bad of two");
        Apps.App none = Apps.create(http);
        assertEquals("invalid_target", error(token(none, new ClientCredentialsGrant(), ONE)), "an application with no resources");
        assertInvalidTarget(raw(jwtApp, "grant_type=client_credentials&resource=" + Http.enc(ONE + "#frag")));
        assertInvalidTarget(raw(jwtApp, "grant_type=client_credentials&resource=api%2Fv1"));
        assertInvalidTarget(raw(jwtApp, "grant_type=client_credentials&resource="));
        assertInvalidTarget(raw(jwtApp, "grant_type=password&username=admin&password=" + Http.enc(TestServer.ADMIN_PASSWORD)
                + "&resource=https%3A%2F%2Fother.example%2F"));
        assertInvalidTarget(raw(jwtApp, "grant_type=" + Http.enc("urn:ietf:params:oauth:grant-type:jwt-bearer")
                + "&assertion=x.y.z&resource=https%3A%2F%2Fother.example%2F"));
        HttpResponse<String> repeated = raw(jwtApp, "grant_type=client_credentials&scope=useraccount&scope=useraccount");
        assertEquals("invalid_request", Http.body(repeated).path("error").asText(), "only resource and audience may repeat");
    }

    @Test
    void theRegistryTakesOnlyAbsoluteResourceUrisWithoutFragmentAndTheTableApiShowsThem() {
        for (String bad : List.of("https://api.example/#x", "relative/path", "https://user:pw@api.example/", "https:///nohost")) {
            HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity",
                    Map.of("name", "bad resources", "provider_name", "Tests", "resources", bad), "Authorization", Http.adminBasic());
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("resources"), r.body());
        }
        JsonNode app = Http.body(http.get("/api/now/table/oauth_entity/" + jwtApp.sysId() + "?sysparm_fields=resources",
                "Authorization", Http.adminBasic())).path("result");
        assertTrue(app.path("resources").toString().contains(TWO), app.toString());
    }

    private static String authorizeUrl(Apps.App app, String... resources) {
        AuthorizationRequest.Builder b = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(app.clientId()))
                .redirectionURI(URI.create(Codes.APP_REDIRECT)).scope(new Scope("useraccount")).state(new State())
                .endpointURI(URI.create(server.baseUrl() + "/oauth_auth.do"));
        List<URI> uris = new ArrayList<>();
        for (String r : resources) uris.add(URI.create(r));
        if (!uris.isEmpty()) b.resources(uris.toArray(new URI[0]));
        URI u = b.build().toURI();
        return u.getRawPath() + "?" + u.getRawQuery();
    }

    @Test
    void anImplicitTokenNamesTheResourcesAsItsAudience() throws Exception {
        Apps.App implicit = Apps.create(http, "token_format", "jwt", "resources", ONE, "grant_types", "implicit");
        String url = authorizeUrl(implicit, ONE).replace("response_type=code", "response_type=token");
        String location = AuthorizationFlow.authorize(Http.browser(server), url, "admin", TestServer.ADMIN_PASSWORD, true);
        String fragment = URI.create(location).getRawFragment();
        assertTrue(fragment != null && fragment.contains("access_token="), location);
        Map<String, String> f = AuthorizationFlow.query("https://x/?" + fragment);
        assertEquals(List.of(ONE), aud(payload(f.get("access_token"))));
    }

    @Test
    void theConsentPageNamesTheResources() {
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        Apps.App fresh = Apps.create(http, "resources", ONE + "\n" + THREE);    // no remembered consent yet
        HttpResponse<String> page = browser.get(authorizeUrl(fresh, ONE, THREE));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("id=\"resources\"") && page.body().contains(ONE) && page.body().contains(THREE), page.body());
        HttpResponse<String> none = browser.get(authorizeUrl(Apps.create(http), (String[]) new String[0]));
        assertFalse(none.body().contains("id=\"resources\""), "no resource named: no list");
    }

    private static String code(Http browser, Apps.App app, String... resources) {
        String location = AuthorizationFlow.authorize(browser, authorizeUrl(app, resources), "admin", TestServer.ADMIN_PASSWORD, true);
        Map<String, String> q = AuthorizationFlow.query(location);
        assertTrue(q.containsKey("code"), location);
        return q.get("code");
    }

    private static AuthorizationCodeGrant codeGrant(String code) {
        return new AuthorizationCodeGrant(new AuthorizationCode(code), URI.create(Codes.APP_REDIRECT));
    }

    @Test
    void theCodeFlowKeepsTheResourcesThroughLoginAndConsentAndTokensMayNameOnlyThoseGranted() throws Exception {
        Http browser = Http.browser(server);
        String code = code(browser, jwtApp, ONE, TWO);
        assertEquals("invalid_target", error(token(jwtApp, codeGrant(code), THREE)), "listed on the application, not granted");
        Tokens tokens = ok(token(jwtApp, codeGrant(code), ONE));     // the refused attempt stored nothing: the code still works
        assertEquals(List.of(ONE), aud(payload(tokens.getAccessToken().getValue())));

        RefreshTokenGrant refresh = new RefreshTokenGrant(tokens.getRefreshToken());
        assertEquals("invalid_target", error(token(jwtApp, refresh, THREE)));
        assertEquals("invalid_target", error(token(jwtApp, refresh, issuer + "/api")));
        Tokens two = ok(token(jwtApp, refresh, TWO));      // the refused attempts did not rotate the refresh token
        assertEquals(List.of(TWO), aud(payload(two.getAccessToken().getValue())));
        Tokens all = ok(token(jwtApp, new RefreshTokenGrant(two.getRefreshToken())));
        assertEquals(List.of(ONE, TWO), aud(payload(all.getAccessToken().getValue())), "no resource on refresh: all granted");

        String plain = code(browser, jwtApp);
        assertEquals("invalid_target", error(token(jwtApp, codeGrant(plain), ONE)), "an authorization that named no resource grants none");
        Tokens unchanged = ok(token(jwtApp, codeGrant(plain)));
        assertEquals(List.of(issuer), aud(payload(unchanged.getAccessToken().getValue())));
        assertEquals(200, Apps.api(http, unchanged.getAccessToken().getValue()));
        assertEquals("invalid_target", error(token(jwtApp, new RefreshTokenGrant(unchanged.getRefreshToken()), ONE)));
    }

    @Test
    void anAuthorizationRequestForAResourceNotAllowedIsAnErrorRedirect() {
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        for (String bad : List.of("https://other.example/", ONE + "#fragment", "relative")) {
            String url = authorizeUrl(jwtApp) + "&resource=" + Http.enc(bad);
            HttpResponse<String> r = browser.get(url);
            assertEquals(302, r.statusCode(), bad + ": " + r.body());
            String location = r.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith(Codes.APP_REDIRECT), location);
            assertEquals("invalid_target", AuthorizationFlow.query(location).get("error"), location);
        }
        HttpResponse<String> unsafe = browser.get(authorizeUrl(jwtApp).replace(Http.enc(Codes.APP_REDIRECT), Http.enc("https://evil.example/cb"))
                + "&resource=" + Http.enc("https://other.example/"));
        assertEquals(400, unsafe.statusCode(), "a bad redirect_uri is a page, never a redirect");
        assertTrue(unsafe.headers().firstValue("Location").isEmpty());
    }

    @Test
    void passwordAndDeviceGrantsNameTheirResourcesAndARefreshMayOnlyNarrowThem() throws Exception {
        Tokens pw = ok(token(jwtApp, new ResourceOwnerPasswordCredentialsGrant("admin", new Secret(TestServer.ADMIN_PASSWORD)), THREE));
        assertEquals(List.of(THREE), aud(payload(pw.getAccessToken().getValue())));
        assertEquals("invalid_target", error(token(jwtApp, new RefreshTokenGrant(pw.getRefreshToken()), ONE)));
        assertEquals(List.of(THREE), aud(payload(ok(token(jwtApp, new RefreshTokenGrant(pw.getRefreshToken()))).getAccessToken().getValue())));

        Apps.App device = Apps.create(http, "public_client", true, "client_credentials_user", null, "resources", ONE + "\n" + TWO,
                "grant_types", "urn:ietf:params:oauth:grant-type:device_code");
        URI deviceEndpoint = URI.create(server.baseUrl() + "/oauth_device.do");
        HttpResponse<String> refused = http.postRaw("/oauth_device.do", "application/x-www-form-urlencoded",
                "client_id=" + device.clientId() + "&resource=" + Http.enc(THREE));
        assertInvalidTarget(refused);
        DeviceAuthorizationRequest request = new DeviceAuthorizationRequest.Builder(new ClientID(device.clientId()))
                .endpointURI(deviceEndpoint).scope(new Scope("useraccount")).customParameter("resource", ONE, TWO).build();
        DeviceAuthorizationResponse started = DeviceAuthorizationResponse.parse(send(request.toHTTPRequest()));
        assertTrue(started.indicatesSuccess(), () -> started.toErrorResponse().getErrorObject().toString());
        DeviceAuthorizationSuccessResponse s = started.toSuccessResponse();
        Http browser = Http.browser(server);
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> consent = browser.get("/device.do?user_code=" + s.getUserCode().getValue());
        Map<String, String> form = AuthorizationFlow.hiddenFields(consent.body());
        form.put("decision", "allow");
        assertEquals(200, browser.postForm("/device.do", form).statusCode());
        TokenRequest.Builder poll = new TokenRequest.Builder(tokenEndpoint(), new ClientID(device.clientId()), new DeviceCodeGrant(s.getDeviceCode()));
        assertEquals("invalid_target", error(TokenResponse.parse(send(poll.resource(URI.create(THREE)).build().toHTTPRequest()))),
                "a resource the device request did not name");
        TokenResponse r = TokenResponse.parse(send(new TokenRequest.Builder(tokenEndpoint(), new ClientID(device.clientId()),
                new DeviceCodeGrant(s.getDeviceCode())).resource(URI.create(TWO)).build().toHTTPRequest()));
        String accessToken = ok(r).getAccessToken().getValue();
        JsonNode introspected = Http.body(http.postForm("/oauth_introspect.do", Http.map("token", accessToken), "Authorization", Http.adminBasic()));
        assertEquals(List.of(TWO), aud(introspected));
    }
}
