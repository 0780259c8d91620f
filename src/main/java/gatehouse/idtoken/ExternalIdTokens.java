package gatehouse.idtoken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.client.ClientKeys;
import gatehouse.keys.Secrets;
import gatehouse.outbound.OutboundHttp;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.Replays;
import gatehouse.store.User;
import gatehouse.user.Users;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JweHeader;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * ID tokens of an external OpenID Provider presented as API bearer tokens (ServiceNow KB0720547, "External ID Token
 * Authentication"). The checks of OpenID Connect Core 1.0 §3.1.3.7, in this order:
 * <ol>
 * <li>the token is a JWS whose unverified {@code iss} is the {@code issuer} of an active provider's metadata and whose
 *     unverified {@code aud} holds its Client ID (both only choose the provider: its keys must then verify them);</li>
 * <li>{@code alg} is asymmetric ({@link #ALGORITHMS}: never {@code none}, never HMAC, so a public key can never serve
 *     as an HMAC secret) and the signature verifies with a key of the provider's JWK Set (refetched once for an
 *     unknown {@code kid}, rate-limited per provider by {@link ProviderDocuments});</li>
 * <li>{@code aud} contains the provider's Client ID, and {@code azp}, when present, is that Client ID;</li>
 * <li>{@code exp} and {@code iat} are required; {@code exp}, {@code nbf} and {@code iat} hold within the provider's
 *     clock skew;</li>
 * <li>the user whose User Field equals the User Claim's value exists, is active and not locked out (no automatic
 *     provisioning);</li>
 * <li>with Enable JTI claim verification, {@code jti} is required and single-use on every node (a replay record).</li>
 * </ol>
 * Any failure is "not accepted" (the API answers 401 {@code invalid_token}); why is logged without the token.
 */
