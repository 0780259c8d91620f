package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The tokens an outbound profile holds ({@code oauth_credential}): one row per profile and holder (a user for
 * the authorization code grant, else the whole instance). Token values are sealed under the master key.
 */
@Entity
@Table(name = "oauth_credential")
public class OAuthCredential {
    public static final String INSTANCE = "instance";

    @Id @Column(name = "sys_id") public String sysId;
    public String profile;
    @Column(name = "oauth_entity") public String oauthEntity;
    /** A user's sys_id, or {@value #INSTANCE}. */
    public String holder;
    @Column(name = "user_sys_id") public String userSysId;
    @Column(name = "token_type") public String tokenType;
    @Column(name = "access_token_enc") public String accessTokenEnc;
    @Column(name = "refresh_token_enc") public String refreshTokenEnc;
    public String scope;
    /** When the access token expires (epoch millis); null when the provider did not say. */
    @Column(name = "expires_at") public Long expiresAt;
    @Column(name = "refresh_expires_at") public Long refreshExpiresAt;
    /** No token can be had without a person using Get OAuth Token. */
    @Column(name = "needs_person") public boolean needsPerson;
    @Column(name = "last_error") public String lastError;
    @Column(name = "last_refreshed_at") public Long lastRefreshedAt;
    /** How many times the tokens were fetched or refreshed (for tests and the console). */
    @Column(name = "refresh_count") public int refreshCount;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
}
