package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gatehouse.client.ResourceUris;
import gatehouse.store.Application;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8707 rules without a container: what a resource may be, what an application may name, downscoping (§2.2). */
class ResourceIndicatorsTest {
    private static Application app(String... resources) {
        Application a = new Application();
        a.resources = String.join("\n", resources);
        return a;
    }

    @Test
    void aResourceIsAnAbsoluteUriWithoutFragment() {
        for (String ok : List.of("https://api.example.com/", "https://api.example.com/v1?x=1", "urn:example:api", "http://127.0.0.1:8080/api"))
            assertNull(ResourceUris.problem(ok), ok);
        for (String bad : List.of("", "/relative", "api.example.com", "https://api.example.com/#f", "https://api.example.com/#",
                "https://u:p@api.example.com/", "https:///x", "https://" + "a".repeat(300) + ".example/"))
            assertNotNull(ResourceUris.problem(bad), bad);
    }

    @Test
    void anApplicationMayNameOnlyItsOwnResourcesAndAtMostTwenty() {
        Application a = app("https://one.example/", "urn:two");
        assertEquals(List.of("https://one.example/", "urn:two"), ResourceIndicators.requested(List.of("https://one.example/", "urn:two", "urn:two"), a));
        OAuthError e = assertThrows(OAuthError.class, () -> ResourceIndicators.requested(List.of("https://three.example/"), a));
        assertEquals("invalid_target", e.code);
        assertEquals(400, e.status);
        assertEquals("invalid_target", assertThrows(OAuthError.class,
                () -> ResourceIndicators.requested(Collections.nCopies(21, "urn:two"), a)).code);
        assertEquals("invalid_target", assertThrows(OAuthError.class, () -> ResourceIndicators.requested(List.of(""), a)).code);
        assertEquals(List.of(), ResourceIndicators.requested(List.of(), app()));
    }

    @Test
    void aTokenOfAGrantMayNameOnlyWhatTheAuthorizationNamed() {
        Application a = app("https://one.example/", "urn:two", "urn:three");
        String granted = "https://one.example/\nurn:two";
        assertEquals(List.of("https://one.example/", "urn:two"), ResourceIndicators.withinGrant(List.of(), granted, a));
        assertEquals(List.of("urn:two"), ResourceIndicators.withinGrant(List.of("urn:two"), granted, a));
        assertEquals("invalid_target", assertThrows(OAuthError.class, () -> ResourceIndicators.withinGrant(List.of("urn:three"), granted, a)).code);
        assertEquals("invalid_target", assertThrows(OAuthError.class, () -> ResourceIndicators.withinGrant(List.of("urn:two"), null, a)).code,
                "an authorization that named none grants none");
        assertEquals(List.of(), ResourceIndicators.withinGrant(List.of(), null, a));
        Application narrowed = app("urn:three");
        assertEquals("invalid_target", assertThrows(OAuthError.class, () -> ResourceIndicators.withinGrant(List.of(), granted, narrowed)).code,
                "the application no longer lists any of the grant's resources");
        assertEquals(List.of("urn:two"), ResourceIndicators.withinGrant(List.of(), granted, app("urn:two")));
    }

    @Test
    void gatehousesApiAcceptsTheDefaultAudienceTheIssuerOrItsApiBaseUrl() {
        String iss = "https://gatehouse.example";
        assertEquals(true, AccessTokens.forGatehouseApi(null, iss));
        assertEquals(true, AccessTokens.forGatehouseApi("https://one.example/\nhttps://gatehouse.example/api", iss));
        assertEquals(true, AccessTokens.forGatehouseApi(iss, iss));
        assertEquals(false, AccessTokens.forGatehouseApi("https://one.example/", iss));
        assertEquals(false, AccessTokens.forGatehouseApi("https://gatehouse.example/api/now", iss));
        assertEquals(false, AccessTokens.forGatehouseApi("https://gatehouse.example.evil/api", iss));
    }
}
