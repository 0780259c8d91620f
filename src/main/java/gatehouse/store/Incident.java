package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A ServiceNow-style incident, the Table API's sample business record. */
@Entity
@Table(name = "incident")
public class Incident {
    @Id @Column(name = "sys_id") public String sysId;
    public String number;
    @Column(name = "short_description") public String shortDescription;
    public String description;
    public int state = 1;
    public int impact = 3;
    public int urgency = 3;
    public int priority = 5;
    public String category;
    /** sys_id of a sys_user (user names before migration 009). */
    @Column(name = "caller_id") public String callerId;
    @Column(name = "assigned_to") public String assignedTo;
    @Column(name = "opened_by") public String openedBy;
    @Column(name = "opened_at") public long openedAt;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;
}
