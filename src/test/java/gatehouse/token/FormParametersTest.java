package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormParametersTest {
    private static FormParameters read(String contentType, String body, String query) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return FormParameters.read("POST", contentType, b.length, new ByteArrayInputStream(b), query);
    }

    private static void refused(String contentType, String body, String query) {
        OAuthError e = assertThrows(OAuthError.class, () -> read(contentType, body, query));
        assertEquals("invalid_request", e.code);
    }

    @Test
    void decodesTheBody() throws Exception {
        FormParameters p = read("application/x-www-form-urlencoded; charset=UTF-8", "grant_type=client_credentials&scope=a+b&x=%C3%A9&empty=", null);
        assertEquals("client_credentials", p.get("grant_type"));
        assertEquals("a b", p.get("scope"));
        assertEquals("é", p.get("x"));
        assertNull(p.get("empty"), "an empty value is absent (RFC 6749 §3.1)");
        assertEquals("x", read("application/x-www-form-urlencoded", "a=x", "foo=bar").get("a"), "harmless query parameters are ignored");
    }

    @Test
    void refusesWhatRfc6749Forbids() {
        refused("application/x-www-form-urlencoded", "a=1&a=2", null);
        refused("application/x-www-form-urlencoded", "a=1", "client_secret=s");
        refused("application/x-www-form-urlencoded", "a=1", "code=c");
        refused("application/json", "{}", null);
        refused(null, "a=1", null);
        refused("application/x-www-form-urlencoded", "a=%zz", null);
        refused("application/x-www-form-urlencoded", "a=%C3", null);
        refused("application/x-www-form-urlencoded", "a=" + "x".repeat(FormParameters.MAX_BODY), null);
        assertThrows(OAuthError.class, () -> FormParameters.read("GET", null, -1, new ByteArrayInputStream(new byte[0]), "grant_type=x"));
    }
}
