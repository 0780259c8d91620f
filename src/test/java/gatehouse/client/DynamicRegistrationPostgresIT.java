package gatehouse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import gatehouse.testing.Http;
import gatehouse.testing.Postgres;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every {@link DynamicRegistrationIT} case again on PostgreSQL, and two nodes on that one database: a client registered
 * on one node is managed on the other with its registration access token, and a rotation on one is seen by both.
 */
class DynamicRegistrationPostgresIT extends DynamicRegistrationIT {
    static Postgres pg;
    static Map<String, String> db;

    @BeforeAll
    static void startOnPostgres() {
        pg = Postgres.startOrSkip();
        pg.createDatabase("gh_dcr", "gh_dcr", "dcr-db-pw-1");
        db = new LinkedHashMap<>();
        db.put("gatehouse.db.url", pg.jdbcUrl("gh_dcr"));
        db.put("gatehouse.db.user", "gh_dcr");
        db.put("gatehouse.db.password", "dcr-db-pw-1");
        db.put("gatehouse.master.key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        startWith(db);
    }

    @AfterAll
    static void stopPostgres() {
        DynamicRegistrationIT.stop();
        if (pg != null) pg.close();
    }

    @Test
    @Order(50)
    void aSecondNodeManagesTheClientsTheFirstRegistered() {
        Map<String, String> settings = new LinkedHashMap<>(registrationSettings());
        settings.putAll(db);
        try (ServerProcess other = TestServer.start("dcr-node2", settings)) {
            HttpResponse<String> made = raw("POST", "/oauth_register.do", "application/json", "{\"redirect_uris\":[\"" + REDIRECT + "\"]}");
            assertEquals(201, made.statusCode(), made.body());
            String clientId = Http.body(made).path("client_id").asText();
            String token = Http.body(made).path("registration_access_token").asText();
            Http h = Http.to(other);
            String path = "/oauth_register.do/" + clientId;
            assertEquals(200, h.get(path, "Authorization", "Bearer " + token).statusCode());
            HttpResponse<String> updated = h.send(HttpRequest.newBuilder(URI.create(other.baseUrl() + path))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + clientId + "\",\"redirect_uris\":[\"" + REDIRECT + "\"],\"client_name\":\"Node two\"}"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token));
            assertEquals(200, updated.statusCode(), updated.body());
            String rotated = Http.body(updated).path("registration_access_token").asText();
            assertNotEquals(token, rotated);
            // the first node sees the rotation at once: the database holds the token's hash, not a node's memory
            assertEquals(401, raw("GET", path, null, null, "Authorization", "Bearer " + token).statusCode());
            HttpResponse<String> read = raw("GET", path, null, null, "Authorization", "Bearer " + rotated);
            assertEquals("Node two", Http.body(read).path("client_name").asText(), read.body());
        }
    }
}
