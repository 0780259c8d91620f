package gatehouse.keys;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import gatehouse.testing.Http;
import java.net.URL;
import java.util.Set;

/**
 * Validates Gatehouse JWTs the way a resource server elsewhere would: with nimbus-jose-jwt, which nobody here
 * wrote, trusting only the keys at the jwks_uri named in the RFC 8414 metadata.
 */
final class Jwts {
    private Jwts() { }

    static String metadataJwksUri(Http http) {
        return Http.body(http.get("/.well-known/oauth-authorization-server")).path("jwks_uri").asText();
    }

    static JWTClaimsSet verify(Http http, String token) throws Exception {
        String issuer = Http.body(http.get("/.well-known/oauth-authorization-server")).path("issuer").asText();
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(metadataJwksUri(http))).retrying(false).build();
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(issuer, new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "iat", "exp", "jti", "client_id", "scope")));
        return processor.process(token, null);
    }
}
