package gatehouse.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.authorize.AuthorizationChecks;
import gatehouse.authorize.AuthorizationError;
import gatehouse.authorize.AuthorizationRequest;
import gatehouse.store.Application;
import gatehouse.store.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The OpenID Connect parameters of an authorization request and the log-in they ask for (Core §3.1.2.1, §3.1.2.3). */
class OpenIdRequestTest {
    private static final long NOW = 1_800_000_000_000L;
    private final User user = new User();

    OpenIdRequestTest() {
        user.sysId = "u1";
    }

    private static Optional<OpenIdRequest> parse(String scope, String... extra) {
        Application app = new Application();
        app.clientId = "rp";
        app.redirectUrls = "https://rp.example.com/cb";
        app.grantTypes = "authorization_code";
        app.authScopes = "openid\nprofile\nincident_read";
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("response_type", List.of("code"));
        p.put("client_id", List.of("rp"));
        p.put("state", List.of("s"));
        p.put("scope", List.of(scope));
        for (int i = 0; i < extra.length; i += 2) p.put(extra[i], List.of(extra[i + 1]));
        AuthorizationRequest r = new AuthorizationChecks(id -> "rp".equals(id) ? app : null, true).validate(new AuthorizationRequest(p));
        return OpenIdRequest.parse(r);
    }

    private static String error(Runnable r) {
        return assertThrows(AuthorizationError.class, r::run).error;
    }

    @Test
    void requestsWithoutOpenidAreNotOpenIdConnectRequests() {
        assertTrue(parse("incident_read", "prompt", "bogus", "claims", "{}").isEmpty());
    }

    @Test
    void malformedOrUnsupportedParametersAreRefused() {
        assertEquals("invalid_request", error(() -> parse("openid", "prompt", "none login")));
        assertEquals("invalid_request", error(() -> parse("openid", "prompt", "sometimes")));
        assertEquals("invalid_request", error(() -> parse("openid", "max_age", "-5")));
        assertEquals("invalid_request", error(() -> parse("openid", "claims", "{\"id_token\":{}}")));
        assertEquals("registration_not_supported", error(() -> parse("openid", "registration", "{}")));
        assertEquals("invalid_request", error(() -> parse("openid", "nonce", "n".repeat(501))));
    }

    @Test
    void noSessionMeansLoginOrLoginRequiredWithPromptNone() {
        assertTrue(parse("openid").orElseThrow().needsLogin(Optional.empty(), 0, null, NOW));
        OpenIdRequest none = parse("openid", "prompt", "none").orElseThrow();
        assertEquals("login_required", error(() -> none.needsLogin(Optional.empty(), 0, null, NOW)));
    }

    @Test
    void maxAgeAndPromptLoginAreSatisfiedOnlyByALoginAfterTheRequest() {
        OpenIdRequest maxAge = parse("openid", "max_age", "60").orElseThrow();
        assertFalse(maxAge.needsLogin(Optional.of(user), NOW - 59_000, null, NOW));
        assertTrue(maxAge.needsLogin(Optional.of(user), NOW - 61_000, null, NOW));
        OpenIdRequest zero = parse("openid", "max_age", "0", "prompt", "none").orElseThrow();
        assertEquals("login_required", error(() -> zero.needsLogin(Optional.of(user), NOW - 1000, null, NOW)));
        OpenIdRequest login = parse("openid", "prompt", "login").orElseThrow();
        assertTrue(login.needsLogin(Optional.of(user), NOW, null, NOW));
        OpenIdRequest back = parse("openid", "prompt", "login", OpenIdRequest.LOGIN_AFTER, String.valueOf(NOW - 5000)).orElseThrow();
        assertFalse(back.needsLogin(Optional.of(user), NOW - 4000, null, NOW), "logged in after being sent to log in");
        assertTrue(back.needsLogin(Optional.of(user), NOW - 6000, null, NOW), "a session older than the request");
        assertTrue(parse("openid", "prompt", "consent").orElseThrow().mustAskConsent());
    }

    @Test
    void theAddressToComeBackToCarriesOneNewMarker() {
        assertEquals("a=1&b=2&" + OpenIdRequest.LOGIN_AFTER + "=7",
                OpenIdRequest.queryForLogin("a=1&" + OpenIdRequest.LOGIN_AFTER + "=3&b=2", 7));
        assertEquals(OpenIdRequest.LOGIN_AFTER + "=7", OpenIdRequest.queryForLogin(null, 7));
    }
}
