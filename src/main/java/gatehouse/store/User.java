package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** A person or integration account ({@code sys_user}). */
@Entity
@Table(name = "sys_user")
public class User {
    @Id @Column(name = "sys_id") public String sysId;
    @Column(name = "user_name") public String userName;
    /** {@code pbkdf2-sha256$iterations$salt$hash}, see {@link gatehouse.user.PasswordHasher}; null: cannot log in. */
    @Column(name = "password_hash") public String passwordHash;
    @Column(name = "first_name") public String firstName;
    @Column(name = "last_name") public String lastName;
    public String email;
    /** Comma-separated role names. */
    public String roles;
    public boolean active = true;
    @Column(name = "locked_out") public boolean lockedOut;
    @Column(name = "failed_attempts") public int failedAttempts;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;

    public Set<String> roleSet() {
        Set<String> set = new LinkedHashSet<>();
        if (roles != null) Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(set::add);
        return set;
    }

    public boolean hasRole(String role) { return roleSet().contains(role); }
}
