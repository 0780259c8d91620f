package gatehouse.client;

import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.ReplayRecord;
import gatehouse.store.Replays;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JweHeader;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies JWTs that an application signs with a key it registered: client assertions
 * (RFC 7523 §2.2, {@code private_key_jwt}) and authorization grants (RFC 7523 §2.1, the JWT bearer grant).
 * Rules of RFC 7523 §3: signature by one of the application's public keys with an asymmetric algorithm
 * ({@code none} and HMAC refused, so a public key can never serve as an HMAC secret); {@code aud} one of
 * the accepted audiences; {@code exp} required and at most {@code maxLifetimeSeconds} ahead; {@code nbf}
 * and {@code iat} honoured with {@value #SKEW_SECONDS} s of clock skew; {@code jti} required and
 * single-use across all nodes and restarts (a {@link ReplayRecord} row).
 */
public final class ClientAssertions {
    static final long SKEW_SECONDS = 60;
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

    /** Why an assertion was refused; the message is safe to show the client. */
    public static final class InvalidAssertionException extends RuntimeException {
        public InvalidAssertionException(String message) {
            super(message);
        }
    }

    private final Database db;
    private final ClientKeys keys;
    private final long maxLifetimeSeconds;

    public ClientAssertions(Database db, ClientKeys keys, long maxLifetimeSeconds) {
        this.db = db;
        this.keys = keys;
        this.maxLifetimeSeconds = maxLifetimeSeconds;
    }

    /** The unverified {@code iss} of an assertion, to find the application whose keys must verify it. */
    public static String unverifiedIssuer(String jwt) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.");
        if (parts.length != 3) throw new InvalidAssertionException("the assertion is not a signed JWT");
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Object iss = new com.fasterxml.jackson.databind.ObjectMapper().readValue(payload, Map.class).get("iss");
            if (!(iss instanceof String s) || s.isBlank()) throw new InvalidAssertionException("the assertion has no iss");
            return s;
        } catch (InvalidAssertionException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidAssertionException("the assertion is not a signed JWT");
        }
    }

    /**
     * Verifies {@code jwt} for {@code app} and records its {@code jti}; returns the claims.
     *
     * @param expectedSubject the required {@code sub}, or null to accept any non-blank one (the caller checks it)
     */
    public Claims verify(String jwt, Application app, String expectedSubject, Collection<String> audiences) {
        if (jwt == null || jwt.length() > 16_384) throw new InvalidAssertionException("the assertion is missing or too large");
        Claims claims = parse(jwt, app, false);
        if (claims == null) claims = parse(jwt, app, true);   // a key the client just added: refetch once
        if (claims == null) throw new InvalidAssertionException("the assertion's signature does not verify with the application's keys");
        long now = System.currentTimeMillis() / 1000;
        if (!app.clientId.equals(claims.getIssuer())) throw new InvalidAssertionException("iss must be the client_id");
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank()) throw new InvalidAssertionException("sub is required");
        if (expectedSubject != null && !expectedSubject.equals(sub)) throw new InvalidAssertionException("sub must be the client_id");
        Set<String> aud = claims.getAudience();
        if (aud == null || aud.stream().noneMatch(audiences::contains))
            throw new InvalidAssertionException("aud must be the issuer or the token endpoint URL");
        Date exp = claims.getExpiration();
        if (exp == null) throw new InvalidAssertionException("exp is required");
        long expSeconds = exp.getTime() / 1000;
        if (expSeconds + SKEW_SECONDS < now) throw new InvalidAssertionException("the assertion has expired");
        if (expSeconds > now + maxLifetimeSeconds + SKEW_SECONDS)
            throw new InvalidAssertionException("exp is more than " + maxLifetimeSeconds + " s ahead");
        Date nbf = claims.getNotBefore();
        if (nbf != null && nbf.getTime() / 1000 > now + SKEW_SECONDS) throw new InvalidAssertionException("the assertion is not valid yet (nbf)");
        Date iat = claims.getIssuedAt();
        if (iat != null && iat.getTime() / 1000 > now + SKEW_SECONDS) throw new InvalidAssertionException("iat is in the future");
        String jti = claims.getId();
        if (jti == null || jti.isBlank() || jti.length() > 500) throw new InvalidAssertionException("jti is required");
        recordJti(app.clientId, jti, Math.max(expSeconds, now) + SKEW_SECONDS);
        return claims;
    }

    private Claims parse(String jwt, Application app, boolean refetch) {
        List<ClientKeys.ClientKey> candidates = keys.keys(app, refetch);
        if (candidates.isEmpty()) {
            if (refetch) throw new InvalidAssertionException("the application has no registered keys (jwks or jwks_url)");
            return null;
        }
        try {
            return Jwts.parser()
                    .keyLocator(new LocatorAdapter<Key>() {
                        @Override
                        protected Key locate(JwsHeader header) {
                            return pick(header, candidates);
                        }

                        @Override
                        protected Key locate(JweHeader header) {
                            throw new InvalidAssertionException("encrypted assertions are not accepted");
                        }
                    })
                    .clockSkewSeconds(SKEW_SECONDS)
                    .build().parseSignedClaims(jwt).getPayload();
        } catch (InvalidAssertionException e) {
            if (!refetch && e.getMessage().startsWith("no key")) return null;
            throw e;
        } catch (io.jsonwebtoken.ExpiredJwtException e) {
            throw new InvalidAssertionException("the assertion has expired");
        } catch (io.jsonwebtoken.PrematureJwtException e) {
            throw new InvalidAssertionException("the assertion is not valid yet (nbf)");
        } catch (io.jsonwebtoken.security.SignatureException e) {
            return null;
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidAssertionException("the assertion is not a valid signed JWT: " + e.getClass().getSimpleName());
        }
    }

    /** The key for a header: an asymmetric algorithm only, matching key type, by kid when the header names one. */
    static Key pick(ProtectedHeader header, List<ClientKeys.ClientKey> candidates) {
        String alg = header.getAlgorithm();
        if (alg == null || !ALGORITHMS.contains(alg)) throw new InvalidAssertionException("alg " + alg + " is not accepted");
        String kid = header.getKeyId();
        for (ClientKeys.ClientKey k : candidates) {
            if (kid != null && k.kid() != null && !kid.equals(k.kid())) continue;
            if (k.alg() != null && !k.alg().equals(alg)) continue;
            if (fits(alg, k.key())) return k.key();
        }
        throw new InvalidAssertionException("no key of the application matches kid " + kid + " and alg " + alg);
    }

    private static boolean fits(String alg, PublicKey key) {
        return alg.startsWith("ES") ? key instanceof ECPublicKey : key instanceof RSAPublicKey;
    }

    /** Single use: the primary key of replay_record refuses a second insert on any node. */
    private void recordJti(String clientId, String jti, long expiresAtSeconds) {
        String id = Secrets.sha256(clientId + "\n" + jti);
        if (!Replays.firstUse(db, id, expiresAtSeconds * 1000)) throw new InvalidAssertionException("the assertion's jti was already used");
    }
}
