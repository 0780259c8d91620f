package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.record.Actor;
import gatehouse.record.EncodedQuery;
import gatehouse.record.QueryFields;
import gatehouse.record.RecordList;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.User;
import gatehouse.user.Users;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sys_user} over the Table API: role {@code admin} only; {@code user_password} is write-only. */
final class UserTable implements Table {
    private final Gatehouse g;

    UserTable(Gatehouse g) {
        this.g = g;
    }

    @Override
    public void authorizeRead(Caller c) {
        if (!c.isAdmin()) throw ApiException.forbidden("sys_user needs the admin role");
        Scopes.require(c, "useraccount");
    }

    @Override
    public void authorizeWrite(Caller c) {
        authorizeRead(c);
    }

    /** What {@code sysparm_query} may name on sys_user (never the password hash). */
    static final QueryFields QUERY_FIELDS = QueryFields.builder()
            .string("sys_id", "sysId").string("user_name", "userName").string("first_name", "firstName")
            .string("last_name", "lastName").string("email", "email").string("roles", "roles")
            .bool("active", "active").bool("locked_out", "lockedOut").integer("failed_attempts", "failedAttempts")
            .dateTime("sys_created_on", "createdOn").dateTime("sys_updated_on", "updatedOn")
            .string("sys_created_by", "createdBy").string("sys_updated_by", "updatedBy").integer("sys_mod_count", "modCount")
            .build();

    @Override
    public Page list(ListQuery q, Caller c) {
        EncodedQuery query = EncodedQuery.parse(q.query(), QUERY_FIELDS);
        RecordList.Page<User> page = g.db.read(em -> RecordList.run(em, User.class, query, q.offset(), q.limit(),
                List.of("createdOn"), "sysId"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (User u : page.rows()) rows.add(ListQuery.select(json(u), q.fields()));
        return new Page(rows, page.total(), q.limit(), q.offset());
    }

    @Override
    public Map<String, Object> get(String sysId, Caller c) {
        User u = g.users.find(sysId);
        if (u == null) throw new RecordNotFoundException(Users.TABLE, sysId);
        return json(u);
    }

    @Override
    public Map<String, Object> create(Map<String, Object> body, Caller c, Actor actor) {
        body.remove("sys_id");
        return json(g.users.create(new RecordInput(body), actor));
    }

    @Override
    public Map<String, Object> update(String sysId, Map<String, Object> body, Caller c, Actor actor) {
        Object id = body.remove("sys_id");
        if (id != null && !sysId.equals(id)) throw ApiException.badRequest("sys_id in the body does not match the URL");
        return json(g.users.update(sysId, new RecordInput(body), actor));
    }

    @Override
    public void delete(String sysId, Caller c, Actor actor) {
        if (sysId.equals(c.user().sysId)) throw ApiException.badRequest("You cannot delete your own account");
        g.users.delete(sysId, actor);
    }

    static Map<String, Object> json(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", u.sysId);
        m.put("user_name", u.userName);
        m.put("first_name", u.firstName);
        m.put("last_name", u.lastName);
        m.put("email", u.email);
        m.put("active", u.active);
        m.put("locked_out", u.lockedOut);
        m.put("failed_attempts", u.failedAttempts);
        m.put("roles", new ArrayList<>(u.roleSet()));
        m.put("sys_created_on", Formats.dateTime(u.createdOn));
        m.put("sys_updated_on", Formats.dateTime(u.updatedOn));
        m.put("sys_created_by", u.createdBy);
        m.put("sys_updated_by", u.updatedBy);
        m.put("sys_mod_count", u.modCount);
        return m;
    }
}
