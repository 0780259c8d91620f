package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Failed credential checks for one key, shared by all nodes: a user name ({@code name:…}: failures in a row, lockouts so
 * far, the end of the current lockout), an address or an address and what it tried to log in as ({@code addr:…},
 * {@code pair:…}: failures in the current window and when its throttling ends). See {@code gatehouse.user.Authenticator}.
 */
@Entity
@Table(name = "login_throttle")
public class LoginThrottle {
    @Id @Column(name = "throttle_key") public String key;
    public int failures;
    @Column(name = "last_failure_at") public long lastFailureAt;
    @Column(name = "blocked_until") public long blockedUntil;
    /** For a user name: how many times it has been locked since its last successful log-in. */
    public int lockouts;
    /** For an address: when the window its failures are counted in began. */
    @Column(name = "window_start") public long windowStart;
}
