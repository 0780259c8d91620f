package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Who changed what, when and from where; never a secret. */
@Entity
@Table(name = "audit_log")
public class AuditEntry {
    @Id public String id;
    @Column(name = "logged_at") public long at;
    public String actor;
    public String action;
    @Column(name = "table_name") public String tableName;
    @Column(name = "record_id") public String recordId;
    public String detail;
    @Column(name = "remote_address") public String remoteAddress;
}
