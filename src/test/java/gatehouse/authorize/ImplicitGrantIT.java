package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 6749 §4.2: response_type=token, off unless the application lists implicit. */
class ImplicitGrantIT {
    private final ServerProcess server = TestServer.shared();

    private static Map<String, String> fragment(String location) {
        int hash = location.indexOf('#');
        assertTrue(hash > 0, "the answer travels in the fragment: " + location);
        return AuthorizationFlow.query("https://fragment.invalid/?" + location.substring(hash + 1));
    }

    private static String url(String clientId, String redirect, String state) {
        return AuthorizationFlow.authorizeUrl(clientId, redirect, "incident_read", state, null).replace("response_type=code", "response_type=token");
    }

    @Test
    void allowPutsAShortLivedAccessTokenInTheFragmentAndNoRefreshToken() {
        String redirect = "https://spa.example/cb";
        Fixtures.TestApp app = Fixtures.app(server, List.of(redirect), "grant_types", List.of("implicit"), "public_client", true,
                "access_token_lifespan", 3600);
        Http browser = Http.browser(server);
        String location = AuthorizationFlow.authorize(browser, url(app.clientId(), redirect, "imp-1"), "beth.anglin", "beth.anglin-demo-pw", true);
        assertTrue(location.startsWith(redirect + "#"), location);
        assertFalse(location.contains("?"), "nothing in the query: " + location);
        Map<String, String> f = fragment(location);
        assertEquals("Bearer", f.get("token_type"));
        assertEquals("900", f.get("expires_in"), "implicit tokens are short-lived");
        assertEquals("incident_read", f.get("scope"));
        assertEquals("imp-1", f.get("state"));
        assertEquals(server.baseUrl(), f.get("iss"));
        assertFalse(f.containsKey("refresh_token"));
        assertFalse(f.containsKey("code"));

        JsonNode intro = Http.body(Http.to(server).postForm("/oauth_introspect.do", Http.map("token", f.get("access_token")),
                "Authorization", Http.adminBasic()));
        assertTrue(intro.path("active").asBoolean(), intro.toString());
        assertEquals("beth.anglin", intro.path("username").asText());

        // the consent is remembered: the next request answers at once, again in the fragment
        String again = AuthorizationFlow.authorize(browser, url(app.clientId(), redirect, "imp-2"), "beth.anglin", "beth.anglin-demo-pw", true);
        assertEquals("imp-2", fragment(again).get("state"));
        assertTrue(fragment(again).containsKey("access_token"));
    }

    @Test
    void denyAndErrorsTravelInTheFragment() {
        String redirect = "https://spa2.example/cb";
        Fixtures.TestApp app = Fixtures.app(server, List.of(redirect), "grant_types", List.of("implicit"));
        Http browser = Http.browser(server);
        String denied = AuthorizationFlow.authorize(browser, url(app.clientId(), redirect, "d-1"), "abel.tuter", "abel.tuter-demo-pw", false);
        assertEquals("access_denied", fragment(denied).get("error"));
        assertEquals("d-1", fragment(denied).get("state"));
        String badScope = browser.get(url(app.clientId(), redirect, "d-2").replace("incident_read", "not_a_scope"))
                .headers().firstValue("Location").orElseThrow();
        assertEquals("invalid_scope", fragment(badScope).get("error"));
        Map<String, String> pkce = new LinkedHashMap<>(Map.of("code_challenge", AuthorizationFlow.challenge(AuthorizationFlow.newVerifier()),
                "code_challenge_method", "S256"));
        String withPkce = browser.get(url(app.clientId(), redirect, "d-3") + "&" + Http.form(pkce)).headers().firstValue("Location").orElseThrow();
        assertEquals("invalid_request", fragment(withPkce).get("error"));
    }
}
