package gatehouse.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.client.Origins;
import gatehouse.token.FormParameters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ServiceNow's CORS domain rules, web origins, and which paths get CORS. */
class CorsDomainTest {

    @Test
    void domainsFollowServiceNowsRequirements() {
        // the valid and invalid examples of ServiceNow's "CORS domain requirements"
        for (String valid : List.of("http://*.ms.net", "https://*.ms.com", "https://*.com.au", "http://192.168.1.1", "http://*.service-now.com", "http://*.com",
                "http://localhost:5173", "https://app.example.com:8443", "http://[::1]:3000"))
            assertNull(CorsDomain.problem(valid), valid);
        for (String invalid : List.of("https://*com", "http://*..com", "http://192.168.1.*", "http://*.168.1.126", "http://blog.*.service-now.com",
                "*", "*.*", "https://example", "app.example.com", "https://app.example.com/", "https://app.example.com/x", "ftp://app.example.com",
                "https://app.example.com:99999"))
            assertNotNull(CorsDomain.problem(invalid), invalid);
    }

    @Test
    void anExactDomainBeatsAWildcardAndTheLongerWildcardWins() {
        CorsDomain exact = CorsDomain.parse("https://alice.blog.mysite.com");
        CorsDomain blog = CorsDomain.parse("https://*.blog.mysite.com");
        CorsDomain site = CorsDomain.parse("https://*.mysite.com");
        String origin = "https://alice.blog.mysite.com";
        assertTrue(exact.match(origin) > blog.match(origin));
        assertTrue(blog.match(origin) > site.match(origin));
        assertTrue(site.match(origin) >= 0);
        assertEquals(-1, site.match("https://mysite.com"), "a wildcard is for subdomains");
        assertEquals(-1, site.match("https://evilmysite.com"));
        assertEquals(-1, site.match("http://alice.mysite.com"), "the scheme counts");
        assertEquals(-1, site.match("https://alice.mysite.com:8443"), "the port counts");
        assertTrue(CorsDomain.parse("https://app.example.com:443").match("https://app.example.com") >= 0, "the default port is no port");
        assertEquals(-1, CorsDomain.parse("http://localhost:5173").match("http://localhost:5174"));
        assertEquals(-1, site.match("null"));
    }

    @Test
    void originsAreSerializedAsBrowsersSendThem() {
        assertEquals("https://app.example.com", Origins.of("https://App.Example.com:443/callback?x=1"));
        assertEquals("http://127.0.0.1:5173", Origins.of("http://127.0.0.1:5173/cb"));
        assertNull(Origins.of("com.example.app:/callback"), "a native app's redirect has no web origin");
        assertEquals("https://app.example.com", Origins.parse("https://app.example.com"));
        assertNull(Origins.parse("https://app.example.com/"));
        assertNull(Origins.parse("null"));
        assertNull(Origins.parse("https://user@app.example.com"));
        assertNull(Origins.problem("https://app.example.com"));
        assertNotNull(Origins.problem("http://app.example.com"), "https unless on loopback");
        assertNull(Origins.problem("http://localhost:3000"));
        assertNotNull(Origins.problem("https://app.example.com/spa"));
    }

    @Test
    void onlyTheOAuthEndpointsAndTheTableAndAttachmentApisGetCors() {
        assertEquals(CorsResource.Kind.OAUTH, CorsResource.of("/oauth_token.do").kind());
        assertEquals(CorsResource.Kind.OAUTH, CorsResource.of("/oauth_revoke_token.do").kind());
        assertTrue(CorsResource.of("/oauth_userinfo.do").bearer());
        assertEquals(CorsResource.Kind.PUBLIC, CorsResource.of("/api/now/oauth/jwks").kind());
        assertEquals("table", CorsResource.of("/api/now/table/incident").restApi());
        assertEquals("table", CorsResource.of("/api/now/v2/table/incident/abc").restApi());
        assertEquals("table", CorsResource.of("/api/now/incident").restApi());
        assertEquals("attachment", CorsResource.of("/api/now/attachment/abc/file").restApi());
        for (String none : List.of("/oauth_auth.do", "/login.do", "/logout.do", "/admin/applications", "/connected_apps.do", "/api/gatehouse/keys",
                "/api/now/tablex", "/", "/oauth_token.do/x"))
            assertNull(CorsResource.of(none), none);
    }

    @Test
    void theClaimedClientComesFromBasicThenClientIdThenTheAssertionsSubject() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("my%20app:secret".getBytes(StandardCharsets.UTF_8));
        assertEquals("my app", CorsFilter.claimedClient(basic, FormParameters.of(Map.of("client_id", "other"))));
        assertEquals("spa", CorsFilter.claimedClient(null, FormParameters.of(Map.of("client_id", "spa"))));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"signed-app\",\"iss\":\"signed-app\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("signed-app", CorsFilter.claimedClient(null, FormParameters.of(Map.of("client_assertion", "e30." + payload + ".sig"))));
        assertNull(CorsFilter.claimedClient(null, FormParameters.of(Map.of("client_assertion", "garbage"))));
        assertNull(CorsFilter.claimedClient("Basic !!!", null));
        assertNull(CorsFilter.claimedClient(null, null));
        assertTrue(CorsFilter.within(List.of("Authorization", "content-type"), List.of("authorization", "Content-Type")));
        assertTrue(!CorsFilter.within(List.of("x-other"), List.of("Authorization")));
    }
}
