package gatehouse.record;

/** Who makes a change and from where, for sys_created_by / sys_updated_by and the audit log. */
public record Actor(String userName, String remoteAddress) {
    public static final Actor SYSTEM = new Actor("system", null);
}
