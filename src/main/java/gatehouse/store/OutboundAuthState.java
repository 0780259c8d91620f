package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An outbound authorization code request in flight: its state (hashed), bound to one login session, single use. */
@Entity
@Table(name = "oauth_outbound_state")
public class OutboundAuthState {
    @Id @Column(name = "state_hash") public String stateHash;
    @Column(name = "session_hash") public String sessionHash;
    public String profile;
    @Column(name = "user_sys_id") public String userSysId;
    /** The PKCE code_verifier, sealed under the master key; null without PKCE. */
    @Column(name = "code_verifier_enc") public String codeVerifierEnc;
    @Column(name = "redirect_uri") public String redirectUri;
    @Column(name = "created_at") public long createdAt;
    @Column(name = "expires_at") public long expiresAt;
}
