package gatehouse.idtoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.client.ClientKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of OIDC providers that need no server: metadata URLs, the algorithm allow-list, key choice, iss. */
class OidcProviderRulesTest {

    @Test
    void metadataUrlMustBeHttpsWithAHost() {
        assertNull(OidcProviders.urlProblem("https://login.example.com/.well-known/openid-configuration", false));
        assertNotNull(OidcProviders.urlProblem("http://login.example.com/.well-known/openid-configuration", false));
        assertNotNull(OidcProviders.urlProblem("ftp://login.example.com/x", false));
        assertNotNull(OidcProviders.urlProblem("https:///x", false));
        assertNotNull(OidcProviders.urlProblem("/.well-known/openid-configuration", false));
        assertNotNull(OidcProviders.urlProblem("not a url", false));
        assertNotNull(OidcProviders.urlProblem("https://user:pw@login.example.com/x", false));
        assertNotNull(OidcProviders.urlProblem("https://login.example.com/x#f", false));
    }

    @Test
    void httpOnLoopbackOnlyWhenTheSettingAllowsIt() {
        assertNotNull(OidcProviders.urlProblem("http://127.0.0.1:8080/realms/r/.well-known/openid-configuration", false));
        assertNull(OidcProviders.urlProblem("http://127.0.0.1:8080/realms/r/.well-known/openid-configuration", true));
        assertNull(OidcProviders.urlProblem("http://[::1]:8080/x", true));
        assertNotNull(OidcProviders.urlProblem("http://localhost.example.com/x", true));
        assertNotNull(OidcProviders.urlProblem("http://10.0.0.1/x", true));
    }

    @Test
    void claimNamesAreJsonMemberNamesWithoutSpaces() {
        assertTrue(OidcProviders.CLAIM.matcher("preferred_username").matches());
        assertTrue(OidcProviders.CLAIM.matcher("https:ns.example").matches());
        assertTrue(!OidcProviders.CLAIM.matcher("user name").matches());
        assertTrue(!OidcProviders.CLAIM.matcher("").matches());
    }

    @Test
    void onlyAsymmetricAlgorithmsWithAMatchingKey() throws Exception {
        PublicKey rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();
        PublicKey ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        List<ClientKeys.ClientKey> keys = List.of(new ClientKeys.ClientKey("r1", "RS256", rsa), new ClientKeys.ClientKey("e1", null, ec));
        assertSame(rsa, ExternalIdTokens.pick("RS256", "r1", keys));
        assertSame(ec, ExternalIdTokens.pick("ES256", "e1", keys));
        assertSame(rsa, ExternalIdTokens.pick("RS256", null, keys));
        for (String refused : List.of("none", "HS256", "HS384", "HS512", "", "rs256"))
            assertThrows(ExternalIdTokens.Refused.class, () -> ExternalIdTokens.pick(refused, "r1", keys), refused);
        assertThrows(RuntimeException.class, () -> ExternalIdTokens.pick("RS256", "unknown", keys));
        assertThrows(RuntimeException.class, () -> ExternalIdTokens.pick("ES256", "r1", keys));   // an RSA key never verifies ES256
        assertThrows(RuntimeException.class, () -> ExternalIdTokens.pick("RS384", "r1", keys));   // the key says RS256
    }

    @Test
    void issuerIsReadOnlyFromACompactJws() {
        String payload = b64("{\"iss\":\"https://idp.example\",\"sub\":\"x\"}");
        assertEquals("https://idp.example", ExternalIdTokens.unverifiedIssuer(b64("{\"alg\":\"RS256\"}") + "." + payload + ".sig"));
        assertNull(ExternalIdTokens.unverifiedIssuer("opaque-token"));
        assertNull(ExternalIdTokens.unverifiedIssuer("a.b"));
        assertNull(ExternalIdTokens.unverifiedIssuer("a." + payload + ".c.d.e"));
        assertNull(ExternalIdTokens.unverifiedIssuer("a." + b64("{\"iss\":42}") + ".c"));
        assertNull(ExternalIdTokens.unverifiedIssuer("a." + b64("[1]") + ".c"));
        assertNull(ExternalIdTokens.unverifiedIssuer("a.%%%.c"));
    }

    @Test
    void theUnverifiedAudienceIsAStringOrAnArrayOfStrings() {
        String h = b64("{\"alg\":\"RS256\"}") + ".";
        assertEquals(java.util.Set.of("a"), ExternalIdTokens.unverified(h + b64("{\"iss\":\"i\",\"aud\":\"a\"}") + ".s").audience());
        assertEquals(java.util.Set.of("a", "b"), ExternalIdTokens.unverified(h + b64("{\"iss\":\"i\",\"aud\":[\"a\",\"b\",3]}") + ".s").audience());
        assertEquals(java.util.Set.of(), ExternalIdTokens.unverified(h + b64("{\"iss\":\"i\",\"aud\":42}") + ".s").audience());
        assertEquals(java.util.Set.of(), ExternalIdTokens.unverified(h + b64("{\"iss\":\"i\"}") + ".s").audience());
    }

    @Test
    void aWellKnownMetadataUrlServesOnlyItsOwnIssuer() {
        String url = "https://idp.example/realms/r/.well-known/openid-configuration";
        assertTrue(ProviderDocuments.mayBeIssuer(url, "https://idp.example/realms/r"));
        assertTrue(!ProviderDocuments.mayBeIssuer(url, "https://idp.example/realms/other"));
        assertTrue(!ProviderDocuments.mayBeIssuer(url, "https://idp.example/realms/r/"));
        assertTrue(ProviderDocuments.mayBeIssuer("https://idp.example/metadata.json", "https://anything.example"));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
