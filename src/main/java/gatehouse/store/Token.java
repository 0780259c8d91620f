package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An issued access or refresh token. Only the SHA-256 of the token is kept ({@code token_hash});
 * a JWT access token is kept by its {@code jti} so that it can be revoked.
 */
@Entity
@Table(name = "oauth_token")
public class Token {
    public static final String ACCESS = "access";
    public static final String REFRESH = "refresh";

    @Id @Column(name = "token_hash") public String tokenHash;
    public String kind;
    /** jwt or opaque (access tokens). */
    public String format;
    public String jti;
    @Column(name = "grant_id") public String grantId;
    @Column(name = "client_id") public String clientId;
    @Column(name = "user_sys_id") public String userSysId;
    public String scopes;
    @Column(name = "issued_at") public long issuedAt;
    @Column(name = "expires_at") public long expiresAt;
    @Column(name = "revoked_at") public Long revokedAt;
    /** Refresh tokens: when this one was exchanged for its successor. */
    @Column(name = "rotated_at") public Long rotatedAt;
    /** DPoP (RFC 9449 §6): the RFC 7638 thumbprint of the key the token is bound to; null for a bearer token. */
    @Column(name = "dpop_jkt") public String dpopJkt;
    /** An access token's audience (RFC 8707, RFC 8693), one per line; null: the issuer. */
    public String audience;
    /** RFC 8693 §4.1: the act claim of a delegated access token, as JSON; null: none. */
    public String act;
}
