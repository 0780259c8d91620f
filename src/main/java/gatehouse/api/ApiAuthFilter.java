package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.dpop.DpopProofs;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.User;
import gatehouse.token.AccessTokenValidator;
import gatehouse.user.Authenticator;
import gatehouse.web.ClientAddress;
import jakarta.annotation.Priority;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Authenticates every API call: {@code Authorization: Basic} for users (as ServiceNow allows, with the
 * login page's throttling and lockout), {@code Bearer} access tokens, or DPoP-bound access tokens with
 * {@code Authorization: DPoP} and a proof of their key (RFC 9449 §7). Sets the {@link Caller}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthFilter implements ContainerRequestFilter {
    static final String BASIC_CHALLENGE = "Basic realm=\"Gatehouse\"";
    static final String BEARER_CHALLENGE = "Bearer realm=\"Gatehouse\"";
    /** RFC 9449 §7.1: the DPoP challenge names the algorithms accepted. */
    static final String DPOP_CHALLENGE = "DPoP algs=\"" + String.join(" ", DpopProofs.ALGORITHMS) + "\"";

    @Context private ServletContext servletContext;
    @Context private HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext ctx) {
        Gatehouse g = Gatehouse.from(servletContext);
        String header = ctx.getHeaderString("Authorization");
        if (header == null || header.isBlank())
            throw new ApiException(401, "User Not Authenticated", "Required to provide Auth information",
                    BEARER_CHALLENGE + ", " + DPOP_CHALLENGE + ", " + BASIC_CHALLENGE);
        String[] parts = header.trim().split("\\s+", 2);
        String scheme = parts[0];
        String value = parts.length > 1 ? parts[1].trim() : "";
        if (scheme.equalsIgnoreCase("Basic")) {
            ctx.setProperty(Caller.PROPERTY, basic(g, value));
        } else if (scheme.equalsIgnoreCase("Bearer")) {
            ctx.setProperty(Caller.PROPERTY, bearer(g, value));
        } else if (scheme.equalsIgnoreCase("DPoP")) {
            ctx.setProperty(Caller.PROPERTY, caller(g, dpop(g, value, ctx)));
        } else {
            throw new ApiException(401, "User Not Authenticated", "Unsupported authorization scheme",
                    BEARER_CHALLENGE + ", " + DPOP_CHALLENGE + ", " + BASIC_CHALLENGE);
        }
    }

    private Caller basic(Gatehouse g, String value) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(401, "User Not Authenticated", "Malformed Basic credentials", BASIC_CHALLENGE);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) throw new ApiException(401, "User Not Authenticated", "Malformed Basic credentials", BASIC_CHALLENGE);
        Authenticator.Result r = g.authenticator.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1),
                ClientAddress.of(request).address());
        if (r.outcome() == Authenticator.Outcome.THROTTLED)   // RFC 6585 §4
            throw new ApiException(429, "Too Many Requests", r.message(), null, Math.max(1, r.retryAfterSeconds()));
        if (!r.ok()) throw new ApiException(401, "User Not Authenticated", r.message(), BASIC_CHALLENGE);
        return Caller.basic(r.user());
    }

    /**
     * RFC 6750 §3.1: a token that is unknown, expired or revoked is {@code invalid_token}; so is one whose user
     * or application is no longer active (both read through the services' short caches, which a change on this
     * node clears at once; see {@code gatehouse.api.cache.seconds}).
     */
    private Caller bearer(Gatehouse g, String token) {
        if (token.isEmpty()) throw invalidToken();
        java.util.Optional<AccessTokenValidator.ValidToken> own = g.accessTokens.validate(token);
        if (own.isEmpty()) return idToken(g, token);
        AccessTokenValidator.ValidToken valid = own.get();
        // RFC 9449 §7.2: a DPoP-bound token is refused as a bearer token (it would lose its binding)
        if (valid.dpopJkt() != null)
            throw new ApiException(401, "User Not Authenticated", "The access token is DPoP-bound; use Authorization: DPoP with a proof",
                    DPOP_CHALLENGE + ", error=\"invalid_token\", error_description=\"The access token is DPoP-bound\"");
        return caller(g, valid);
    }

    /**
     * RFC 9449 §7.1: {@code Authorization: DPoP} with a DPoP-bound token and one {@code DPoP} proof of its key for this
     * method and URL, carrying the token's hash as {@code ath}.
     */
    private AccessTokenValidator.ValidToken dpop(Gatehouse g, String token, ContainerRequestContext ctx) {
        if (token.isEmpty()) throw dpopError("invalid_token", "The access token is missing", null);
        AccessTokenValidator.ValidToken valid = g.accessTokens.validate(token)
                .orElseThrow(() -> dpopError("invalid_token", "The access token is invalid or expired", null));
        if (valid.dpopJkt() == null) throw dpopError("invalid_token", "The access token is not DPoP-bound; use Authorization: Bearer", null);
        java.util.List<String> proofs = ctx.getHeaders().get("DPoP");
        if (proofs == null || proofs.size() != 1) throw dpopError("invalid_dpop_proof", "Send exactly one DPoP proof", null);
        String url = g.issuer() + request.getRequestURI().substring(request.getContextPath().length());
        long now = System.currentTimeMillis();
        DpopProofs.Proof proof;
        try {
            proof = g.dpopProofs.verify(proofs.get(0), ctx.getMethod(), url, token, now);
        } catch (DpopProofs.InvalidProof e) {
            if (e.nonceNeeded) throw dpopError("use_dpop_nonce", e.getMessage(), g.dpopProofs.nonce(now));
            throw dpopError("invalid_dpop_proof", e.getMessage(), null);
        }
        if (!proof.jkt().equals(valid.dpopJkt()))
            throw dpopError("invalid_dpop_proof", "The DPoP proof's key is not the key the access token is bound to", null);
        return valid;
    }

    private static ApiException dpopError(String code, String description, String nonce) {
        return new ApiException(401, "User Not Authenticated", description,
                DPOP_CHALLENGE + ", error=\"" + code + "\", error_description=\"" + description.replace("\"", "'") + "\"", 0, nonce);
    }

    private Caller caller(Gatehouse g, AccessTokenValidator.ValidToken valid) {
        User user = valid.userSysId() == null ? null : g.users.findCached(valid.userSysId());
        if (user == null || !user.active || user.lockedOut) throw invalidToken();
        Application app = g.registry.findByClientIdCached(valid.clientId());
        if (app == null || !app.active) throw invalidToken();
        Set<String> policies = app.enforceTokenRestriction ? Set.copyOf(RecordInput.split(app.apiAccessPolicies)) : null;
        return new Caller(user, valid.scopes() == null ? Set.of() : Set.copyOf(valid.scopes()), valid.clientId(), policies);
    }

    /**
     * Not one of Gatehouse's tokens: an ID token of an active OIDC provider ({@link gatehouse.idtoken.ExternalIdTokens}),
     * acting as the user it names with the provider's scopes; else {@code invalid_token}.
     */
    private static Caller idToken(Gatehouse g, String token) {
        gatehouse.idtoken.ExternalIdTokens.Accepted a = g.externalIdTokens.accept(token).orElseThrow(ApiAuthFilter::invalidToken);
        return new Caller(a.user(), a.scopes(), a.provider().clientId, null);
    }

    static ApiException invalidToken() {
        return new ApiException(401, "User Not Authenticated", "The access token is invalid or expired",
                BEARER_CHALLENGE + ", error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
    }
}
