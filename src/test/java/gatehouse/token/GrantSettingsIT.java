package gatehouse.token;

import static gatehouse.token.OAuthAsserts.assertError;
import static gatehouse.token.OAuthAsserts.assertTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server with gatehouse.code.lifespan=3 and gatehouse.refresh.grace=60: expired codes; reuse within the grace. */
class GrantSettingsIT {

    @Test
    void expiredCodesAreRefusedAndReuseWithinTheGraceDoesNotRevoke() throws Exception {
        try (ServerProcess server = TestServer.start("grants", Map.of("gatehouse.code.lifespan", "3", "gatehouse.refresh.grace", "60"))) {
            Http http = Http.to(server);
            Apps.App app = Apps.create(http);

            String code = Codes.forAdmin(server, app, "useraccount");
            Thread.sleep(3500);
            assertError(Codes.redeem(http, app, code), 400, "invalid_grant");

            JsonNode first = assertTokens(Codes.redeem(http, app, Codes.forAdmin(server, app, "useraccount")));
            JsonNode second = assertTokens(Codes.refresh(http, app, first.path("refresh_token").asText()));
            assertError(Codes.refresh(http, app, first.path("refresh_token").asText()), 400, "invalid_grant");
            assertEquals(200, Apps.api(http, second.path("access_token").asText()), "within the grace the grant survives");
            assertTokens(Codes.refresh(http, app, second.path("refresh_token").asText()));
        }
    }
}
