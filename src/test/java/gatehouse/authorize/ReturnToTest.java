package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReturnToTest {
    @Test
    void acceptsSameOriginPaths() {
        assertEquals("/oauth_auth.do?client_id=a&state=b", ReturnTo.safe("/oauth_auth.do?client_id=a&state=b"));
        assertEquals("/", ReturnTo.safe("/"));
        assertEquals("/connected_apps.do", ReturnTo.safe("/connected_apps.do"));
    }

    @Test
    void refusesEverythingThatCouldLeaveTheOrigin() {
        for (String evil : new String[] {null, "", "https://evil.example", "//evil.example", "/\\evil.example", "\\/evil.example",
                "/x\\y", "javascript:alert(1)", "evil.example", "/\t/evil.example", "/\n/evil.example", "/ /x", "/é", "/" + "a".repeat(9000)}) {
            assertEquals("/", ReturnTo.safe(evil), String.valueOf(evil));
        }
    }
}
