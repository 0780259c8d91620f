package gatehouse.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import java.net.http.HttpResponse;

/** Assertions on RFC 6749 §5.1/§5.2 responses. */
final class OAuthAsserts {
    private OAuthAsserts() { }

    /** An RFC 6749 §5.2 error: status, JSON body with error (and a description), no-store. */
    static JsonNode assertError(HttpResponse<String> r, int status, String error) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), "JSON, not HTML: " + r.body());
        JsonNode body = Http.body(r);
        assertEquals(error, body.path("error").asText(), r.body());
        assertTrue(body.path("error_description").isTextual(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        if (status == 401) assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), "401 carries a Basic challenge");
        return body;
    }

    /** The scopes of a response's space-delimited scope, as a set (RFC 6749 §3.3: order does not matter). */
    static java.util.Set<String> scopes(JsonNode tokens) {
        return new java.util.TreeSet<>(java.util.Arrays.asList(tokens.path("scope").asText().split(" ")));
    }

    static java.util.Set<String> set(String... scopes) {
        return new java.util.TreeSet<>(java.util.Arrays.asList(scopes));
    }

    /** An RFC 6749 §5.1 success with a bearer token. */
    static JsonNode assertTokens(HttpResponse<String> r) {
        return assertTokens(r, "Bearer");
    }

    /** An RFC 6749 §5.1 success with this token_type ({@code Bearer}, or {@code DPoP}: RFC 9449 §5.1). */
    static JsonNode assertTokens(HttpResponse<String> r, String tokenType) {
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-cache", r.headers().firstValue("Pragma").orElse(null));
        JsonNode body = Http.body(r);
        assertTrue(body.path("access_token").isTextual(), r.body());
        assertEquals(tokenType, body.path("token_type").asText(), r.body());
        assertTrue(body.path("expires_in").isIntegralNumber(), r.body());
        assertTrue(body.path("scope").isTextual(), r.body());
        return body;
    }
}
