package gatehouse.token;

import java.util.Optional;
import java.util.Set;

/** The one way the API learns what an access token stands for (STYLE: the Table API never reads token tables). */
public interface AccessTokenValidator {

    /**
     * What a valid access token carries. {@code userSysId} is null for a token that acts for no user; {@code dpopJkt} is
     * the thumbprint of the DPoP key it is bound to (RFC 9449 §6), null for a bearer token.
     */
    record ValidToken(String userSysId, String clientId, Set<String> scopes, long expiresAt, String grantId, String jti, String dpopJkt) {
        public ValidToken(String userSysId, String clientId, Set<String> scopes, long expiresAt, String grantId, String jti) {
            this(userSysId, clientId, scopes, expiresAt, grantId, jti, null);
        }
    }

    /** The token's meaning when it is genuine, unexpired and not revoked (nor its grant, nor its application); else empty. */
    Optional<ValidToken> validate(String token);
}
