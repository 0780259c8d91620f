package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A token signing key pair; the private part encrypted under the master key. */
@Entity
@Table(name = "signing_key")
public class SigningKey {
    public static final String ACTIVE = "active";
    public static final String INACTIVE = "inactive";
    /** Past its purge date: no longer published; private part erased. */
    public static final String PURGED = "purged";

    @Id public String kid;
    public String alg;
    public String state;
    /** X.509 SubjectPublicKeyInfo, base64. */
    @Column(name = "public_key") public String publicKey;
    /** PKCS#8 private key encrypted with AES-GCM under the master key, base64. */
    @Column(name = "private_key_enc") public String privateKeyEnc;
    @Column(name = "created_at") public long createdAt;
    @Column(name = "rotated_at") public Long rotatedAt;
    @Column(name = "purge_at") public Long purgeAt;
}
