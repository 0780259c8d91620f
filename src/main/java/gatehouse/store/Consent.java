package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user's remembered Allow for one application and set of scopes. */
@Entity
@Table(name = "oauth_consent")
public class Consent {
    @Id public String id;
    @Column(name = "user_sys_id") public String userSysId;
    @Column(name = "client_id") public String clientId;
    /** Space-separated, sorted. */
    public String scopes;
    @Column(name = "granted_at") public long grantedAt;
}
