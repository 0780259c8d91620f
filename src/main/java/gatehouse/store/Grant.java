package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One authorization: every token issued from one code, password or assertion exchange; revoked as a whole. */
@Entity
@Table(name = "oauth_grant")
public class Grant {
    @Id public String id;
    @Column(name = "client_id") public String clientId;
    @Column(name = "user_sys_id") public String userSysId;
    public String scopes;
    @Column(name = "grant_type") public String grantType;
    @Column(name = "created_at") public long createdAt;
    @Column(name = "revoked_at") public Long revokedAt;
    /** OpenID Connect: when the person logged in (epoch ms) and the login session's sid, for the ID tokens of a refresh. */
    @Column(name = "auth_time") public Long authTime;
    public String sid;
    /** RFC 8707 §2.2: the resources granted, one per line, which its tokens may name; null: none (the default audience only). */
    public String resources;
    /** Token exchange (RFC 8693): the grant of the subject token; this grant's tokens die with it. Null for other grants. */
    @Column(name = "parent_grant_id") public String parentGrantId;
}
