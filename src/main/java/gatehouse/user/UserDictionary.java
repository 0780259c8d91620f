package gatehouse.user;

import gatehouse.record.Dictionary;
import gatehouse.store.User;
import java.util.ArrayList;
import java.util.Set;

/** {@code sys_user} as the Table API shows it: role {@code admin} only; {@code user_password} is write-only. */
public final class UserDictionary {
    public static final Dictionary<User> USER = Dictionary.of(Users.TABLE, User.class)
            .access(new Dictionary.Access(Set.of("admin"), null, Set.of("admin"), null, false))
            .display(UserDictionary::name, "firstName", "lastName").lookup("userName").order("createdOn")
            .string("sys_id", "Sys ID", "sysId", u -> u.sysId).readOnly()
            .string("user_name", "User ID", "userName", u -> u.userName)
            .string("user_password", "Password", null, u -> null).writeOnly()
            .string("first_name", "First name", "firstName", u -> u.firstName)
            .string("last_name", "Last name", "lastName", u -> u.lastName)
            .string("name", "Name", null, UserDictionary::name).readOnly()
            .string("email", "Email", "email", u -> u.email)
            .bool("active", "Active", "active", u -> u.active)
            .bool("locked_out", "Locked out", "lockedOut", u -> u.lockedOut)
            .integer("failed_attempts", "Failed login attempts", "failedAttempts", u -> u.failedAttempts)
            .list("roles", "Roles", "roles", u -> new ArrayList<>(u.roleSet()))
            .system(u -> u.createdOn, u -> u.updatedOn, u -> u.createdBy, u -> u.updatedBy, u -> u.modCount)
            .build();

    private UserDictionary() { }

    /** ServiceNow's {@code name}: first and last name, or the user name when neither is set. */
    public static String name(User u) {
        String n = ((u.firstName == null ? "" : u.firstName) + " " + (u.lastName == null ? "" : u.lastName)).trim();
        return n.isEmpty() ? u.userName : n;
    }
}
