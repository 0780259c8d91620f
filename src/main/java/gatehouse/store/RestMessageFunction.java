package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An HTTP method of a REST message ({@code sys_rest_message_fn}). */
@Entity
@Table(name = "sys_rest_message_fn")
public class RestMessageFunction {
    @Id @Column(name = "sys_id") public String sysId;
    /** sys_id of the REST message. */
    @Column(name = "rest_message") public String restMessage;
    public String name;
    @Column(name = "http_method") public String httpMethod;
    /** Blank: the message's endpoint. */
    public String endpoint;
    /** A JSON object of header name to value template. */
    public String headers;
    /** A JSON object of parameter name to value template. */
    @Column(name = "query_parameters") public String queryParameters;
    /** The body template. */
    public String content;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;
}
