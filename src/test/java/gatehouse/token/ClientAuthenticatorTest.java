package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    private static Application app(String clientId, String secret, boolean publicClient, boolean active) {
        Application a = new Application();
        a.clientId = clientId;
        a.clientSecretHash = secret == null ? null : Secrets.sha256(secret);
        a.publicClient = publicClient;
        a.active = active;
        return a;
    }

    private final Map<String, Application> apps = Map.of(
            "conf", app("conf", "s3cret-s3cret-s3cret-s3cret", false, true),
            "pub", app("pub", null, true, true),
            "off", app("off", "s3cret-s3cret-s3cret-s3cret", false, false),
            "a:b", app("a:b", "p%w:d", false, true));
    private final ClientAuthenticator auth = new ClientAuthenticator(apps::get, ClientAssertionVerifier.UNSUPPORTED);

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static FormParameters form(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return FormParameters.of(m);
    }

    private void refused(String code, String authorization, FormParameters form) {
        assertEquals(code, assertThrows(OAuthError.class, () -> auth.authenticate(authorization, form)).code);
    }

    @Test
    void eachMethod() {
        assertEquals("client_secret_basic", auth.authenticate(basic("conf", "s3cret-s3cret-s3cret-s3cret"), form()).method());
        assertEquals("client_secret_post", auth.authenticate(null, form("client_id", "conf", "client_secret", "s3cret-s3cret-s3cret-s3cret")).method());
        assertEquals("none", auth.authenticate(null, form("client_id", "pub")).method());
        // RFC 6749 §2.3.1: the Basic user and password are form-urlencoded before encoding
        assertEquals("a:b", auth.authenticate(basic("a%3Ab", "p%25w%3Ad"), form()).clientId());
    }

    @Test
    void refusals() {
        refused("invalid_client", basic("conf", "wrong"), form());
        refused("invalid_client", basic("nobody", "x"), form());
        refused("invalid_client", basic("off", "s3cret-s3cret-s3cret-s3cret"), form());
        refused("invalid_client", null, form("client_id", "conf"));
        refused("invalid_client", null, form("client_id", "pub", "client_secret", "anything"));
        refused("invalid_client", null, form());
        refused("invalid_client", "Digest x", form("client_id", "pub"));
        refused("invalid_request", basic("conf", "s3cret-s3cret-s3cret-s3cret"), form("client_secret", "s3cret-s3cret-s3cret-s3cret"));
        refused("invalid_request", basic("conf", "s3cret-s3cret-s3cret-s3cret"), form("client_id", "pub"));
        refused("invalid_client", null, form("client_assertion_type", ClientAssertionVerifier.JWT_BEARER_TYPE, "client_assertion", "x.y.z"));
    }
}
