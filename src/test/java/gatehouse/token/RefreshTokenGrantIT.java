package gatehouse.token;

import static gatehouse.token.OAuthAsserts.assertError;
import static gatehouse.token.OAuthAsserts.assertTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AtOnce;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** grant_type=refresh_token (RFC 6749 §6) with rotation and reuse detection (RFC 9700 §4.14.2). */
class RefreshTokenGrantIT {
    private final ServerProcess server = TestServer.shared();
    private final Http http = Http.to(server);

    private JsonNode start(Apps.App app, String scope) {
        return assertTokens(Codes.redeem(http, app, Codes.forAdmin(server, app, scope)));
    }

    @Test
    void aRefreshTokenRotatesAndItsReuseRevokesTheWholeGrant() {
        Apps.App app = Apps.create(http);
        JsonNode first = start(app, "useraccount");
        JsonNode second = assertTokens(Codes.refresh(http, app, first.path("refresh_token").asText()));
        assertNotEquals(first.path("refresh_token").asText(), second.path("refresh_token").asText(), "rotated");
        assertEquals("useraccount", second.path("scope").asText());
        assertEquals(200, Apps.api(http, second.path("access_token").asText()));

        assertError(Codes.refresh(http, app, first.path("refresh_token").asText()), 400, "invalid_grant");
        assertEquals(401, Apps.api(http, second.path("access_token").asText()), "the grant is revoked");
        assertEquals(401, Apps.api(http, first.path("access_token").asText()));
        assertError(Codes.refresh(http, app, second.path("refresh_token").asText()), 400, "invalid_grant");
    }

    @Test
    void aNarrowerScopeMayBeAskedNeverABroaderOne() {
        Apps.App app = Apps.create(http);
        JsonNode first = start(app, "useraccount incident_read");
        assertError(Codes.refresh(http, app, first.path("refresh_token").asText(), "scope", "incident_write"), 400, "invalid_scope");
        JsonNode narrow = assertTokens(Codes.refresh(http, app, first.path("refresh_token").asText(), "scope", "incident_read"));
        assertEquals("incident_read", narrow.path("scope").asText());
        JsonNode again = assertTokens(Codes.refresh(http, app, narrow.path("refresh_token").asText()));
        assertEquals(OAuthAsserts.set("useraccount", "incident_read"), OAuthAsserts.scopes(again), "the refresh token keeps the grant's scope");
    }

    @Test
    void aRefreshTokenIsBoundToItsClient() {
        Apps.App owner = Apps.create(http);
        Apps.App other = Apps.create(http);
        JsonNode tokens = start(owner, "useraccount");
        assertError(Codes.refresh(http, other, tokens.path("refresh_token").asText()), 400, "invalid_grant");
        assertTokens(Codes.refresh(http, owner, tokens.path("refresh_token").asText()));
    }

    @Test
    void ofConcurrentRefreshesExactlyOneWins() throws Exception {
        Apps.App app = Apps.create(http);
        String refresh = start(app, "useraccount").path("refresh_token").asText();
        int won = 0;
        for (HttpResponse<String> r : AtOnce.run(6, i -> Codes.refresh(Http.to(server), app, refresh))) {
            if (r.statusCode() == 200) won++;
            else assertError(r, 400, "invalid_grant");
        }
        assertEquals(1, won);
    }

    @Test
    void revokingARefreshTokenRevokesItsGrantsAccessTokens() {
        Apps.App app = Apps.create(http);
        JsonNode tokens = start(app, "useraccount");
        assertEquals(200, Apps.api(http, tokens.path("access_token").asText()));
        HttpResponse<String> r = http.postForm("/oauth_revoke_token.do", Http.map("token", tokens.path("refresh_token").asText(),
                "token_type_hint", "refresh_token"), "Authorization", app.basic());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(401, Apps.api(http, tokens.path("access_token").asText()));
        assertError(Codes.refresh(http, app, tokens.path("refresh_token").asText()), 400, "invalid_grant");
        assertEquals("{\"active\":false}", http.postForm("/oauth_introspect.do", Http.map("token", tokens.path("refresh_token").asText()),
                "Authorization", app.basic()).body());
    }

    @Test
    void anAccessTokenIsNotARefreshToken() {
        Apps.App app = Apps.create(http);
        JsonNode tokens = start(app, "useraccount");
        assertError(Codes.refresh(http, app, tokens.path("access_token").asText()), 400, "invalid_grant");
    }
}
