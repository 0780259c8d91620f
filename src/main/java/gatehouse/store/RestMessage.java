package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A REST message ({@code sys_rest_message}): an outbound endpoint and how to authenticate to it. */
@Entity
@Table(name = "sys_rest_message")
public class RestMessage {
    @Id @Column(name = "sys_id") public String sysId;
    public String name;
    public String description;
    public String endpoint;
    /** no_authentication, basic or oauth2. */
    @Column(name = "authentication_type") public String authenticationType = "no_authentication";
    @Column(name = "oauth_profile") public String oauthProfile;
    @Column(name = "basic_user") public String basicUser;
    /** Sealed under the master key; write-only. */
    @Column(name = "basic_password_enc") public String basicPasswordEnc;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;
}
