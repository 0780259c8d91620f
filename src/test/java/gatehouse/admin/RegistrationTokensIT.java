package gatehouse.admin;

import static gatehouse.admin.ConsoleSession.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationErrorResponse;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import gatehouse.testing.Http;
import gatehouse.testing.NimbusHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code gatehouse.registration=token}: registration needs an initial access token that an admin makes on the console's
 * Registration tokens page; an unknown, expired, used-up or revoked one is {@code 401 invalid_token}, and a refused
 * registration does not use the token up.
 */
class RegistrationTokensIT {
    static final String REDIRECT = "https://app.example.com/callback";
    static ServerProcess server;
    static URI endpoint;

    @BeforeAll
    static void start() {
        server = TestServer.start("dcr-token", Map.of("gatehouse.registration", "token"));
        endpoint = URI.create(server.baseUrl() + "/oauth_register.do");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static ClientMetadata metadata() {
        ClientMetadata m = new ClientMetadata();
        m.setRedirectionURI(URI.create(REDIRECT));
        m.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE));
        m.setResponseTypes(Set.of(new ResponseType("code")));
        m.setName("Token-registered " + UUID.randomUUID().toString().substring(0, 6));
        return m;
    }

    static HTTPResponse register(ClientMetadata m, String token) throws Exception {
        HTTPResponse r = NimbusHttp.send(new ClientRegistrationRequest(endpoint, m, token == null ? null : new BearerAccessToken(token)).toHTTPRequest());
        assertTrue(r.getStatusCode() < 500, r.getContent());
        return r;
    }

    static void assertInvalidToken(HTTPResponse r) throws Exception {
        assertEquals(401, r.getStatusCode(), r.getContent());
        assertTrue(r.getHeaderValue("WWW-Authenticate").startsWith("Bearer error=\"invalid_token\""), r.getHeaderValue("WWW-Authenticate"));
        assertEquals("invalid_token", ClientRegistrationErrorResponse.parse(r).getErrorObject().getCode());
    }

    /** Makes a token on the console page and reads its value from the page that shows it once. */
    static String makeToken(ConsoleSession admin, String name, String lifetimeSeconds, String maxUses) {
        HttpResponse<String> made = admin.post("/admin/registration_tokens/new", Map.of("name", name, "lifetime_seconds", lifetimeSeconds, "max_uses", maxUses));
        assertEquals(201, made.statusCode(), made.body());
        return find(made.body(), "id=\"initial-access-token\" class=\"secret\" readonly value=\"([^\"]+)\"");
    }

    @Test
    void anInitialAccessTokenFromTheConsoleRegistersAsManyClientsAsItMay() throws Exception {
        assertInvalidToken(register(metadata(), null));
        assertInvalidToken(register(metadata(), "not-a-token-" + UUID.randomUUID()));

        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> page = admin.get("/admin/registration_tokens/new");
        assertEquals(200, page.statusCode());
        for (String label : new String[] {">Name", ">Lifetime in seconds", ">Maximum uses"}) assertTrue(page.body().contains(label), label);
        HttpResponse<String> invalid = admin.post("/admin/registration_tokens/new", Map.of("name", "", "lifetime_seconds", "0", "max_uses", "-1"));
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body().contains("Nothing was saved"), invalid.body());
        String name = "Partner " + UUID.randomUUID().toString().substring(0, 6);
        assertFalse(admin.get("/admin/registration_tokens").body().contains(name));

        String token = makeToken(admin, name, "86400", "2");
        assertTrue(admin.get("/admin/registration_tokens").body().contains(name));
        // a refused registration does not use the token
        ClientMetadata bad = metadata();
        bad.setRedirectionURI(URI.create("http://evil.example.com/cb"));
        HTTPResponse refused = register(bad, token);
        assertEquals(400, refused.getStatusCode());
        assertEquals("invalid_redirect_uri", ClientRegistrationErrorResponse.parse(refused).getErrorObject().getCode());

        ClientMetadata first = metadata();
        HTTPResponse ok1 = register(first, token);
        assertEquals(201, ok1.getStatusCode(), ok1.getContent());
        String clientId = ClientInformationResponse.parse(ok1).getClientInformation().getID().getValue();
        assertEquals(201, register(metadata(), token).getStatusCode());
        assertInvalidToken(register(metadata(), token));   // used up
        String list = admin.get("/admin/registration_tokens").body();
        assertTrue(list.contains("2 of 2") && list.contains("used up"), list);

        // the registered client is in the Application Registry, marked
        String apps = admin.get("/admin/applications").body();
        assertTrue(apps.contains(first.getName()) && apps.contains("(dynamically registered)"), apps);
        assertTrue(apps.contains(clientId), apps);
    }

    @Test
    void anExpiredOrRevokedTokenRegistersNothing() throws Exception {
        ConsoleSession admin = ConsoleSession.login(server, "admin", TestServer.ADMIN_PASSWORD);
        String shortLived = makeToken(admin, "Short " + UUID.randomUUID().toString().substring(0, 6), "1", "0");
        long deadline = System.currentTimeMillis() + 60_000;
        HTTPResponse r;
        do {
            Thread.sleep(500);
            r = register(metadata(), shortLived);
        } while (r.getStatusCode() == 201 && System.currentTimeMillis() < deadline);
        assertInvalidToken(r);

        String name = "Revoked " + UUID.randomUUID().toString().substring(0, 6);
        String token = makeToken(admin, name, "86400", "0");
        assertEquals(201, register(metadata(), token).getStatusCode(), "no use limit");
        String list = admin.get("/admin/registration_tokens").body();
        String sysId = find(list, "<td>" + java.util.regex.Pattern.quote(name) + "</td>[\\s\\S]*?/admin/registration_tokens/([0-9a-f]{32})/revoke");
        assertEquals(200, admin.get("/admin/registration_tokens/" + sysId + "/revoke").statusCode());
        assertEquals(303, admin.post("/admin/registration_tokens/" + sysId + "/revoke", Map.of()).statusCode());
        assertInvalidToken(register(metadata(), token));
        assertTrue(admin.get("/admin/registration_tokens?done=revoked").body().contains("revoked"));
    }

    @Test
    void theTokensPageNeedsAnAdminRole() {
        String user = "dcr-itil-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        Http api = Http.to(server);
        assertEquals(201, api.json("POST", "/api/now/table/sys_user", Map.of("user_name", user, "user_password", password, "roles", "itil"),
                "Authorization", Http.adminBasic()).statusCode());
        Http browser = Http.browser(server);
        gatehouse.testing.AuthorizationFlow.login(browser, user, password);
        HttpResponse<String> r = browser.get("/admin/registration_tokens");
        assertTrue(r.statusCode() == 403 || r.statusCode() == 404, r.statusCode() + " " + r.body());
        HttpResponse<String> post = browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/registration_tokens/new"))
                .POST(HttpRequest.BodyPublishers.ofString("name=x&lifetime_seconds=60&max_uses=0")).header("Content-Type", "application/x-www-form-urlencoded"));
        assertTrue(post.statusCode() >= 400 && post.statusCode() < 500, post.statusCode() + " " + post.body());
    }
}
