package gatehouse.incident;

import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.EncodedQuery;
import gatehouse.record.QueryFields;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordList;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Database;
import gatehouse.store.Incident;
import gatehouse.store.User;
import gatehouse.user.Users;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The incident table: the one place that validates and writes incidents, for the Table API and the
 * console alike. Every write is one transaction with its audit entry.
 */
public final class IncidentService {
    public static final String TABLE = "incident";
    /** Fields a client may set. */
    public static final Set<String> WRITABLE = Set.of("short_description", "description", "state", "impact", "urgency",
            "category", "caller_id", "assigned_to", "opened_at");
    /** Fields only the server sets. */
    public static final Set<String> READ_ONLY = Set.of("sys_id", "number", "priority", "sys_created_on", "sys_updated_on",
            "sys_created_by", "sys_updated_by", "sys_mod_count");
    /** ServiceNow's incident states: New, In Progress, On Hold, Resolved, Closed, Canceled. */
    public static final Map<Integer, String> STATES = Map.of(1, "New", 2, "In Progress", 3, "On Hold", 6, "Resolved",
            7, "Closed", 8, "Canceled");
    /** What {@code sysparm_query} may name on incidents. */
    public static final QueryFields QUERY_FIELDS = QueryFields.builder()
            .string("sys_id", "sysId").string("number", "number")
            .string("short_description", "shortDescription").string("description", "description")
            .integer("state", "state").integer("impact", "impact").integer("urgency", "urgency").integer("priority", "priority")
            .string("category", "category").string("caller_id", "callerId").string("assigned_to", "assignedTo")
            .dateTime("opened_at", "openedAt").dateTime("sys_created_on", "createdOn").dateTime("sys_updated_on", "updatedOn")
            .string("sys_created_by", "createdBy").string("sys_updated_by", "updatedBy").integer("sys_mod_count", "modCount")
            .build();
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final Database db;
    private final Users users;

    public IncidentService(Database db, Users users) {
        this.db = db;
        this.users = users;
    }

    public Incident find(String sysId) {
        return db.read(em -> em.find(Incident.class, sysId));
    }

    public RecordList.Page<Incident> list(EncodedQuery query, int offset, int limit) {
        return db.read(em -> RecordList.run(em, Incident.class, query, offset, limit, List.of("createdOn"), "sysId"));
    }

    /** A new incident with the next number ({@link Incidents#nextNumber}), taken in the same transaction. */
    public Incident create(RecordInput in, Actor actor) {
        Incident i = new Incident();
        long now = System.currentTimeMillis();
        i.openedAt = now;
        apply(i, in, Mode.CREATE);
        i.sysId = Secrets.sysId();
        i.createdOn = now;
        i.updatedOn = now;
        i.createdBy = actor.userName();
        i.updatedBy = actor.userName();
        return db.tx(em -> {
            i.number = Incidents.nextNumber(em);
            em.persist(i);
            Audit.record(em, actor, "create", TABLE, i.sysId, "number=" + i.number + " fields=" + changed(in));
            return i;
        });
    }

    /** PATCH: changes only the fields sent. */
    public Incident update(String sysId, RecordInput in, Actor actor) {
        return write(sysId, in, actor, Mode.UPDATE);
    }

    /** PUT: the record becomes what was sent; writable fields not sent return to their defaults. */
    public Incident replace(String sysId, RecordInput in, Actor actor) {
        return write(sysId, in, actor, Mode.REPLACE);
    }

    public void delete(String sysId, Actor actor) {
        db.tx(em -> {
            Incident i = em.find(Incident.class, sysId);
            if (i == null) throw new RecordNotFoundException(TABLE, sysId);
            em.remove(i);
            Audit.record(em, actor, "delete", TABLE, sysId, "number=" + i.number);
            return null;
        });
    }

    private Incident write(String sysId, RecordInput in, Actor actor, Mode mode) {
        return db.tx(em -> {
            Incident i = em.find(Incident.class, sysId);
            if (i == null) throw new RecordNotFoundException(TABLE, sysId);
            apply(i, in, mode);
            i.updatedOn = System.currentTimeMillis();
            i.updatedBy = actor.userName();
            Audit.record(em, actor, mode == Mode.REPLACE ? "replace" : "update", TABLE, i.sysId,
                    "number=" + i.number + " fields=" + changed(in));
            return i;
        });
    }

    private enum Mode { CREATE, UPDATE, REPLACE }

    /** Validates every field first, then writes them all; a wrong field leaves {@code i} untouched. */
    private void apply(Incident i, RecordInput in, Mode mode) {
        for (String f : READ_ONLY) if (in.has(f)) in.error(f, "is read-only");
        for (String f : in.names()) if (!WRITABLE.contains(f) && !READ_ONLY.contains(f)) in.error(f, "is not a field of this table");
        boolean all = mode != Mode.UPDATE;      // create and replace set every writable field
        String shortDescription = in.text("short_description", 160);
        if (all && shortDescription == null && !in.errors().containsKey("short_description"))
            in.error("short_description", "is required");
        if (mode == Mode.UPDATE && in.has("short_description") && shortDescription == null && !in.errors().containsKey("short_description"))
            in.error("short_description", "is required");
        String description = in.text("description", 4000);
        Integer state = in.integer("state", 1, 8);
        if (state != null && !STATES.containsKey(state))
            in.error("state", "must be one of 1 (New), 2 (In Progress), 3 (On Hold), 6 (Resolved), 7 (Closed), 8 (Canceled)");
        Integer impact = in.integer("impact", 1, 3);
        Integer urgency = in.integer("urgency", 1, 3);
        String category = in.text("category", 40);
        String caller = user(in, "caller_id");
        String assignee = user(in, "assigned_to");
        Long openedAt = dateTime(in, "opened_at");
        in.throwIfInvalid();

        if (all || in.has("short_description")) i.shortDescription = shortDescription;
        if (all || in.has("description")) i.description = description;
        if (all || in.has("state")) i.state = state == null ? 1 : state;
        if (all || in.has("impact")) i.impact = impact == null ? 3 : impact;
        if (all || in.has("urgency")) i.urgency = urgency == null ? 3 : urgency;
        if (all || in.has("category")) i.category = category;
        if (all || in.has("caller_id")) i.callerId = caller;
        if (all || in.has("assigned_to")) i.assignedTo = assignee;
        if (openedAt != null) i.openedAt = openedAt;
        i.priority = Incidents.priority(i.impact, i.urgency);
    }

    /** A reference to a user, given as user name or sys_id; stored as the user name. */
    private String user(RecordInput in, String field) {
        String ref = in.text(field, 100);
        if (ref == null) return null;
        User u = users.findByIdOrName(ref);
        if (u == null) {
            in.error(field, "is not a user name or sys_id of a user");
            return null;
        }
        return u.userName;
    }

    /** {@code yyyy-MM-dd HH:mm:ss} in UTC, as the API shows times. */
    private static Long dateTime(RecordInput in, String field) {
        String s = in.text(field, 19);
        if (s == null) return null;
        try {
            return LocalDateTime.parse(s, DATE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            in.error(field, "must be a time as yyyy-MM-dd HH:mm:ss (UTC)");
            return null;
        }
    }

    private static String changed(RecordInput in) {
        return String.join(",", in.names().stream().sorted().toList());
    }

}
