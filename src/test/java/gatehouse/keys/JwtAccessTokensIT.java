package gatehouse.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jwt.JWTClaimsSet;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** JWT access tokens (RFC 9068), the JWKS (RFC 7517), metadata (RFC 8414) and key rotation. */
class JwtAccessTokensIT {
    private final Http http = Http.to(TestServer.shared());

    private record App(String clientId, String secret) { }

    private App app(String alg) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "JWT app " + UUID.randomUUID());
        body.put("provider_name", "Tests");
        body.put("grant_types", "client_credentials");
        body.put("auth_scopes", "useraccount,incident_read");
        body.put("client_credentials_user", "admin");
        body.put("token_format", "jwt");
        body.put("signing_alg", alg);
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode a = Http.body(r).path("result");
        return new App(a.path("client_id").asText(), a.path("client_secret").asText());
    }

    private String token(App app, String scope) {
        HttpResponse<String> r = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials", "scope", scope),
                "Authorization", Http.basic(app.clientId(), app.secret()));
        assertEquals(200, r.statusCode(), r.body());
        return Http.body(r).path("access_token").asText();
    }

    private int api(String token) {
        return http.get("/api/now/table/sys_user?sysparm_limit=1", "Authorization", "Bearer " + token).statusCode();
    }

    @Test
    void metadataNamesEveryEndpoint() {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            HttpResponse<String> r = http.get(path);
            assertEquals(200, r.statusCode(), path);
            JsonNode m = Http.body(r);
            String issuer = m.path("issuer").asText();
            assertEquals(http.base(), issuer);
            assertEquals(issuer + "/oauth_auth.do", m.path("authorization_endpoint").asText());
            assertEquals(issuer + "/oauth_token.do", m.path("token_endpoint").asText());
            assertEquals(issuer + "/oauth_revoke_token.do", m.path("revocation_endpoint").asText());
            assertEquals(issuer + "/oauth_introspect.do", m.path("introspection_endpoint").asText());
            assertEquals(issuer + "/api/now/oauth/jwks", m.path("jwks_uri").asText());
            assertEquals("[\"code\"]", m.path("response_types_supported").toString());
            assertEquals("[\"S256\"]", m.path("code_challenge_methods_supported").toString());
            assertTrue(m.path("authorization_response_iss_parameter_supported").asBoolean());
            Set<String> grants = new HashSet<>();
            m.path("grant_types_supported").forEach(g -> grants.add(g.asText()));
            assertTrue(grants.containsAll(Set.of("authorization_code", "refresh_token", "client_credentials")), grants.toString());
            assertTrue(m.path("token_endpoint_auth_methods_supported").toString().contains("client_secret_basic"));
            assertTrue(m.path("scopes_supported").toString().contains("incident_read"));
        }
    }

    @Test
    void jwksPublishesPublicKeysOnlyWithCacheHeaders() {
        HttpResponse<String> r = http.get("/api/now/oauth/jwks");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("max-age="), "cacheable");
        Set<String> algs = new HashSet<>();
        for (JsonNode k : Http.body(r).path("keys")) {
            algs.add(k.path("alg").asText());
            assertEquals("sig", k.path("use").asText());
            assertFalse(k.path("kid").asText().isEmpty());
            for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi")) assertFalse(k.has(privatePart), "no private part: " + k);
        }
        assertTrue(algs.containsAll(Set.of("RS256", "ES256")), algs.toString());
    }

    @Test
    void rs256JwtValidatesWithAForeignLibraryUsingOnlyTheJwksFromTheMetadata() throws Exception {
        App app = app("RS256");
        String token = token(app, "useraccount");
        JWSObject jws = JWSObject.parse(token);
        assertEquals("RS256", jws.getHeader().getAlgorithm().getName());
        assertEquals("at+jwt", jws.getHeader().getType().getType());
        assertTrue(jws.getHeader().getKeyID() != null);

        JWTClaimsSet claims = Jwts.verify(http, token);
        assertEquals(http.base(), claims.getIssuer());
        assertEquals(List.of(http.base()), claims.getAudience());
        assertEquals(app.clientId(), claims.getStringClaim("client_id"));
        assertEquals("useraccount", claims.getStringClaim("scope"));
        assertTrue(claims.getSubject().matches("[0-9a-f]{32}"), "sub is the user's sys_id: " + claims.getSubject());
        assertEquals(1800, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        assertEquals(200, api(token), "the API accepts it");
    }

    @Test
    void es256WhenTheApplicationSaysSo() throws Exception {
        App app = app("ES256");
        String token = token(app, "useraccount");
        assertEquals("ES256", JWSObject.parse(token).getHeader().getAlgorithm().getName());
        assertEquals(app.clientId(), Jwts.verify(http, token).getStringClaim("client_id"));
        assertEquals(200, api(token));
    }

    @Test
    void tamperedOrUnsignedJwtsAreRefusedByTheApi() {
        App app = app("RS256");
        String token = token(app, "useraccount");
        String[] parts = token.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("useraccount", "incident_read");
        assertEquals(401, api(parts[0] + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]), "changed claims");
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, api(none + "." + parts[1] + "."), "alg none");
        char last = parts[2].charAt(5);
        assertEquals(401, api(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6)),
                "changed signature");
        assertEquals(200, api(token));
    }

    @Test
    void aTokenSignedBeforeARotationStillValidatesAfterIt() throws Exception {
        App app = app("RS256");
        String before = token(app, "useraccount");
        String kidBefore = JWSObject.parse(before).getHeader().getKeyID();

        HttpResponse<String> rotated = http.postRaw("/api/gatehouse/keys/rotate", "application/json", "{}", "Authorization", Http.adminBasic());
        assertEquals(200, rotated.statusCode(), rotated.body());

        String after = token(app, "useraccount");
        assertNotEquals(kidBefore, JWSObject.parse(after).getHeader().getKeyID(), "new tokens are signed with the new key");
        assertEquals(app.clientId(), Jwts.verify(http, before).getStringClaim("client_id"), "old key still in the JWKS");
        assertEquals(app.clientId(), Jwts.verify(http, after).getStringClaim("client_id"));
        assertEquals(200, api(before));
        assertEquals(200, api(after));

        HttpResponse<String> keys = http.get("/api/gatehouse/keys", "Authorization", Http.adminBasic());
        assertTrue(keys.body().contains("\"kid\":\"" + kidBefore + "\",\"alg\":\"RS256\",\"state\":\"inactive\""), keys.body());
        assertFalse(keys.body().contains("private"), keys.body());
    }

    @Test
    void onlyAdminsMayRotate() {
        assertEquals(403, http.postRaw("/api/gatehouse/keys/rotate", "application/json", "{}",
                "Authorization", Http.basic("beth.anglin", "beth.anglin-demo-pw")).statusCode());
        assertEquals(401, http.postRaw("/api/gatehouse/keys/rotate", "application/json", "{}").statusCode());
    }

    @Test
    void aJwtFromAnotherIssuerIsRefused() {
        assertThrows(Exception.class, () -> Jwts.verify(http, "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2V2aWwifQ.c2ln"));
    }
}
