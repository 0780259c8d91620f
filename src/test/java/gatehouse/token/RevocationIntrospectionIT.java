package gatehouse.token;

import static gatehouse.token.OAuthAsserts.assertError;
import static gatehouse.token.OAuthAsserts.assertTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** RFC 7009 revocation and RFC 7662 introspection. */
class RevocationIntrospectionIT {
    private final Http http = Http.to(TestServer.shared());

    private HttpResponse<String> introspect(String authorization, String token) {
        return http.postForm("/oauth_introspect.do", Http.map("token", token), "Authorization", authorization);
    }

    private HttpResponse<String> revoke(Apps.App app, String token) {
        return http.postForm("/oauth_revoke_token.do", Http.map("token", token), "Authorization", app.basic());
    }

    @Test
    void introspectionMatchesRealityBeforeAndAfterRevocation() {
        for (String format : new String[] {"opaque", "jwt"}) {
            Apps.App app = Apps.create(http, "token_format", format);
            JsonNode tokens = assertTokens(Apps.clientCredentials(http, app, "scope", "useraccount"));
            String token = tokens.path("access_token").asText();

            HttpResponse<String> live = introspect(app.basic(), token);
            assertEquals(200, live.statusCode(), live.body());
            assertEquals("no-store", live.headers().firstValue("Cache-Control").orElse(null));
            JsonNode info = Http.body(live);
            assertTrue(info.path("active").asBoolean(), info.toString());
            assertEquals("useraccount", info.path("scope").asText());
            assertEquals(app.clientId(), info.path("client_id").asText());
            assertEquals("admin", info.path("username").asText());
            assertTrue(info.path("sub").asText().matches("[0-9a-f]{32}"));
            assertEquals("Bearer", info.path("token_type").asText());
            assertEquals(1800, info.path("exp").asLong() - info.path("iat").asLong());
            assertEquals(200, Apps.api(http, token));

            HttpResponse<String> revoked = revoke(app, token);
            assertEquals(200, revoked.statusCode(), revoked.body());
            assertEquals("{\"active\":false}", introspect(app.basic(), token).body(), format);
            assertEquals(401, Apps.api(http, token), format + ": a revoked token is refused at once");
        }
    }

    @Test
    void aClientMayOnlyRevokeItsOwnTokens() {
        Apps.App owner = Apps.create(http);
        Apps.App other = Apps.create(http);
        String token = assertTokens(Apps.clientCredentials(http, owner)).path("access_token").asText();
        assertEquals(200, revoke(other, token).statusCode(), "RFC 7009 §2.2: no hint whether the token exists");
        assertEquals(200, Apps.api(http, token), "still valid");
        assertEquals("{\"active\":false}", introspect(other.basic(), token).body(), "nor may another client introspect it");
        assertTrue(Http.body(introspect(owner.basic(), token)).path("active").asBoolean());
    }

    @Test
    void unknownTokensAnswer200() {
        assertEquals(200, revoke(Apps.demo(), "no-such-token").statusCode());
        assertEquals("{\"active\":false}", introspect(Apps.demo().basic(), "no-such-token").body());
    }

    @Test
    void revocationNeedsClientAuthentication() {
        String token = assertTokens(Apps.clientCredentials(http, Apps.demo())).path("access_token").asText();
        assertError(http.postForm("/oauth_revoke_token.do", Http.map("token", token), "Authorization", Http.basic(Apps.DEMO, "wrong")),
                401, "invalid_client");
        assertError(http.postForm("/oauth_revoke_token.do", Http.map("token", token)), 401, "invalid_client");
        assertError(http.postForm("/oauth_revoke_token.do", Http.map("token_type_hint", "access_token"), "Authorization",
                Apps.demo().basic()), 400, "invalid_request");
        // issue 14: GET is a method the endpoint does not implement: 405 with Allow (it was 400), still RFC 6749 JSON
        assertError(http.get("/oauth_revoke_token.do?token=" + token), 405, "invalid_request");
        assertTrue(Http.body(introspect(Apps.demo().basic(), token)).path("active").asBoolean(), "nothing was revoked");
    }

    @Test
    void adminsMayIntrospectEveryTokenOtherUsersMayNot() {
        String token = assertTokens(Apps.clientCredentials(http, Apps.create(http))).path("access_token").asText();
        JsonNode asAdmin = Http.body(introspect(Http.adminBasic(), token));
        assertTrue(asAdmin.path("active").asBoolean(), asAdmin.toString());
        assertError(introspect(Http.basic("beth.anglin", "beth.anglin-demo-pw"), token), 403, "access_denied");
        assertError(http.postForm("/oauth_introspect.do", Http.map("token", token, "client_id", "demo-public")), 401, "invalid_client");
        assertError(http.postForm("/oauth_introspect.do", Http.map("token", token)), 401, "invalid_client");
        assertFalse(introspect(Http.adminBasic(), token).body().contains("error"));
    }
}
