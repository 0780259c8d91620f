package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A pushed authorization request (RFC 9126 §2), table {@code par_request}: the SHA-256 of its request_uri's random
 * part, the client that pushed it, its validated parameters (form-urlencoded), and how far it got at the
 * authorization endpoint.
 */
@Entity
@Table(name = "par_request")
public class PushedRequest {
    @Id @Column(name = "id_hash") public String idHash;
    @Column(name = "client_id") public String clientId;
    public String parameters;
    @Column(name = "created_at") public long createdAt;
    @Column(name = "expires_at") public long expiresAt;
    /** Taken at the authorization endpoint (RFC 9126 §4: one-time use). */
    public boolean used;
    /** SHA-256 of the browser cookie that took the request to the log-in page and may bring it back; null otherwise. */
    @Column(name = "browser_hash") public String browserHash;
    /** When the request was sent to log in (epoch ms): a log-in after it satisfies prompt=login and max_age. */
    @Column(name = "login_after") public Long loginAfter;
}
