package gatehouse.token;

import gatehouse.dpop.DpopProofs;
import gatehouse.metrics.Metrics;
import gatehouse.record.RecordInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The token endpoint's logic (RFC 6749 §3.2): authenticate the client, pick the handler by
 * {@code grant_type}, check that the application may use it, check a DPoP proof (RFC 9449 §5) and bind the tokens
 * to its key, and let the handler issue the tokens.
 */
public final class TokenEndpoint {
    private final ClientAuthenticator clients;
    private final Map<String, GrantHandler> handlers = new LinkedHashMap<>();
    private final Metrics metrics;
    /** null: DPoP proofs are not checked (unit tests); a request with one is then refused. */
    private final DpopProofs dpop;
    private final Supplier<String> issuer;

    public TokenEndpoint(ClientAuthenticator clients, List<GrantHandler> handlers, Metrics metrics) {
        this(clients, handlers, metrics, null, () -> null);
    }

    public TokenEndpoint(ClientAuthenticator clients, List<GrantHandler> handlers, Metrics metrics, DpopProofs dpop, Supplier<String> issuer) {
        this.clients = clients;
        this.metrics = metrics;
        this.dpop = dpop;
        this.issuer = issuer;
        for (GrantHandler h : handlers) this.handlers.put(h.grantType(), h);
    }

    public TokenResponse handle(String authorization, FormParameters params) {
        return handle(authorization, List.of(), params);
    }

    /** @param dpopProofs the request's {@code DPoP} header values: none, or one proof (RFC 9449 §4.3 step 1) */
    public TokenResponse handle(String authorization, List<String> dpopProofs, FormParameters params) {
        AuthenticatedClient client = clients.authenticate(authorization, params);
        String grantType = params.require("grant_type");
        GrantHandler handler = handlers.get(grantType);
        if (handler == null) throw OAuthError.unsupportedGrantType("Unsupported grant_type " + grantType);
        if (!RecordInput.split(client.application().grantTypes).contains(grantType))
            throw OAuthError.unauthorizedClient("The application may not use the grant type " + grantType);
        client = bind(client, dpopProofs);
        TokenResponse tokens = handler.handle(params, client);
        metrics.tokenIssued(grantType, client.application().clientId, client.application().tokenFormat);
        return tokens;
    }

    /**
     * RFC 9449 §5: a valid proof binds the tokens to its key; without one, tokens are bearer tokens unless the application
     * has {@code dpop_bound_access_tokens} (§5.2).
     */
    private AuthenticatedClient bind(AuthenticatedClient client, List<String> proofs) {
        if (proofs.size() > 1) throw OAuthError.invalidDpopProof("Send at most one DPoP header");
        if (proofs.isEmpty()) {
            if (client.application().dpopBoundAccessTokens)
                throw OAuthError.invalidDpopProof("The application must send a DPoP proof with every token request");
            return client;
        }
        return client.boundTo(proofKey(proofs, "/oauth_token.do"));
    }

    /**
     * The thumbprint of the key of the request's one DPoP proof for a POST to {@code path} (RFC 9449 §4.3), or null when
     * there is none; the token endpoint and the PAR endpoint (§10.1) check proofs alike.
     */
    public String proofKey(List<String> proofs, String path) {
        if (proofs.size() > 1) throw OAuthError.invalidDpopProof("Send at most one DPoP header");
        if (proofs.isEmpty()) return null;
        if (dpop == null) throw OAuthError.invalidDpopProof("DPoP is not supported here");
        long now = System.currentTimeMillis();
        try {
            return dpop.verify(proofs.get(0), "POST", issuer.get() + path, null, now).jkt();
        } catch (DpopProofs.InvalidProof e) {
            throw e.nonceNeeded ? OAuthError.useDpopNonce(e.getMessage(), dpop.nonce(now)) : OAuthError.invalidDpopProof(e.getMessage());
        }
    }

    /** A fresh DPoP nonce for the response's {@code DPoP-Nonce} header, or null when nonces are off. */
    public String dpopNonce() {
        return dpop == null ? null : dpop.nonce(System.currentTimeMillis());
    }

    /** The grant types this server supports (RFC 8414 grant_types_supported). */
    public Set<String> grantTypes() {
        return handlers.keySet();
    }
}
