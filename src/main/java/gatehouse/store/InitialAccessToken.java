package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An initial access token for dynamic client registration (RFC 7591 §3), made by an admin; only its hash is kept. */
@Entity
@Table(name = "oauth_initial_access_token")
public class InitialAccessToken {
    @Id @Column(name = "sys_id") public String sysId;
    public String name;
    /** SHA-256 of the token, base64url. */
    @Column(name = "token_hash") public String tokenHash;
    @Column(name = "expires_at") public long expiresAt;
    /** How many registrations it may make; 0: any number until it expires. */
    @Column(name = "max_uses") public int maxUses;
    public int uses;
    public boolean revoked;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;
}
