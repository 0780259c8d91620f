package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Failed password attempts for one key (a user name), shared by all nodes. */
@Entity
@Table(name = "login_throttle")
public class LoginThrottle {
    @Id @Column(name = "throttle_key") public String key;
    public int failures;
    @Column(name = "last_failure_at") public long lastFailureAt;
    @Column(name = "blocked_until") public long blockedUntil;
}
