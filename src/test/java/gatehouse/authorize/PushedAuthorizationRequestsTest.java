package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushedAuthorizationRequestsTest {
    @Test
    void storedParametersComeBackAsPushed() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", "c1");
        p.put("redirect_uri", "https://app.example/cb?a=1&b=2");
        p.put("scope", "openid useraccount");
        p.put("state", "ä=&+ %");
        p.put("nonce", "");
        String encoded = PushedAuthorizationRequests.encode(p);
        Map<String, List<String>> back = PushedAuthorizationRequests.decode(encoded);
        assertEquals(p.keySet(), back.keySet());
        p.forEach((k, v) -> assertEquals(List.of(v), back.get(k), k));
    }
}