public final class ExternalIdTokens {
    static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    static final int MAX_TOKEN_LENGTH = 16_384;
    private static final Logger LOG = Logger.getLogger(ExternalIdTokens.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An accepted ID token: the user it names and the provider's scopes. */
    public record Accepted(User user, Set<String> scopes, Application provider) { }

    /** Why a token was refused; for the log, never with the token. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final Database db;
    private final OidcProviders providers;
    private final ProviderDocuments documents;

    public ExternalIdTokens(Database db, OidcProviders providers, OutboundHttp http) {
        this.db = db;
        this.providers = providers;
        this.documents = new ProviderDocuments(http, providers.httpOnLoopback());
    }

    /** The token as an ID token of an active provider, or empty. */
    public Optional<Accepted> accept(String token) {
        return Optional.ofNullable(check(token, null).accepted());
    }

    /**
     * What became of a token: accepted, or refused with why (words for the client: never the token, a key or a Java
     * class name).
     */
    public record Outcome(Accepted accepted, String refusal) {
        static Outcome refused(String why) { return new Outcome(null, why); }
    }

    /**
     * The token as an ID token of one of the active providers {@code allowed} admits (null: any; token exchange:
     * those the application lists), or why not. Fetches the provider's metadata and keys when they are not cached: never call it
     * inside a database transaction.
     */
    public Outcome check(String token, Predicate<Application> allowed) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH)
            return Outcome.refused("the token is empty or longer than " + MAX_TOKEN_LENGTH + " characters");
        Unverified claimed = unverified(token);
        if (claimed == null) return Outcome.refused("it is not a signed JWT with an iss claim");
        String refusal = "its iss and aud name no active OIDC provider" + (allowed == null ? "" : " that the application accepts");
        boolean tried = false;
        for (Application p : providers.activeCached()) {
            if (allowed != null && !allowed.test(p)) continue;
            // the unverified iss and aud only choose which providers' keys must verify the token; verify() checks both again
            if (!claimed.audience().contains(p.providerClientId)) continue;
            if (!ProviderDocuments.mayBeIssuer(p.oidcMetadataUrl, claimed.issuer())) continue;   // no fetch for another provider's token
            ProviderDocuments.Documents d = documents.of(p);
            if (d == null) {
                refusal = "the metadata or keys of the OIDC provider could not be read";
                continue;
            }
            if (!claimed.issuer().equals(d.issuer())) continue;
            tried = true;
            try {
                return new Outcome(verify(token, p, d), null);
            } catch (Refused r) {
                LOG.info("ID token of OIDC provider " + p.name + " refused: " + r.getMessage());
                refusal = r.getMessage();
                // another active provider may share the issuer and Client ID (e.g. other scopes): try it too
            }
        }
        if (!tried) LOG.fine("a JWT names no active OIDC provider by its iss and aud");
        return Outcome.refused(refusal);
    }

    private Accepted verify(String token, Application p, ProviderDocuments.Documents d) {
        Claims claims = parse(token, p, d);
        try {
            return check(claims, p);
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {   // a claim of the wrong JSON type
            throw new Refused("a claim has the wrong JSON type");
        }
    }

    private Accepted check(Claims claims, Application p) {
        long now = System.currentTimeMillis() / 1000;
        long skew = p.clockSkew;
        Set<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(p.providerClientId)) throw new Refused("aud does not contain the Client ID " + p.providerClientId);
        Object azp = claims.get("azp");
        if (azp != null && !p.providerClientId.equals(azp)) throw new Refused("azp is not the Client ID");
        Date exp = claims.getExpiration();
        if (exp == null) throw new Refused("exp is required");
        if (exp.getTime() / 1000 + skew <= now) throw new Refused("the token has expired");
        Date iat = claims.getIssuedAt();
        if (iat == null) throw new Refused("iat is required");
        if (iat.getTime() / 1000 > now + skew) throw new Refused("iat is in the future");
        Date nbf = claims.getNotBefore();
        if (nbf != null && nbf.getTime() / 1000 > now + skew) throw new Refused("the token is not valid yet (nbf)");
        Object claim = claims.get(p.userClaim);
        if (!(claim instanceof String value) || value.isBlank()) throw new Refused("the claim " + p.userClaim + " is missing or not a string");
        if (value.length() > 320) throw new Refused("the claim " + p.userClaim + " is longer than any user field");
        User user = user(p.userField, value);
        if (user == null) throw new Refused("no user has " + p.userField + " = the token's " + p.userClaim);
        if (!user.active || user.lockedOut) throw new Refused("the user " + user.userName + " is inactive or locked out");
        if (p.enableJtiVerification) {
            String jti = claims.getId();
            if (jti == null || jti.isBlank() || jti.length() > 500) throw new Refused("jti is required (Enable JTI claim verification)");
            String id = Secrets.sha256(OidcProviders.TYPE + "\n" + p.sysId + "\n" + jti);
            if (!Replays.firstUse(db, id, (Math.max(exp.getTime() / 1000, now) + skew) * 1000))
                throw new Refused("the token's jti was already used");
        }
        return new Accepted(user, Set.copyOf(RecordInput.split(p.authScopes)), p);
    }

    private Claims parse(String token, Application p, ProviderDocuments.Documents d) {
        try {
            return parseWith(token, p.clockSkew, d.keys());
        } catch (UnknownKey e) {
            ProviderDocuments.Documents again = documents.refetchKeys(p, d);
            if (again.keys() == d.keys()) throw new Refused(e.getMessage());
            try {
                return parseWith(token, p.clockSkew, again.keys());
            } catch (UnknownKey still) {
                throw new Refused(still.getMessage());
            }
        }
    }

    private static final class UnknownKey extends RuntimeException {
        UnknownKey(String message) {
            super(message, null, false, false);
        }
    }

    private static Claims parseWith(String token, long skew, List<ClientKeys.ClientKey> keys) {
        try {
            return Jwts.parser()
                    .keyLocator(new LocatorAdapter<Key>() {
                        @Override
                        protected Key locate(JwsHeader header) {
                            return pick(header.getAlgorithm(), header.getKeyId(), keys);
                        }

                        @Override
                        protected Key locate(JweHeader header) {
                            throw new Refused("encrypted tokens are not accepted");
                        }
                    })
                    .clockSkewSeconds(skew)
                    .build().parseSignedClaims(token).getPayload();
        } catch (Refused | UnknownKey e) {
            throw e;
        } catch (io.jsonwebtoken.ExpiredJwtException e) {
            throw new Refused("the token has expired");
        } catch (io.jsonwebtoken.PrematureJwtException e) {
            throw new Refused("the token is not valid yet (nbf)");
        } catch (io.jsonwebtoken.security.SignatureException e) {
            throw new Refused("the signature does not verify");
        } catch (JwtException | IllegalArgumentException e) {
            throw new Refused("it is not a valid signed JWT");
        }
    }

    /** The key for a header: an allowed algorithm, a key of the matching type, by kid when the header names one. */
    static Key pick(String alg, String kid, List<ClientKeys.ClientKey> keys) {
        if (alg == null || !ALGORITHMS.contains(alg)) throw new Refused("alg " + alg + " is not accepted");
        for (ClientKeys.ClientKey k : keys) {
            if (kid != null && k.kid() != null && !kid.equals(k.kid())) continue;
            if (k.alg() != null && !k.alg().equals(alg)) continue;
            if (fits(alg, k.key())) return k.key();
        }
        throw new UnknownKey("no key of the provider matches kid " + kid + " and alg " + alg);
    }

    private static boolean fits(String alg, PublicKey key) {
        return alg.startsWith("ES") ? key instanceof ECPublicKey : key instanceof RSAPublicKey;
    }

    private User user(String field, String value) {
        return db.read(em -> switch (field) {
            case "sys_id" -> em.find(User.class, value);
            case "email" -> {
                List<User> found = em.createQuery("SELECT u FROM User u WHERE LOWER(u.email) = :e", User.class)
                        .setParameter("e", value.toLowerCase(java.util.Locale.ROOT)).setMaxResults(2).getResultList();
                yield found.size() == 1 ? found.get(0) : null;   // two users with one email: neither is the token's
            }
            default -> Users.byName(em, value);
        });
    }

    /** What a token claims before its signature is checked: its {@code iss} and {@code aud} (a string or an array). */
    record Unverified(String issuer, Set<String> audience) { }

    /** The {@code iss} of a compact JWS, unverified (to pick the provider whose keys must verify it); null if none. */
    static String unverifiedIssuer(String token) {
        Unverified u = unverified(token);
        return u == null ? null : u.issuer();
    }

    /** The unverified {@code iss} and {@code aud} of a compact JWS; null unless it has a string {@code iss}. */
    static Unverified unverified(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) return null;
        try {
            JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            JsonNode iss = payload == null ? null : payload.get("iss");
            if (iss == null || !iss.isTextual() || iss.asText().isBlank()) return null;
            Set<String> aud = new java.util.HashSet<>();
            JsonNode a = payload.get("aud");
            if (a != null && a.isTextual()) aud.add(a.asText());
            if (a != null && a.isArray()) for (JsonNode e : a) if (e.isTextual()) aud.add(e.asText());
            return new Unverified(iss.asText(), aud);
        } catch (Exception e) {
            return null;
        }
    }
}
