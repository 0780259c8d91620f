package gatehouse.admin;

import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.store.User;
import gatehouse.user.Users;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * User pages (role {@code admin}): list and search, create, edit (roles, Active, Locked out), unlock, set
 * password. Every write through {@link Users}, which applies the password policy and hashing, and clears
 * the login throttle when an account is unlocked.
 */
final class UserPages extends RecordPages<User> {
    static final int PAGE_SIZE = 25;
    static final List<String> KNOWN_ROLES = List.of("admin", "oauth_admin", "itil");

    @Override
    void showNew(Console c) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("active", true);
        form.put("roles", Set.of());
        showForm(c, null, form, Map.of(), 200);
    }

    @Override
    void create(Console c) throws IOException, ServletException { save(c, null); }

    @Override
    User find(Console c, String sysId) {
        return orNotFound(c.g.users.find(sysId), Users.TABLE, sysId);
    }

    @Override
    void show(Console c, User u) throws IOException, ServletException { showForm(c, u, formOf(u), Map.of(), 200); }

    /** {@code unlock} and {@code password}: buttons on the user's form, POST only. */
    @Override
    void action(Console c, User u, String action) throws IOException, ServletException {
        if (action.equals("unlock") && c.isPost()) {
            c.g.users.update(u.sysId, new RecordInput(new LinkedHashMap<>(Map.of("locked_out", false))), c.actor());
            c.redirect(Section.USERS.getPath() + "/" + u.sysId + "?done=unlocked");
        } else if (action.equals("password") && c.isPost()) {
            setPassword(c, u);
        } else {
            throw ConsoleException.notFound();
        }
    }

    @Override
    void list(Console c) throws IOException, ServletException {
        String q = c.text("q");
        int page = c.page();
        ConsoleQueries.Page<User> found = ConsoleQueries.users(c.g.db, q, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (User u : found.items()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sysId", u.sysId);
            row.put("userName", u.userName);
            row.put("name", ((u.firstName == null ? "" : u.firstName) + " " + (u.lastName == null ? "" : u.lastName)).trim());
            row.put("email", u.email);
            row.put("roles", String.join(", ", u.roleSet()));
            row.put("active", u.active);
            row.put("lockedOut", u.lockedOut);
            rows.add(row);
        }
        c.set("rows", rows);
        c.set("q", q);
        Paging.expose(c, page, PAGE_SIZE, found.total(), "q", q);
        c.render("users");
    }

    private static Map<String, Object> formOf(User u) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("user_name", u.userName);
        f.put("first_name", u.firstName);
        f.put("last_name", u.lastName);
        f.put("email", u.email);
        Set<String> roles = u.roleSet();
        f.put("roles", roles);
        f.put("other_roles", String.join(", ", roles.stream().filter(r -> !KNOWN_ROLES.contains(r)).toList()));
        f.put("active", u.active);
        f.put("locked_out", u.lockedOut);
        return f;
    }

    @Override
    void save(Console c, User existing) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String f : List.of("user_name", "first_name", "last_name", "email", "other_roles")) form.put(f, c.text(f));
        Set<String> roles = new LinkedHashSet<>();
        for (String r : c.params("roles")) if (KNOWN_ROLES.contains(r)) roles.add(r);
        form.put("roles", new LinkedHashSet<>(roles));
        for (String r : ((String) form.get("other_roles")).split("[,\\s]+")) if (!r.isBlank()) roles.add(r.trim());
        form.put("active", c.checked("active"));
        form.put("locked_out", c.checked("locked_out"));

        Map<String, Object> record = new LinkedHashMap<>();
        for (String f : List.of("user_name", "first_name", "last_name", "email")) record.put(f, form.get(f));
        record.put("roles", new ArrayList<>(roles));
        record.put("active", form.get("active"));
        Map<String, String> errors = new LinkedHashMap<>();
        if (existing == null) {
            String password = c.param("user_password");
            if (password != null && !password.isEmpty()) {
                if (!password.equals(c.param("user_password_confirm"))) errors.put("user_password_confirm", "does not match the password");
                record.put("user_password", password);
            }
        } else {
            record.put("locked_out", form.get("locked_out"));
            if (existing.sysId.equals(c.session.user().sysId)) {
                if (!Boolean.TRUE.equals(form.get("active"))) errors.put("active", "cannot be turned off for your own account");
                if (Boolean.TRUE.equals(form.get("locked_out"))) errors.put("locked_out", "cannot be set on your own account");
                if (existing.hasRole("admin") && !roles.contains("admin")) errors.put("roles", "cannot lose admin on your own account");
            }
        }
        if (!errors.isEmpty()) {
            showForm(c, existing, form, errors, 400);
            return;
        }
        try {
            if (existing == null) {
                User created = c.g.users.create(new RecordInput(record), c.actor());
                c.redirect(Section.USERS.getPath() + "/" + created.sysId + "?done=created");
            } else {
                c.g.users.update(existing.sysId, new RecordInput(record), c.actor());
                c.redirect(Section.USERS.getPath() + "/" + existing.sysId + "?done=saved");
            }
        } catch (InvalidRecordException e) {
            showForm(c, existing, form, e.fieldErrors(), 400);
        }
    }

    private void setPassword(Console c, User u) throws IOException, ServletException {
        String password = c.param("user_password");
        Map<String, String> errors = new LinkedHashMap<>();
        if (password == null || password.isEmpty()) errors.put("user_password", "is required");
        else if (!password.equals(c.param("user_password_confirm"))) errors.put("user_password_confirm", "does not match the password");
        if (errors.isEmpty()) {
            try {
                c.g.users.update(u.sysId, new RecordInput(new LinkedHashMap<>(Map.of("user_password", password))), c.actor());
                c.redirect(Section.USERS.getPath() + "/" + u.sysId + "?done=password");
                return;
            } catch (InvalidRecordException e) {
                errors.putAll(e.fieldErrors());
            }
        }
        showForm(c, u, formOf(u), errors, 400);
    }

    private void showForm(Console c, User existing, Map<String, Object> form, Map<String, String> errors, int status)
            throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        c.set("knownRoles", KNOWN_ROLES);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        if (existing != null) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("sysId", existing.sysId);
            user.put("userName", existing.userName);
            long lockedUntil = existing.lockedOut ? 0 : c.g.authenticator.lockedUntil(existing.userName);
            user.put("lockedOut", existing.lockedOut || lockedUntil > 0);
            if (lockedUntil > 0) user.put("lockedUntil", Console.time(lockedUntil));
            user.put("failedAttempts", existing.failedAttempts);
            user.put("created", Console.time(existing.createdOn) + " by " + existing.createdBy);
            user.put("updated", Console.time(existing.updatedOn) + " by " + existing.updatedBy);
            c.set("user", user);
            if (errors.isEmpty()) {
                String done = c.param("done");
                if ("created".equals(done)) c.set("notice", "User created.");
                if ("saved".equals(done)) c.set("notice", "Saved.");
                if ("unlocked".equals(done)) c.set("notice", "Account unlocked; its failed log-in count is cleared.");
                if ("password".equals(done)) c.set("notice", "Password set.");
            }
        }
        c.render("user-form", status);
    }
}
