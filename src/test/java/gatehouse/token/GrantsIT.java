package gatehouse.token;

import static gatehouse.token.OAuthAsserts.assertError;
import static gatehouse.token.OAuthAsserts.assertTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The password grant, the JWT bearer grant (RFC 7523 §2.1) and private_key_jwt client authentication (§2.2). */
class GrantsIT {
    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final KeyPair RSA = Jwts.SIG.RS256.keyPair().build();
    static final KeyPair EC = Jwts.SIG.ES256.keyPair().build();
    static Http http;
    static String issuer;
    static Apps.App keyed;

    @BeforeAll
    static void setUp() {
        http = Http.to(TestServer.shared());
        issuer = Http.body(http.get("/.well-known/oauth-authorization-server")).path("issuer").asText();
        String jwks = "{\"keys\":[" + Jwks.json(Jwks.builder().key((RSAPublicKey) RSA.getPublic()).id("rsa-1").build()) + ","
                + Jwks.json(Jwks.builder().key((ECPublicKey) EC.getPublic()).id("ec-1").build()) + "]}";
        keyed = Apps.create(http, "grant_types", List.of("client_credentials", JWT_BEARER, "password", "refresh_token"),
                "jwks", jwks);
    }

    private static JwtBuilder assertion(String iss, String sub, String aud) {
        long now = System.currentTimeMillis();
        return Jwts.builder().issuer(iss).subject(sub).audience().add(aud).and()
                .issuedAt(new Date(now)).expiration(new Date(now + 120_000)).id(UUID.randomUUID().toString());
    }

    private static HttpResponse<String> bearer(String jwt) {
        return http.postForm("/oauth_token.do", Http.map("grant_type", JWT_BEARER, "assertion", jwt), "Authorization", keyed.basic());
    }

    private static HttpResponse<String> privateKeyJwt(String jwt, String... extra) {
        Map<String, String> form = Http.map("grant_type", "client_credentials", "client_assertion_type", ASSERTION_TYPE, "client_assertion", jwt);
        for (int i = 0; i < extra.length; i += 2) form.put(extra[i], extra[i + 1]);
        return http.postForm("/oauth_token.do", form);
    }

