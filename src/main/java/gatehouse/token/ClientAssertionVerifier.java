package gatehouse.token;

import gatehouse.store.Application;

/**
 * The seam for {@code private_key_jwt} client authentication (RFC 7523 §2.2): given the
 * {@code client_assertion} of a request, returns the application whose registered key signed it, or throws
 * {@code invalid_client}. {@link #UNSUPPORTED} refuses every assertion until that method is built.
 */
public interface ClientAssertionVerifier {
    String JWT_BEARER_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /**
     * @param clientId  the {@code client_id} parameter, if the request sent one (it must then match the assertion's {@code sub})
     * @param assertion the signed JWT
     */
    Application verify(String clientId, String assertion);

    ClientAssertionVerifier UNSUPPORTED = (clientId, assertion) -> {
        throw OAuthError.invalidClient("Client authentication with private_key_jwt is not supported");
    };
}
