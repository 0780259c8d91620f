package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An OAuth entity profile ({@code oauth_entity_profile}): which grant and scopes to ask an outbound provider for. */
@Entity
@Table(name = "oauth_entity_profile")
public class OAuthProfile {
    @Id @Column(name = "sys_id") public String sysId;
    public String name;
    /** sys_id of the provider ({@code oauth_entity} with type oauth_provider). */
    @Column(name = "oauth_entity") public String oauthEntity;
    @Column(name = "grant_type") public String grantType;
    /** One scope per line. */
    public String scopes;
    @Column(name = "is_default") public boolean isDefault;
    /** JWT bearer grant: the assertion's sub (default: the client_id). */
    @Column(name = "jwt_subject") public String jwtSubject;
    /** JWT bearer grant: the assertion's aud (default: the Token URL). */
    @Column(name = "jwt_audience") public String jwtAudience;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;
}
