package gatehouse.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On a dedicated server (short purge time, frequent housekeeping): a rotated key leaves the JWKS after its
 * purge time; and, reading its Derby database after it stopped, no token is stored in clear and no private
 * key is stored unencrypted.
 */
class KeyPurgeAndStorageIT {

    private static Set<String> kids(Http http) {
        Set<String> kids = new HashSet<>();
        for (JsonNode k : Http.body(http.get("/api/now/oauth/jwks")).path("keys")) kids.add(k.path("kid").asText());
        return kids;
    }

    @Test
    void rotatedKeysArePurgedAndNothingSecretIsStoredInClear() throws Exception {
        Path data = TestServer.newDataDir("keys");
        List<String> issued = new ArrayList<>();
        try (ServerProcess server = TestServer.startIn(data, Map.of("gatehouse.keys.purge.seconds", "20",
                "gatehouse.housekeeping.interval", "1"))) {
            Http http = Http.to(server);
            Set<String> first = kids(http);
            assertEquals(2, first.size(), "one RS256 and one ES256 key");

            for (String format : new String[] {"opaque", "jwt"}) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", "Storage " + format);
                body.put("provider_name", "Tests");
                body.put("grant_types", "client_credentials");
                body.put("client_credentials_user", "admin");
                body.put("token_format", format);
                JsonNode app = Http.body(http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", Http.adminBasic())).path("result");
                HttpResponse<String> r = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                        "Authorization", Http.basic(app.path("client_id").asText(), app.path("client_secret").asText()));
                assertEquals(200, r.statusCode(), r.body());
                issued.add(Http.body(r).path("access_token").asText());
            }

            assertEquals(200, http.postRaw("/api/gatehouse/keys/rotate", "application/json", "{}", "Authorization", Http.adminBasic()).statusCode());
            Set<String> during = kids(http);
            assertEquals(4, during.size(), "rotated keys stay published until their purge date");
            assertTrue(during.containsAll(first));

            long deadline = System.currentTimeMillis() + 90_000;
            Set<String> now = kids(http);
            while (now.size() > 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                now = kids(http);
            }
            assertEquals(2, now.size(), "purged keys leave the JWKS: " + now);
            for (String kid : first) assertFalse(now.contains(kid));
            // the JWKS hides a key from its purge date on; the housekeeping job then marks it purged (every second here)
            String keys = http.get("/api/gatehouse/keys", "Authorization", Http.adminBasic()).body();
            while (!keys.contains("\"state\":\"purged\"") && System.currentTimeMillis() < deadline + 60_000) {
                Thread.sleep(500);
                keys = http.get("/api/gatehouse/keys", "Authorization", Http.adminBasic()).body();
            }
            assertTrue(keys.contains("\"state\":\"purged\""), keys);
        }

        Path keyFile = data.resolve(MasterKey.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        List<String> tokenRows = new ArrayList<>();
        List<String> keyRows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:derby:" + data.resolve("db").toAbsolutePath());
             Statement s = c.createStatement()) {
            tokenRows.addAll(rows(s, "SELECT * FROM oauth_token"));
            keyRows.addAll(rows(s, "SELECT * FROM signing_key"));
            try (ResultSet r = s.executeQuery("SELECT token_hash FROM oauth_token WHERE kind = 'access'")) {
                Set<String> hashes = new HashSet<>();
                while (r.next()) hashes.add(r.getString(1));
                for (String t : issued) {
                    // the SHA-256 of the text, after the 12 hex digits of its issue time (gatehouse.token.IssuedTokens)
                    String h = sha256(t);
                    assertTrue(hashes.stream().anyMatch(k -> k.equals(h) || k.length() == 12 + h.length() && k.endsWith(h)
                            && k.substring(0, 12).matches("[0-9a-f]{12}")), "stored as its SHA-256: " + hashes);
                }
            }
        } finally {
            try {
                DriverManager.getConnection("jdbc:derby:" + data.resolve("db").toAbsolutePath() + ";shutdown=true");
            } catch (java.sql.SQLException expected) {
                // Derby reports a shutdown as an exception
            }
        }
        assertEquals(2, issued.size());
        String allTokens = String.join("\n", tokenRows);
        for (String t : issued) {
            assertFalse(allTokens.contains(t), "token stored in clear");
            for (String part : t.split("\\.")) assertFalse(allTokens.contains(part), "part of a JWT stored in clear");
        }
        String allKeys = String.join("\n", keyRows);
        assertFalse(allKeys.contains("MII"), "no DER-encoded private key in clear: " + allKeys.substring(0, Math.min(200, allKeys.length())));
        assertTrue(allKeys.contains("v1."), "private parts sealed under the master key");
    }

    private static List<String> rows(Statement s, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData md = r.getMetaData();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String col = md.getColumnName(i);
                    if (col.equalsIgnoreCase("public_key")) continue;   // public keys are public (and also start MII)
                    row.append(col).append('=').append(r.getString(i)).append(' ');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static String sha256(String s) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
