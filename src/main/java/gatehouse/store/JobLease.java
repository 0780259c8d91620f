package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A lease on a scheduled job, so that only one node runs it at a time. */
@Entity
@Table(name = "job_lease")
public class JobLease {
    @Id public String name;
    public String holder;
    @Column(name = "lease_until") public long leaseUntil;
    @Column(name = "last_run_at") public long lastRunAt;
}
