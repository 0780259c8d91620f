package gatehouse.token;

import static gatehouse.token.OAuthAsserts.assertError;
import static gatehouse.token.OAuthAsserts.assertTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.AtOnce;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 9700 §4.8). */
class AuthorizationCodeGrantIT {
    private final ServerProcess server = TestServer.shared();
    private final Http http = Http.to(server);

    @Test
    void aConfidentialClientRedeemsItsCodeForAccessAndRefreshTokens() {
        Apps.App app = Apps.create(http);
        JsonNode tokens = assertTokens(Codes.redeem(http, app, Codes.forAdmin(server, app, "useraccount incident_read")));
        assertEquals(OAuthAsserts.set("useraccount", "incident_read"), OAuthAsserts.scopes(tokens));
        assertTrue(tokens.path("refresh_token").isTextual(), tokens.toString());
        assertEquals(200, Apps.api(http, tokens.path("access_token").asText()), "the token acts as the user who allowed it");
    }

    @Test
    void noRefreshTokenWhenTheApplicationMayNotRefresh() {
        Apps.App app = Apps.create(http, "grant_types", "authorization_code");
        assertFalse(assertTokens(Codes.redeem(http, app, Codes.forAdmin(server, app, "useraccount"))).has("refresh_token"));
    }

    @Test
    void secondRedemptionIsInvalidGrantAndRevokesTheTokensIssuedFromTheCode() {
        Apps.App app = Apps.create(http);
        String code = Codes.forAdmin(server, app, "useraccount");
        JsonNode tokens = assertTokens(Codes.redeem(http, app, code));
        assertEquals(200, Apps.api(http, tokens.path("access_token").asText()));

        assertError(Codes.redeem(http, app, code), 400, "invalid_grant");
        assertEquals(401, Apps.api(http, tokens.path("access_token").asText()), "access token revoked");
        assertError(Codes.refresh(http, app, tokens.path("refresh_token").asText()), 400, "invalid_grant");
    }

    @Test
    void ofConcurrentRedemptionsExactlyOneWins() throws Exception {
        Apps.App app = Apps.create(http);
        String code = Codes.forAdmin(server, app, "useraccount");
        int won = 0;
        for (HttpResponse<String> r : AtOnce.run(6, i -> Codes.redeem(Http.to(server), app, code))) {
            if (r.statusCode() == 200) won++;
            else assertError(r, 400, "invalid_grant");
        }
        assertEquals(1, won);
    }

    @Test
    void aPublicClientRedeemsWithItsPkceVerifierAndNothingElse() {
        String verifier = AuthorizationFlow.newVerifier();
        String code = AuthorizationFlow.obtainCode(server, "demo-public", Codes.PUBLIC_REDIRECT, "incident_read",
                AuthorizationFlow.challenge(verifier), "beth.anglin", "beth.anglin-demo-pw");
        assertError(publicRedeem(code, null), 400, "invalid_grant");
        assertError(publicRedeem(code, AuthorizationFlow.newVerifier()), 400, "invalid_grant");
        assertError(publicRedeem(code, "short"), 400, "invalid_grant");
        JsonNode tokens = assertTokens(publicRedeem(code, verifier));
        assertEquals("incident_read", tokens.path("scope").asText());
        assertTrue(tokens.path("refresh_token").isTextual());
        // refreshing as a public client: client_id alone
        assertTokens(http.postForm("/oauth_token.do", Http.map("grant_type", "refresh_token", "client_id", "demo-public",
                "refresh_token", tokens.path("refresh_token").asText())));
    }

    private HttpResponse<String> publicRedeem(String code, String verifier) {
        var form = Http.map("grant_type", "authorization_code", "code", code, "redirect_uri", Codes.PUBLIC_REDIRECT, "client_id", "demo-public");
        if (verifier != null) form.put("code_verifier", verifier);
        return http.postForm("/oauth_token.do", form);
    }

    @Test
    void aConfidentialClientThatSentAChallengeMustSendTheVerifier() {
        Apps.App app = Apps.create(http);
        String verifier = AuthorizationFlow.newVerifier();
        String code = AuthorizationFlow.obtainCode(server, app.clientId(), Codes.APP_REDIRECT, "useraccount",
                AuthorizationFlow.challenge(verifier), "admin", TestServer.ADMIN_PASSWORD);
        assertError(Codes.redeem(http, app, code), 400, "invalid_grant");
        assertTokens(Codes.redeem(http, app, code, "code_verifier", verifier));
    }

    @Test
    void aVerifierForACodeIssuedWithoutChallengeIsRefused() {
        Apps.App app = Apps.create(http);
        String code = Codes.forAdmin(server, app, "useraccount");
        assertError(Codes.redeem(http, app, code, "code_verifier", AuthorizationFlow.newVerifier()), 400, "invalid_grant");
    }

    @Test
    void aCodeIssuedToAnotherClientIsInvalidGrant() {
        Apps.App owner = Apps.create(http);
        Apps.App thief = Apps.create(http);
        String code = Codes.forAdmin(server, owner, "useraccount");
        assertError(Codes.redeem(http, thief, code), 400, "invalid_grant");
        assertTokens(Codes.redeem(http, owner, code));
    }

    @Test
    void theRedirectUriMustMatchWhenTheAuthorizationRequestSentIt() {
        Apps.App app = Apps.create(http, "redirect_urls", Codes.APP_REDIRECT + ",https://client.example.com/other");
        String code = Codes.forAdmin(server, app, "useraccount");
        assertError(Codes.redeem(http, app, code, "redirect_uri", null), 400, "invalid_grant");
        assertError(Codes.redeem(http, app, code, "redirect_uri", "https://client.example.com/other"), 400, "invalid_grant");
        assertError(Codes.redeem(http, app, code, "redirect_uri", Codes.APP_REDIRECT + "/"), 400, "invalid_grant");
        assertTokens(Codes.redeem(http, app, code));
    }

    @Test
    void unknownCodesAndMissingParametersAreRefused() {
        Apps.App app = Apps.create(http);
        assertError(Codes.redeem(http, app, "not-a-code"), 400, "invalid_grant");
        assertError(Codes.redeem(http, app, "", "code", null), 400, "invalid_request");
    }
}
