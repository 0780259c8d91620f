package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushedAuthorizationRequestsTest {
    @Test
    void storedParametersComeBackAsPushed() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("client_id", List.of("c1"));
        p.put("redirect_uri", List.of("https://app.example/cb?a=1&b=2"));
        p.put("scope", List.of("openid useraccount"));
        p.put("state", List.of("ä=&+ %"));
        p.put("nonce", List.of(""));
        p.put("resource", List.of("https://api.example/a", "https://api.example/b?x=1&y=2"));   // RFC 8707: repeatable
        String encoded = PushedAuthorizationRequests.encode(p);
        assertEquals(p, PushedAuthorizationRequests.decode(encoded));
    }
}
