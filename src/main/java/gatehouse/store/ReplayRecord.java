package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A used one-time value (a JWT's jti): its primary key makes a second use fail on every node. */
@Entity
@Table(name = "replay_record")
public class ReplayRecord {
    @Id public String id;
    @Column(name = "expires_at") public long expiresAt;
}
