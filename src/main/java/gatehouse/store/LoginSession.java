package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A logged-in browser: the cookie holds a random value, the row only its hash (CONTRACT "Several nodes"). */
@Entity
@Table(name = "login_session")
public class LoginSession {
    @Id @Column(name = "id_hash") public String idHash;
    @Column(name = "user_sys_id") public String userSysId;
    /** Secret for the CSRF tokens of this session's forms. */
    @Column(name = "csrf_secret") public String csrfSecret;
    @Column(name = "created_at") public long createdAt;
    @Column(name = "last_seen_at") public long lastSeenAt;
    @Column(name = "expires_at") public long expiresAt;
    @Column(name = "remote_address") public String remoteAddress;
}
