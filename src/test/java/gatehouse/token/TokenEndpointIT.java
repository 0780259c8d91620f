package gatehouse.token;

import static gatehouse.token.OAuthAsserts.assertError;
import static gatehouse.token.OAuthAsserts.assertTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** /oauth_token.do: client authentication, request parsing and the client_credentials grant (RFC 6749 §2.3, §3.2, §4.4, §5). */
class TokenEndpointIT {
    private final Http http = Http.to(TestServer.shared());

    @Test
    void clientCredentialsWithBasicIssuesAnOpaqueBearerTokenTheApiAccepts() {
        JsonNode tokens = assertTokens(Apps.clientCredentials(http, Apps.demo()));
        assertEquals(1800, tokens.path("expires_in").asInt());
        assertEquals("useraccount", tokens.path("scope").asText(), "the application's default scope");
        assertFalse(tokens.has("refresh_token"), "no refresh token for client_credentials (RFC 6749 §4.4.3)");
        String token = tokens.path("access_token").asText();
        assertTrue(token.matches("[0-9a-f]{12}[A-Za-z0-9_-]{43}"), "issue time in hex, then 256 random bits, base64url: " + token);
        long issued = Long.parseLong(token.substring(0, 12), 16);
        assertTrue(Math.abs(System.currentTimeMillis() - issued) < 600_000, "the time prefix is the issue time");

        // integration.bot may not read sys_user: 403, not 401, shows the token itself was accepted
        assertEquals(403, Apps.api(http, token));
        Apps.App asAdmin = Apps.create(http);
        assertEquals(200, Apps.api(http, assertTokens(Apps.clientCredentials(http, asAdmin)).path("access_token").asText()));
    }

    @Test
    void clientSecretPostAuthenticatesToo() {
        assertTokens(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials",
                "client_id", Apps.DEMO, "client_secret", Apps.DEMO_SECRET)));
    }

    @Test
    void wrongSecretIs401WithBasicChallenge() {
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                "Authorization", Http.basic(Apps.DEMO, "wrong-secret")), 401, "invalid_client");
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials",
                "client_id", Apps.DEMO, "client_secret", "wrong-secret")), 401, "invalid_client");
    }

    @Test
    void unknownClientAndMalformedBasicAreInvalidClient() {
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                "Authorization", Http.basic("no-such-client", "whatever")), 401, "invalid_client");
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                "Authorization", "Basic %%%not-base64"), 401, "invalid_client");
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials")), 401, "invalid_client");
    }

    @Test
    void confidentialClientWithoutSecretIsInvalidClient() {
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials", "client_id", Apps.DEMO)),
                401, "invalid_client");
    }

    @Test
    void inactiveApplicationIsInvalidClient() {
        Apps.App app = Apps.create(http);
        assertTokens(Apps.clientCredentials(http, app));
        Apps.update(http, app, "active", false);
        assertError(Apps.clientCredentials(http, app), 401, "invalid_client");
    }

    @Test
    void parameterSentTwiceIsInvalidRequest() {
        assertError(http.postRaw("/oauth_token.do", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&scope=useraccount&scope=incident_read",
                "Authorization", Apps.demo().basic()), 400, "invalid_request");
    }

    @Test
    void clientSecretInTheQueryIsInvalidRequest() {
        assertError(http.postRaw("/oauth_token.do?client_secret=" + Apps.DEMO_SECRET, "application/x-www-form-urlencoded",
                "grant_type=client_credentials&client_id=" + Apps.DEMO), 400, "invalid_request");
    }

    @Test
    void getIsRefusedWithJson() {
        // issue 14: a method the endpoint does not implement is 405 with Allow (it was 400), still RFC 6749 JSON
        HttpResponse<String> get = http.get("/oauth_token.do?grant_type=client_credentials", "Authorization", Apps.demo().basic());
        assertError(get, 405, "invalid_request");
        assertEquals("POST, OPTIONS", get.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void otherContentTypesAreInvalidRequest() {
        assertError(http.postRaw("/oauth_token.do", "application/json", "{\"grant_type\":\"client_credentials\"}",
                "Authorization", Apps.demo().basic()), 400, "invalid_request");
        assertError(http.send(HttpRequest.newBuilder(java.net.URI.create(http.base() + "/oauth_token.do"))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")), "Authorization", Apps.demo().basic()),
                400, "invalid_request");
    }

    @Test
    void hugeOrMalformedBodiesAreInvalidRequest() {
        assertError(http.postRaw("/oauth_token.do", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&scope=" + "a".repeat(200_000), "Authorization", Apps.demo().basic()), 400, "invalid_request");
        assertError(http.postRaw("/oauth_token.do", "application/x-www-form-urlencoded",
                "grant_type=client_credentials&scope=%zz", "Authorization", Apps.demo().basic()), 400, "invalid_request");
    }

    @Test
    void twoAuthenticationMethodsAreInvalidRequest() {
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials", "client_id", Apps.DEMO,
                "client_secret", Apps.DEMO_SECRET), "Authorization", Apps.demo().basic()), 400, "invalid_request");
    }

    @Test
    void missingOrUnknownGrantType() {
        assertError(http.postForm("/oauth_token.do", Http.map("scope", "useraccount"), "Authorization", Apps.demo().basic()),
                400, "invalid_request");
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "urn:example:magic"), "Authorization", Apps.demo().basic()),
                400, "unsupported_grant_type");
    }

    @Test
    void grantTypeNotListedForTheApplicationIsUnauthorizedClient() {
        Apps.App app = Apps.create(http, "grant_types", "authorization_code");
        assertError(Apps.clientCredentials(http, app), 400, "unauthorized_client");
        // a public client may not list client_credentials at all; demo-public does not
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials", "client_id", "demo-public")),
                400, "unauthorized_client");
    }

    @Test
    void applicationWithoutClientCredentialsUserIsUnauthorizedClient() {
        Apps.App app = Apps.create(http, "client_credentials_user", "");
        JsonNode error = assertError(Apps.clientCredentials(http, app), 400, "unauthorized_client");
        assertTrue(error.path("error_description").asText().contains("client_credentials_user"), error.toString());
    }

    @Test
    void scopeIsLimitedToTheApplicationsAuthScopes() {
        Apps.App app = Apps.create(http, "auth_scopes", "incident_read");
        assertError(Apps.clientCredentials(http, app, "scope", "incident_read incident_write"), 400, "invalid_scope");
        assertError(Apps.clientCredentials(http, app, "scope", "bad\"scope"), 400, "invalid_scope");
        JsonNode tokens = assertTokens(Apps.clientCredentials(http, app, "scope", "incident_read"));
        assertEquals("incident_read", tokens.path("scope").asText());
        // the token acts as admin but holds only incident_read: the API refuses sys_user for lack of scope
        HttpResponse<String> r = http.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", "Bearer " + tokens.path("access_token").asText());
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
    }

    @Test
    void unknownBearerTokenIsRefusedByTheApi() {
        HttpResponse<String> r = http.get("/api/now/table/sys_user", "Authorization", "Bearer " + "x".repeat(43));
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    }
}
