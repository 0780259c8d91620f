package gatehouse.token;

import gatehouse.metrics.Metrics;
import gatehouse.record.RecordInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The token endpoint's logic (RFC 6749 §3.2): authenticate the client, pick the handler by
 * {@code grant_type}, check that the application may use it, and let the handler issue the tokens.
 */
public final class TokenEndpoint {
    private final ClientAuthenticator clients;
    private final Map<String, GrantHandler> handlers = new LinkedHashMap<>();
    private final Metrics metrics;

    public TokenEndpoint(ClientAuthenticator clients, List<GrantHandler> handlers, Metrics metrics) {
        this.clients = clients;
        this.metrics = metrics;
        for (GrantHandler h : handlers) this.handlers.put(h.grantType(), h);
    }

    public TokenResponse handle(String authorization, FormParameters params) {
        AuthenticatedClient client = clients.authenticate(authorization, params);
        String grantType = params.require("grant_type");
        GrantHandler handler = handlers.get(grantType);
        if (handler == null) throw OAuthError.unsupportedGrantType("Unsupported grant_type " + grantType);
        if (!RecordInput.split(client.application().grantTypes).contains(grantType))
            throw OAuthError.unauthorizedClient("The application may not use the grant type " + grantType);
        TokenResponse tokens = handler.handle(params, client);
        metrics.tokenIssued(grantType, client.application().clientId, client.application().tokenFormat);
        return tokens;
    }

    /** The grant types this server supports (RFC 8414 grant_types_supported). */
    public Set<String> grantTypes() {
        return handlers.keySet();
    }
}
