package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gatehouse.store.Application;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthorizationChecksTest {
    private static final String CB = "https://app.example/cb";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    private static Application app(boolean publicClient) {
        Application a = new Application();
        a.clientId = "c1";
        a.redirectUrls = CB;
        a.grantTypes = "authorization_code\nrefresh_token";
        a.authScopes = "useraccount\nincident_read";
        a.defaultScopes = "incident_read";
        a.publicClient = publicClient;
        return a;
    }

    private static AuthorizationRequest request(String... kv) {
        Map<String, List<String>> p = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) p.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        return new AuthorizationRequest(p);
    }

    private static AuthorizationChecks checks(Application a, boolean stateRequired) {
        return new AuthorizationChecks(id -> id.equals(a.clientId) ? a : null, stateRequired);
    }

    @Test
    void checksRunInTheSafeOrder() {
        assertEquals(List.of("check_client", "check_redirect_uri", "check_state", "check_pushed_request", "check_repeated_parameters",
                        "check_request_object", "check_response_type", "check_scope", "check_pkce", "check_resource", "check_dpop_jkt"),
                checks(app(false), true).checks().stream().map(AuthorizationChecks.Check::name).toList());
    }

    @Test
    void whereParIsRequiredARequestThatWasNotPushedIsRedirectedWithInvalidRequest() {
        String[] kv = {"response_type", "code", "client_id", "c1", "state", "s"};
        Application a = app(false);
        AuthorizationChecks everywhere = new AuthorizationChecks(id -> a, true, true);
        assertEquals("invalid_request", assertThrows(AuthorizationError.class, () -> everywhere.validate(request(kv))).error);
        everywhere.validate(pushed(kv));
        checks(a, true).validate(request(kv));
        a.requirePushedAuthorizationRequests = true;
        AuthorizationError e = assertThrows(AuthorizationError.class, () -> checks(a, true).validate(request(kv)));
        assertEquals("invalid_request", e.error);
        checks(a, true).validate(pushed(kv));
    }

    private static AuthorizationRequest pushed(String... kv) {
        Map<String, List<String>> p = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) p.put(kv[i], List.of(kv[i + 1]));
        return new AuthorizationRequest(p, true);
    }

    @Test
    void dpopJktMustBeAThumbprintAndOnlyForCodes() {
        String jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
        AuthorizationChecks c = checks(app(false), true);
        assertEquals(jkt, c.validate(request("response_type", "code", "client_id", "c1", "state", "s", "dpop_jkt", jkt)).dpopJkt());
        assertNull(c.validate(request("response_type", "code", "client_id", "c1", "state", "s")).dpopJkt());
        assertEquals("invalid_request", assertThrows(AuthorizationError.class,
                () -> c.validate(request("response_type", "code", "client_id", "c1", "state", "s", "dpop_jkt", "short"))).error);
    }

    @Test
    void validRequestGetsDefaultScopesAndNoChallenge() {
        AuthorizationRequest r = checks(app(false), true).validate(request("response_type", "code", "client_id", "c1", "state", "s"));
        assertEquals(CB, r.redirectUri());
        assertEquals(false, r.redirectUriSent());
        assertEquals(List.of("incident_read"), r.scopes());
        assertNull(r.codeChallenge());
    }

    @Test
    void scopesAreSortedAndDeduplicated() {
        AuthorizationRequest r = checks(app(true), true).validate(request("response_type", "code", "client_id", "c1", "state", "s",
                "redirect_uri", CB, "scope", "useraccount  incident_read useraccount", "code_challenge", CHALLENGE, "code_challenge_method", "S256"));
        assertEquals(List.of("incident_read", "useraccount"), r.scopes());
        assertEquals(CHALLENGE, r.codeChallenge());
        assertEquals(true, r.redirectUriSent());
    }

    @Test
    void unsafeErrorsComeBeforeEverythingElse() {
        AuthorizationChecks c = checks(app(false), true);
        assertThrows(UnsafeRequestError.class, () -> c.validate(request("response_type", "x", "client_id", "nope", "state", "s")));
        assertThrows(UnsafeRequestError.class, () -> c.validate(request("response_type", "x", "client_id", "c1", "redirect_uri", CB + "x")));
        UnsafeRequestError e = assertThrows(UnsafeRequestError.class, () -> c.validate(request("response_type", "x", "client_id", "c1", "scope", "bad")));
        assertEquals("Missing State parameter in request", e.getMessage());
        Application inactive = app(false);
        inactive.active = false;
        assertThrows(UnsafeRequestError.class, () -> checks(inactive, true).validate(request("response_type", "code", "client_id", "c1", "state", "s")));
    }

    @Test
    void laterErrorsAreRedirectable() {
        AuthorizationChecks c = checks(app(true), true);
        assertEquals("invalid_request", assertThrows(AuthorizationError.class,
                () -> c.validate(request("response_type", "code", "client_id", "c1", "state", "s"))).error);
        assertEquals("invalid_request", assertThrows(AuthorizationError.class, () -> c.validate(request("response_type", "code",
                "client_id", "c1", "state", "s", "code_challenge", CHALLENGE, "code_challenge_method", "plain"))).error);
        assertEquals("invalid_scope", assertThrows(AuthorizationError.class, () -> c.validate(request("response_type", "code",
                "client_id", "c1", "state", "s", "scope", "incident_write", "code_challenge", CHALLENGE, "code_challenge_method", "S256"))).error);
        assertEquals("unauthorized_client", assertThrows(AuthorizationError.class,
                () -> c.validate(request("response_type", "token", "client_id", "c1", "state", "s"))).error);
        assertEquals("invalid_request", assertThrows(AuthorizationError.class,
                () -> c.validate(request("response_type", "code", "client_id", "c1", "state", "s", "scope", "a", "scope", "b"))).error);
    }
}
