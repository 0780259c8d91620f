package gatehouse.token;

import gatehouse.client.ClientAssertions;
import gatehouse.store.Application;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code private_key_jwt} client authentication (RFC 7523 §2.2, §3): the client signs an assertion whose
 * {@code iss} and {@code sub} are its client_id and whose {@code aud} is the issuer or the token endpoint URL,
 * with a key registered on the application ({@code jwks} or {@code jwks_url}); single-use {@code jti}.
 */
public final class PrivateKeyJwtVerifier implements ClientAssertionVerifier {
    private final Function<String, Application> applications;
    private final ClientAssertions assertions;
    private final Supplier<String> issuer;

    public PrivateKeyJwtVerifier(Function<String, Application> applications, ClientAssertions assertions, Supplier<String> issuer) {
        this.applications = applications;
        this.assertions = assertions;
        this.issuer = issuer;
    }

    @Override
    public Application verify(String clientId, String assertion) {
        try {
            String iss = ClientAssertions.unverifiedIssuer(assertion);
            if (clientId != null && !clientId.equals(iss)) throw OAuthError.invalidClient("client_id does not match the assertion's iss");
            Application app = applications.apply(iss);
            if (app == null || !app.active || !"client".equals(app.type) || app.publicClient)
                throw OAuthError.invalidClient("Client authentication failed");
            assertions.verify(assertion, app, app.clientId, audiences(issuer.get()));
            return app;
        } catch (ClientAssertions.InvalidAssertionException e) {
            throw OAuthError.invalidClient("Invalid client assertion: " + e.getMessage());
        }
    }

    /**
     * RFC 7523 §3 item 3: the issuer, or the token endpoint URL (also accepted where the same assertion authenticates elsewhere);
     * RFC 9126 §2: the pushed authorization request endpoint URL too.
     */
    static List<String> audiences(String issuer) {
        return List.of(issuer, issuer + "/oauth_token.do", issuer + "/oauth_revoke_token.do", issuer + "/oauth_introspect.do",
                issuer + "/oauth_par.do");
    }
}
