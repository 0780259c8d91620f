package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A device authorization request (RFC 8628 §3.2), table {@code oauth_device_code}: its device code and user code
 * kept only as SHA-256, what the device asked for, and what the user decided.
 */
@Entity
@Table(name = "oauth_device_code")
public class DeviceCode {
    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String DENIED = "denied";
    public static final String REDEEMED = "redeemed";

    @Id @Column(name = "device_hash") public String deviceHash;
    @Column(name = "user_hash") public String userHash;
    @Column(name = "client_id") public String clientId;
    public String scopes;
    public String status;
    @Column(name = "created_at") public long createdAt;
    @Column(name = "expires_at") public long expiresAt;
    /** Seconds the device must wait between polls (RFC 8628 §3.5); raised by 5 at each slow_down. */
    @Column(name = "poll_interval") public int pollInterval;
    @Column(name = "last_polled_at") public Long lastPolledAt;
    @Column(name = "user_sys_id") public String userSysId;
    /** OpenID Connect: when the approving user logged in (epoch ms) and the login session's sid. */
    @Column(name = "auth_time") public Long authTime;
    public String sid;
    /** RFC 8707: the resources the device authorization request named, one per line; null: none. */
    public String resources;
    @Column(name = "decided_at") public Long decidedAt;
}
