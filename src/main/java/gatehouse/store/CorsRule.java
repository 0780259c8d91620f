package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A ServiceNow CORS rule ({@code sys_cors_rule}): which origin ({@code domain}) may call which REST API from a
 * browser, with which methods and headers. Lists are stored one item per line; {@link gatehouse.cors} reads them.
 */
@Entity
@Table(name = "sys_cors_rule")
public class CorsRule {
    @Id @Column(name = "sys_id") public String sysId;
    public String name;
    /** {@code table} (the Table API) or {@code attachment} (the Attachment API). */
    @Column(name = "rest_api") public String restApi;
    /** An origin pattern as ServiceNow writes it: {@code https://app.example.com}, {@code https://*.example.com}. */
    public String domain;
    @Column(name = "http_method") public String httpMethods;
    @Column(name = "allowed_headers") public String allowedHeaders;
    @Column(name = "exposed_headers") public String exposedHeaders;
    /** Seconds a browser may keep the preflight's answer. */
    @Column(name = "max_age") public int maxAge;
    public boolean active = true;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;
}
