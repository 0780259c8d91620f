package gatehouse.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.Keycloak;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Gatehouse as the OAuth client of a real Keycloak 26 ({@link Keycloak#shared()}, realm {@value #REALM}, set up with its own
 * {@code kcadm.sh}): client credentials with client_secret_basic, the authorization code grant with PKCE S256
 * through Keycloak's own login page, refresh, and revocation (RFC 7009), each followed by a REST message that
 * calls Keycloak's userinfo endpoint with the token Gatehouse got.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakIT {
    static final String REALM = "gatehouse-it";
    static final String SERVICE_CLIENT = "gatehouse-service";
    static final String WEB_CLIENT = "gatehouse-web";
    static final String USER = "alice.keycloak";
    static Keycloak keycloak;
    static ServerProcess consumer;
    static Http atConsumer;
    static HttpServer echo;
    static final Queue<String> authorizationsSeen = new ConcurrentLinkedQueue<>();
    /** Every secret and token value the tests used: none may appear in the outbound log or the server log. */
    static final Set<String> secrets = new CopyOnWriteArraySet<>();
    // characters that client_secret_basic must form-encode (RFC 6749 §2.3.1) before Base64
    static final String serviceSecret = "svc:" + UUID.randomUUID() + "+/% x";
    static final String webSecret = "web-" + UUID.randomUUID();
    static final String userPassword = "alice-" + UUID.randomUUID();
    static final String admin = Http.adminBasic();
    static long started;

    /** Starts Keycloak where its JDK is installed; elsewhere each test is skipped by {@link #needsKeycloak()}. */
    @BeforeAll
    static void start() throws Exception {
        if (!Keycloak.javaAvailable()) return;
        started = System.nanoTime();
        CompletableFuture<Keycloak> kc = CompletableFuture.supplyAsync(Keycloak::shared);   // shared with OidcProviderKeycloakIT; its own realm
        try {
            // the realm's access tokens live 60 s; with a 45 s skew a token counts as fresh for 15 s, then is refreshed before use
            consumer = TestServer.start("keycloak-consumer", Map.of("gatehouse.outbound.refresh.skew", "45",
                    "gatehouse.outbound.refresh.interval", "0"));
        } finally {
            keycloak = kc.get();
        }
        atConsumer = Http.to(consumer);
        secrets.addAll(List.of(serviceSecret, webSecret, userPassword));

        keycloak.kcadm("create", "realms", "-s", "realm=" + REALM, "-s", "enabled=true", "-s", "accessTokenLifespan=60");
        keycloak.kcadm("create", "clients", "-r", REALM, "-s", "clientId=" + SERVICE_CLIENT, "-s", "enabled=true",
                "-s", "publicClient=false", "-s", "serviceAccountsEnabled=true", "-s", "standardFlowEnabled=false",
                "-s", "directAccessGrantsEnabled=false", "-s", "secret=" + serviceSecret);
        keycloak.kcadm("create", "clients", "-r", REALM, "-s", "clientId=" + WEB_CLIENT, "-s", "enabled=true",
                "-s", "publicClient=false", "-s", "standardFlowEnabled=true", "-s", "directAccessGrantsEnabled=false",
                "-s", "redirectUris=[\"" + consumer.baseUrl() + "/oauth_redirect.do\"]",
                "-s", "attributes.\"pkce.code.challenge.method\"=S256", "-s", "secret=" + webSecret);
        keycloak.kcadm("create", "users", "-r", REALM, "-s", "username=" + USER, "-s", "enabled=true",
                "-s", "email=alice@keycloak.test", "-s", "emailVerified=true", "-s", "firstName=Alice", "-s", "lastName=Keycloak",
                "-s", "credentials=[{\"type\":\"password\",\"value\":\"" + userPassword + "\",\"temporary\":false}]");

        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/echo", x -> {
            String a = x.getRequestHeaders().getFirst("Authorization");
            if (a != null) authorizationsSeen.add(a);
            byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        echo.start();
        System.out.printf("KeycloakIT: Keycloak, Gatehouse and the realm ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** Each test is skipped, and counted as such, without Keycloak's JDK (an aborted @BeforeAll counts no test at all). */
    @BeforeEach
    void needsKeycloak() {
        Assumptions.assumeTrue(Keycloak.javaAvailable(), "Keycloak 26 needs Java 21+, expected at " + Keycloak.JAVA_HOME + " (absent here)");
    }

    @AfterAll
    static void stop() {
        if (echo != null) echo.stop(0);
        if (consumer != null) consumer.close();
        // the shared Keycloak stays up for the next class that needs it; a shutdown hook stops it
        if (started != 0) System.out.printf("KeycloakIT: %.1f s in all%n", (System.nanoTime() - started) / 1e9);
    }

    // ---- what an administrator does over Gatehouse's Table API (as in OutboundClientIT) ----

    record Setup(String providerId, String profileId, String message) { }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * The Keycloak provider record (with {@code fields} added), its default profile asking for {@code scopes}, and a
     * REST message with a GET method named "get" at Keycloak's userinfo endpoint.
     */
    static Setup keycloakProvider(String clientId, String secret, String grant, List<String> scopes, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "oauth_provider");
        body.put("name", unique("Keycloak"));
        body.put("client_id", clientId);
        body.put("client_secret", secret);
        body.put("default_grant_type", grant);
        body.put("auth_url", keycloak.oidc(REALM, "auth"));
        body.put("token_url", keycloak.oidc(REALM, "token"));
        body.put("token_revocation_url", keycloak.oidc(REALM, "revoke"));
        body.putAll(fields);
        HttpResponse<String> r = atConsumer.json("POST", "/api/now/table/oauth_entity", body, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode p = Http.body(r).path("result");
        assertFalse(r.body().contains(secret), "the client secret is write-only");
        String profile = p.path("default_profile").path("value").asText();
        HttpResponse<String> s = atConsumer.json("PATCH", "/api/now/table/oauth_entity_profile/" + profile, Map.of("scopes", scopes),
                "Authorization", admin);
        assertEquals(200, s.statusCode(), s.body());
        String message = restMessage(keycloak.oidc(REALM, "userinfo"), profile);
        return new Setup(p.path("sys_id").asText(), profile, message);
    }

    static String restMessage(String endpoint, String profile) {
        String message = unique("msg");
        HttpResponse<String> m = atConsumer.json("POST", "/api/now/table/sys_rest_message", Map.of("name", message, "endpoint", endpoint,
                "authentication_type", "oauth2", "oauth_profile", profile), "Authorization", admin);
        assertEquals(201, m.statusCode(), m.body());
        HttpResponse<String> f = atConsumer.json("POST", "/api/now/table/sys_rest_message_fn", Map.of("rest_message", message, "name", "get",
                "http_method", "GET"), "Authorization", admin);
        assertEquals(201, f.statusCode(), f.body());
        return message;
    }

    static JsonNode execute(String message) {
        HttpResponse<String> r = atConsumer.json("POST", "/api/gatehouse/rest_message/" + message + "/get/execute", Map.of("variables", Map.of()),
                "Authorization", admin);
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    /** The body the remote returned to an execution, as JSON. */
    static JsonNode remoteBody(JsonNode result) throws Exception {
        assertEquals(200, result.path("status_code").asInt(), result.toString());
        return Http.JSON.readTree(result.path("body").asText());
    }

    static JsonNode credentialOf(String profile) {
        HttpResponse<String> r = atConsumer.get("/api/now/table/oauth_credential?sysparm_query=profile=" + profile, "Authorization", admin);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode rows = Http.body(r).path("result");
        assertEquals(1, rows.size(), r.body());
        return rows.get(0);
    }

    /** The access token Gatehouse sends for {@code profile}, seen by a local echo server through a second REST message. */
    static String tokenSentFor(String profile) {
        String m = restMessage("http://127.0.0.1:" + echo.getAddress().getPort() + "/echo", profile);
        authorizationsSeen.clear();
        assertEquals(200, execute(m).path("status_code").asInt());
        String header = authorizationsSeen.poll();
        assertNotNull(header);
        assertTrue(header.startsWith("Bearer "), header);
        String token = header.substring(7);
        secrets.add(token);
        return token;
    }

    static HttpResponse<String> userinfoAtKeycloak(String token) {
        return Http.at(keycloak.baseUrl()).get(keycloak.oidc(REALM, "userinfo"), "Authorization", "Bearer " + token);
    }

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    /**
     * Keycloak's login page as a browser uses it: GET the authorization URL (Keycloak answers with its login form),
     * POST user name and password to the form's action with Keycloak's cookies, and return where Keycloak sends the
     * browser next.
     */
    static String logInAtKeycloak(String authorizationUrl, String user, String password) {
        Http browser = Http.browserAt(keycloak.baseUrl());
        HttpResponse<String> page = browser.get(authorizationUrl);
        assertEquals(200, page.statusCode(), page.body());
        Matcher m = LOGIN_FORM.matcher(page.body());
        assertTrue(m.find(), "Keycloak's login form: " + page.body());
        String action = m.group(1).replace("&amp;", "&");
        assertTrue(action.startsWith(keycloak.baseUrl() + "/realms/" + REALM + "/login-actions/authenticate?"), action);
        HttpResponse<String> done = browser.postForm(action, Map.of("username", user, "password", password, "credentialId", ""));
        assertEquals(302, done.statusCode(), "Keycloak's answer to the login: " + done.body());
        return done.headers().firstValue("Location").orElseThrow();
    }

    static Http adminBrowserAtConsumer() {
        Http b = Http.browser(consumer);
        AuthorizationFlow.login(b, "admin", TestServer.ADMIN_PASSWORD);
        return b;
    }

    /** Get OAuth Token as Gatehouse's admin; returns Keycloak's authorization URL that Gatehouse sent the browser to. */
    static String startGetOAuthToken(Http consumerBrowser, String profile) {
        HttpResponse<String> page = consumerBrowser.get("/oauth_initiator.do?profile=" + profile);
        assertEquals(200, page.statusCode(), page.body());
        HttpResponse<String> go = consumerBrowser.postForm("/oauth_initiator.do", AuthorizationFlow.hiddenFields(page.body()));
        assertEquals(303, go.statusCode(), go.body());
        String toKeycloak = go.headers().firstValue("Location").orElseThrow();
        assertTrue(toKeycloak.startsWith(keycloak.oidc(REALM, "auth") + "?"), toKeycloak);
        return toKeycloak;
    }

    // ---- the tests ----

    @Test
    @Order(1)
    void clientCredentialsWithBasicAuthenticationGetsAServiceAccountTokenThatKeycloaksUserinfoAccepts() throws Exception {
        Setup s = keycloakProvider(SERVICE_CLIENT, serviceSecret, "client_credentials", List.of("openid"), Map.of("send_credentials", "basic"));
        HttpResponse<String> got = atConsumer.postRaw("/api/gatehouse/oauth_profile/" + s.profileId() + "/token", "application/json", "",
                "Authorization", admin);
        assertEquals(200, got.statusCode(), got.body());
        assertEquals("success", Http.body(got).path("result").path("status").asText(), got.body());
        assertFalse(Http.body(got).path("result").path("expires").isNull(), got.body());
        JsonNode cred = credentialOf(s.profileId());
        assertEquals("access_token", cred.path("type").asText());
        assertTrue(cred.path("access_token_present").asBoolean());
        assertFalse(cred.path("refresh_token_present").asBoolean(), "Keycloak issues no refresh token to client credentials: " + cred);
        assertTrue(cred.path("scope").asText().contains("openid"), cred.toString());

        JsonNode r = execute(s.message());
        JsonNode userinfo = remoteBody(r);
        assertEquals("service-account-" + SERVICE_CLIENT, userinfo.path("preferred_username").asText(), userinfo.toString());
        assertFalse(userinfo.path("sub").asText().isEmpty(), userinfo.toString());
        assertFalse(r.path("token_refreshed").asBoolean(), "the token from Get OAuth Token was used: " + r);

        // without openid Keycloak refuses userinfo: 403, an empty body, the reason only in WWW-Authenticate (RFC 6750 §3)
        Setup noOpenid = keycloakProvider(SERVICE_CLIENT, serviceSecret, "client_credentials", List.of(), Map.of("send_credentials", "basic"));
        HttpResponse<String> refused = atConsumer.json("POST", "/api/gatehouse/rest_message/" + noOpenid.message() + "/get/execute",
                Map.of("variables", Map.of()), "Authorization", admin);
        assertEquals(502, refused.statusCode(), refused.body());
        JsonNode e = Http.body(refused).path("error");
        assertEquals(403, e.path("remote_status").asInt(), refused.body());
        assertTrue(e.path("message").asText().contains("insufficient_scope: Missing openid scope"), refused.body());
        assertTrue(e.path("token_refreshed").asBoolean(), "a token was fetched for the first call: " + refused.body());
        JsonNode logged = Http.body(atConsumer.get("/api/now/table/sys_outbound_http_log?sysparm_query=rest_message=" + noOpenid.message(),
                "Authorization", admin)).path("result");
        assertEquals(1, logged.size(), logged.toString());
        assertEquals("status 403: insufficient_scope: Missing openid scope", logged.get(0).path("remote_error").asText(), logged.toString());
    }

    @Test
    @Order(2)
    void aClientSecretKeycloakRefusesIsA502WithKeycloaksError() {
        Setup s = keycloakProvider(SERVICE_CLIENT, "wrong-" + UUID.randomUUID(), "client_credentials", List.of("openid"), Map.of());
        HttpResponse<String> r = atConsumer.json("POST", "/api/gatehouse/rest_message/" + s.message() + "/get/execute",
                Map.of("variables", Map.of()), "Authorization", admin);
        assertEquals(502, r.statusCode(), r.body());
        // Keycloak names a refused client unauthorized_client (with 401), where RFC 6749 §5.2 says invalid_client
        assertEquals(401, Http.body(r).path("error").path("remote_status").asInt(), r.body());
        assertTrue(Http.body(r).path("error").path("detail").asText().startsWith("unauthorized_client: "), r.body());
    }

    @Test
    @Order(3)
    void revokeSendsTheTokenToKeycloaksRevocationEndpointWhichThenRejectsIt() throws Exception {
        Setup s = keycloakProvider(SERVICE_CLIENT, serviceSecret, "client_credentials", List.of("openid"), Map.of());
        String token = tokenSentFor(s.profileId());
        assertEquals(200, userinfoAtKeycloak(token).statusCode(), "Keycloak accepts the token Gatehouse sends");
        String credential = credentialOf(s.profileId()).path("sys_id").asText();
        HttpResponse<String> r = atConsumer.postRaw("/api/gatehouse/oauth_credential/" + credential + "/revoke", "application/json", "",
                "Authorization", admin);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(Http.body(r).path("result").path("revoked_at_provider").asBoolean(), r.body());
        assertEquals(401, userinfoAtKeycloak(token).statusCode(), "Keycloak no longer accepts the revoked token");
        assertEquals(404, atConsumer.get("/api/now/table/oauth_credential/" + credential, "Authorization", admin).statusCode());

        JsonNode again = execute(s.message());
        assertEquals("service-account-" + SERVICE_CLIENT, remoteBody(again).path("preferred_username").asText());
        assertTrue(again.path("token_refreshed").asBoolean(), "a new token was fetched: " + again);
        assertFalse(tokenSentFor(s.profileId()).equals(token));
    }

    @Test
    @Order(4)
    void authorizationCodeWithPkceThroughKeycloaksLoginPageThenRefreshesByItself() throws Exception {
        Setup s = keycloakProvider(WEB_CLIENT, webSecret, "authorization_code", List.of("openid", "profile", "email"), Map.of());
        HttpResponse<String> before = atConsumer.json("POST", "/api/gatehouse/rest_message/" + s.message() + "/get/execute",
                Map.of("variables", Map.of()), "Authorization", admin);
        assertEquals(409, before.statusCode(), "no token before Get OAuth Token: " + before.body());

        Http browser = adminBrowserAtConsumer();
        String toKeycloak = startGetOAuthToken(browser, s.profileId());
        Map<String, String> q = AuthorizationFlow.query(toKeycloak);
        assertEquals(WEB_CLIENT, q.get("client_id"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertEquals("openid profile email", q.get("scope"));
        assertEquals(consumer.baseUrl() + "/oauth_redirect.do", q.get("redirect_uri"));

        String back = logInAtKeycloak(toKeycloak, USER, userPassword);
        assertTrue(back.startsWith(consumer.baseUrl() + "/oauth_redirect.do?"), back);
        Map<String, String> answer = AuthorizationFlow.query(back);
        assertEquals(q.get("state"), answer.get("state"));
        assertNotNull(answer.get("code"), back);
        secrets.add(answer.get("code"));
        HttpResponse<String> done = browser.get(back);
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("The OAuth flow completed"), done.body());
        assertFalse(done.body().contains(answer.get("code")), "the page does not echo the code");

        JsonNode cred = credentialOf(s.profileId());
        // changed in this version: the user is a reference ({"link","value"}) to sys_user, no longer the user name
        assertEquals("admin", Http.body(atConsumer.get("/api/now/table/sys_user/" + cred.path("user").path("value").asText(), "Authorization", admin))
                .path("result").path("user_name").asText(), cred.toString());
        assertTrue(cred.path("access_token_present").asBoolean(), cred.toString());
        assertTrue(cred.path("refresh_token_present").asBoolean(), cred.toString());
        assertFalse(cred.path("refresh_token_expires").asText().isEmpty(), "Keycloak's refresh_expires_in is kept: " + cred);

        JsonNode r = execute(s.message());
        JsonNode userinfo = remoteBody(r);
        assertEquals(USER, userinfo.path("preferred_username").asText(), userinfo.toString());
        assertEquals("alice@keycloak.test", userinfo.path("email").asText(), userinfo.toString());
        assertFalse(r.path("token_refreshed").asBoolean(), r.toString());
        String first = tokenSentFor(s.profileId());

        // the 60 s access token is due for refresh after 15 s (skew 45 s): Keycloak's refresh token is used by itself
        Thread.sleep(15_500);
        JsonNode again = execute(s.message());
        assertEquals(USER, remoteBody(again).path("preferred_username").asText(), again.toString());
        assertTrue(again.path("token_refreshed").asBoolean(), again.toString());
        JsonNode refreshed = credentialOf(s.profileId());
        assertEquals(2, refreshed.path("refresh_count").asInt(), refreshed.toString());
        assertFalse(refreshed.path("needs_person").asBoolean(), refreshed.toString());
        assertFalse(tokenSentFor(s.profileId()).equals(first), "a new access token is sent after the refresh");
    }

    @Test
    @Order(5)
    void keycloaksRefusalOfARequestWithoutPkceIsShownNotStored() {
        // Keycloak requires S256 for this client; a provider record that sends no challenge is refused at the authorization endpoint
        Setup s = keycloakProvider(WEB_CLIENT, webSecret, "authorization_code", List.of("openid"), Map.of("code_challenge_method", "none"));
        Http browser = adminBrowserAtConsumer();
        String toKeycloak = startGetOAuthToken(browser, s.profileId());
        assertFalse(toKeycloak.contains("code_challenge"), toKeycloak);
        HttpResponse<String> refused = Http.browserAt(keycloak.baseUrl()).get(toKeycloak);
        assertEquals(302, refused.statusCode(), refused.body());
        String back = refused.headers().firstValue("Location").orElseThrow();
        assertTrue(back.startsWith(consumer.baseUrl() + "/oauth_redirect.do?"), back);
        HttpResponse<String> shown = browser.get(back);
        assertTrue(shown.body().contains("did not complete"), shown.body());
        assertTrue(shown.body().contains("invalid_request"), shown.body());
        assertTrue(shown.body().contains("code_challenge_method"), "Keycloak's error_description is shown: " + shown.body());
        HttpResponse<String> r = atConsumer.json("POST", "/api/gatehouse/rest_message/" + s.message() + "/get/execute",
                Map.of("variables", Map.of()), "Authorization", admin);
        assertEquals(409, r.statusCode(), r.body());
    }

    @Test
    @Order(100)
    void neitherTheOutboundLogNorTheServerLogHoldsASecretOrToken() {
        HttpResponse<String> log = atConsumer.get("/api/now/table/sys_outbound_http_log?sysparm_limit=1000", "Authorization", admin);
        assertEquals(200, log.statusCode());
        JsonNode rows = Http.body(log).path("result");
        assertTrue(rows.size() > 8, "the calls were logged: " + rows.size());
        assertTrue(log.body().contains(keycloak.oidc(REALM, "token")), "token requests to Keycloak are logged");
        assertTrue(log.body().contains(keycloak.oidc(REALM, "userinfo")), "executions against Keycloak are logged");
        assertTrue(log.body().contains(keycloak.oidc(REALM, "revoke")), "the revocation is logged");
        assertTrue(secrets.size() >= 6, "secrets, codes and tokens were collected: " + secrets.size());
        String serverLog = consumer.logText();
        for (String s : secrets) {
            assertFalse(log.body().contains(s), "the outbound log holds a secret");
            assertFalse(serverLog.contains(s), "the server log holds a secret");
        }
        assertFalse(log.body().contains("Bearer"));
    }
}
