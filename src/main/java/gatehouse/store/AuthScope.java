package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A named scope an application may ask for, with the words the consent page shows and the APIs it opens. */
@Entity
@Table(name = "oauth_auth_scope")
public class AuthScope {
    @Id @Column(name = "sys_id") public String sysId;
    public String name;
    /** The words shown on the consent page. */
    public String description;
    /** APIs this scope opens, one per line (e.g. {@code table/incident}). */
    public String apis;
    @Column(name = "sys_created_on") public long createdOn;
}