    @Test
    void passwordGrantIssuesTokensForTheUserWithoutTellingWhetherAUserExists() {
        HttpResponse<String> ok = http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", "beth.anglin",
                "password", "beth.anglin-demo-pw", "scope", "incident_read"), "Authorization", Http.basic(Apps.DEMO, Apps.DEMO_SECRET));
        JsonNode tokens = assertTokens(ok);
        assertEquals("incident_read", tokens.path("scope").asText());
        assertTrue(tokens.path("refresh_token").isTextual(), "the demo app may refresh");
        JsonNode intro = Http.body(http.postForm("/oauth_introspect.do", Http.map("token", tokens.path("access_token").asText()),
                "Authorization", Http.basic(Apps.DEMO, Apps.DEMO_SECRET)));
        assertEquals("beth.anglin", intro.path("username").asText(), intro.toString());

        JsonNode wrong = assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", "beth.anglin",
                "password", "nope-nope-nope"), "Authorization", Http.basic(Apps.DEMO, Apps.DEMO_SECRET)), 400, "invalid_grant");
        JsonNode unknown = assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", "nobody-" + UUID.randomUUID(),
                "password", "nope-nope-nope"), "Authorization", Http.basic(Apps.DEMO, Apps.DEMO_SECRET)), 400, "invalid_grant");
        assertEquals(wrong.path("error_description").asText(), unknown.path("error_description").asText());
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", "beth.anglin"),
                "Authorization", Http.basic(Apps.DEMO, Apps.DEMO_SECRET)), 400, "invalid_request");
    }

    @Test
    void passwordGrantLocksOutLikeTheLoginPage() {
        String name = "pw-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "user_password", "right-password-1"),
                "Authorization", Http.adminBasic()).statusCode());
        for (int i = 0; i < 5; i++)
            assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", name, "password", "wrong-" + i),
                    "Authorization", keyed.basic()), 400, "invalid_grant");
        JsonNode locked = assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", name,
                "password", "right-password-1"), "Authorization", keyed.basic()), 400, "invalid_grant");
        assertTrue(locked.path("error_description").asText().contains("locked"), locked.toString());
    }

    @Test
    void passwordGrantOnlyWhereTheApplicationAllowsIt() {
        Apps.App app = Apps.create(http, "grant_types", List.of("client_credentials"));
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", "password", "username", "beth.anglin",
                "password", "beth.anglin-demo-pw"), "Authorization", app.basic()), 400, "unauthorized_client");
    }

    @Test
    void jwtBearerGrantActsForTheAssertionsSubject() {
        JsonNode tokens = assertTokens(bearer(assertion(keyed.clientId(), "abel.tuter", issuer + "/oauth_token.do")
                .header().keyId("rsa-1").and().signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact()));
        assertFalse(tokens.has("refresh_token"));
        JsonNode intro = Http.body(http.postForm("/oauth_introspect.do", Http.map("token", tokens.path("access_token").asText()),
                "Authorization", keyed.basic()));
        assertTrue(intro.path("active").asBoolean(), intro.toString());
        assertEquals("abel.tuter", intro.path("username").asText());
        // ES256 and the issuer as audience work too
        assertTokens(bearer(assertion(keyed.clientId(), "abel.tuter", issuer).signWith(EC.getPrivate(), Jwts.SIG.ES256).compact()));
    }

    @Test
    void jwtBearerGrantRefusesReplayWrongAudienceExpiryUnknownKeysTamperingAndAlgConfusion() {
        String once = assertion(keyed.clientId(), "abel.tuter", issuer).signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact();
        assertTokens(bearer(once));
        assertError(bearer(once), 400, "invalid_grant");
        assertError(bearer(assertion(keyed.clientId(), "abel.tuter", "https://elsewhere.example.com").signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact()),
                400, "invalid_grant");
        long past = System.currentTimeMillis() - 3_600_000;
        assertError(bearer(Jwts.builder().issuer(keyed.clientId()).subject("abel.tuter").audience().add(issuer).and()
                .expiration(new Date(past)).id(UUID.randomUUID().toString()).signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact()), 400, "invalid_grant");
        assertError(bearer(assertion(keyed.clientId(), "abel.tuter", issuer).signWith(Jwts.SIG.RS256.keyPair().build().getPrivate(), Jwts.SIG.RS256).compact()),
                400, "invalid_grant");
        String good = assertion(keyed.clientId(), "abel.tuter", issuer).signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact();
        String[] p = good.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8).replace("abel.tuter", "admin");
        assertError(bearer(p[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2]),
                400, "invalid_grant");
        byte[] publicKey = RSA.getPublic().getEncoded();
        assertError(bearer(assertion(keyed.clientId(), "admin", issuer).signWith(new SecretKeySpec(publicKey, "HmacSHA256"), Jwts.SIG.HS256).compact()),
                400, "invalid_grant");
        assertError(bearer(assertion(keyed.clientId(), "admin", issuer).compact()), 400, "invalid_grant");
        assertError(bearer(assertion(keyed.clientId(), "no-such-user-" + UUID.randomUUID(), issuer).signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact()),
                400, "invalid_grant");
        // an application without the grant in grant_types
        assertError(http.postForm("/oauth_token.do", Http.map("grant_type", JWT_BEARER, "assertion", good), "Authorization",
                Http.basic(Apps.DEMO, Apps.DEMO_SECRET)), 400, "unauthorized_client");
    }

    @Test
    void privateKeyJwtAuthenticatesTheClientOnceForEachAssertion() {
        String jwt = assertion(keyed.clientId(), keyed.clientId(), issuer + "/oauth_token.do").signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact();
        assertTokens(privateKeyJwt(jwt));
        HttpResponse<String> replay = privateKeyJwt(jwt);
        assertEquals(401, replay.statusCode(), replay.body());
        assertEquals("invalid_client", Http.body(replay).path("error").asText());
        HttpResponse<String> none = privateKeyJwt(assertion(keyed.clientId(), keyed.clientId(), issuer).compact());
        assertEquals(401, none.statusCode(), none.body());
        HttpResponse<String> wrongSub = privateKeyJwt(assertion(keyed.clientId(), "someone", issuer).signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact());
        assertEquals(401, wrongSub.statusCode(), wrongSub.body());
        HttpResponse<String> otherClientId = privateKeyJwt(assertion(keyed.clientId(), keyed.clientId(), issuer).signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact(),
                "client_id", Apps.DEMO);
        assertEquals(401, otherClientId.statusCode(), otherClientId.body());
        // an application without keys cannot use it
        HttpResponse<String> demo = privateKeyJwt(assertion(Apps.DEMO, Apps.DEMO, issuer).signWith(RSA.getPrivate(), Jwts.SIG.RS256).compact());
        assertEquals(401, demo.statusCode(), demo.body());
        JsonNode meta = Http.body(http.get("/.well-known/oauth-authorization-server"));
        assertTrue(meta.path("token_endpoint_auth_methods_supported").toString().contains("private_key_jwt"), meta.toString());
        assertTrue(meta.path("grant_types_supported").toString().contains(JWT_BEARER), meta.toString());
    }
}
