package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One outbound HTTP call ({@code sys_outbound_http_log}): never an Authorization header, a secret or a token. */
@Entity
@Table(name = "sys_outbound_http_log")
public class OutboundHttpLog {
    @Id @Column(name = "sys_id") public String sysId;
    @Column(name = "logged_at") public long loggedAt;
    /** execution, token or revocation. */
    public String kind;
    @Column(name = "rest_message") public String restMessage;
    @Column(name = "http_method_name") public String httpMethodName;
    @Column(name = "oauth_profile") public String oauthProfile;
    @Column(name = "request_method") public String requestMethod;
    /** The URL with secret-looking query values masked. */
    public String url;
    @Column(name = "status_code") public Integer statusCode;
    @Column(name = "elapsed_ms") public Long elapsedMs;
    /** none, fetched or refreshed. */
    @Column(name = "token_action") public String tokenAction;
    @Column(name = "remote_error") public String remoteError;
    public String actor;
}
