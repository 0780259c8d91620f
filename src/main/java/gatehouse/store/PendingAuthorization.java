package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A validated authorization request waiting for the user's Allow or Deny on the consent page. */
@Entity
@Table(name = "pending_authorization")
public class PendingAuthorization {
    @Id public String id;
    @Column(name = "session_hash") public String sessionHash;
    @Column(name = "client_id") public String clientId;
    @Column(name = "redirect_uri") public String redirectUri;
    /** Whether redirect_uri was in the request (RFC 6749 §4.1.3); added by schema version 2. */
    @Column(name = "redirect_uri_sent") public boolean redirectUriSent;
    @Column(name = "response_type") public String responseType;
    public String scope;
    public String state;
    @Column(name = "code_challenge") public String codeChallenge;
    @Column(name = "code_challenge_method") public String codeChallengeMethod;
    public String nonce;
    /** RFC 8707: the resources the request named, one per line; null: none. Added by schema version 20. */
    public String resources;
    /** RFC 9449 §10: the DPoP key thumbprint the code will be bound to, or null; added by schema version 19. */
    @Column(name = "dpop_jkt") public String dpopJkt;
    @Column(name = "created_at") public long createdAt;
    @Column(name = "expires_at") public long expiresAt;
}
