package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** RFC 6749 §4.1.2: single use, short-lived, bound to client, redirect URI, PKCE challenge, user and scopes. */
@Entity
@Table(name = "oauth_code")
public class AuthorizationCode {
    @Id @Column(name = "code_hash") public String codeHash;
    @Column(name = "client_id") public String clientId;
    @Column(name = "redirect_uri") public String redirectUri;
    /** Whether redirect_uri was in the authorization request (RFC 6749 §4.1.3). */
    @Column(name = "redirect_uri_sent") public boolean redirectUriSent;
    @Column(name = "code_challenge") public String codeChallenge;
    @Column(name = "user_sys_id") public String userSysId;
    public String scopes;
    /** OpenID Connect: the request's nonce, when it had one. */
    public String nonce;
    /** OpenID Connect: when the person logged in (epoch ms) and the login session's sid; added by schema version 11. */
    @Column(name = "auth_time") public Long authTime;
    public String sid;
    /** RFC 8707: the resources the authorization request named, one per line; null: none. */
    public String resources;
    @Column(name = "created_at") public long createdAt;
    @Column(name = "expires_at") public long expiresAt;
    @Column(name = "used_at") public Long usedAt;
    /** RFC 9449 §10: the thumbprint of the DPoP key the redemption must prove, or null; added by schema version 19. */
    @Column(name = "dpop_jkt") public String dpopJkt;
    /** The grant its redemption started, so that a replay can revoke it. */
    @Column(name = "grant_id") public String grantId;
}
