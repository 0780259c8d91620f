package gatehouse.incident;

import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.EncodedQuery;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordList;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Database;
import gatehouse.store.Incident;
import gatehouse.store.JournalEntry;
import jakarta.persistence.EntityManager;
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
    /** Fields only the server sets, as the dictionary declares them. */
    public static final Set<String> READ_ONLY = Set.copyOf(IncidentDictionary.INCIDENT.readOnlyColumns());
    /** Fields a client may set: the dictionary's other columns. */
    public static final Set<String> WRITABLE = IncidentDictionary.INCIDENT.names().stream().filter(n -> !READ_ONLY.contains(n))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** Journal fields: each value written becomes an entry of {@code sys_journal_field}. */
    public static final List<String> JOURNAL = IncidentDictionary.INCIDENT.names().stream()
            .filter(n -> IncidentDictionary.INCIDENT.column(n).type() == gatehouse.record.Dictionary.Type.JOURNAL).toList();
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
        Map<String, String> journal = apply(i, in, Mode.CREATE);
        User opener = users.findByName(actor.userName());
        i.openedBy = opener == null ? null : opener.sysId;
        i.sysId = Secrets.sysId();
        i.createdOn = now;
        i.updatedOn = now;
        i.createdBy = actor.userName();
        i.updatedBy = actor.userName();
        return db.tx(em -> {
            i.number = Incidents.nextNumber(em);
            em.persist(i);
            journal(em, i, journal, actor, now);
            Audit.record(em, actor, "create", TABLE, i.sysId, "number=" + i.number + " fields=" + changed(in));
            return i;
        });
    }

    /** PATCH and PUT alike (ServiceNow's semantics): changes only the fields sent. */
    public Incident update(String sysId, RecordInput in, Actor actor) {
        return db.tx(em -> {
            Incident i = em.find(Incident.class, sysId);
            if (i == null) throw new RecordNotFoundException(TABLE, sysId);
            Map<String, String> journal = apply(i, in, Mode.UPDATE);
            i.updatedOn = System.currentTimeMillis();
            i.updatedBy = actor.userName();
            journal(em, i, journal, actor, i.updatedOn);
            Audit.record(em, actor, "update", TABLE, i.sysId, "number=" + i.number + " fields=" + changed(in));
            return i;
        });
    }

    /** The journal entries of one record, oldest first. */
    public List<JournalEntry> journal(String sysId) {
        return db.read(em -> em.createQuery("SELECT j FROM JournalEntry j WHERE j.elementId = :id ORDER BY j.createdOn, j.sysId", JournalEntry.class)
                .setParameter("id", sysId).getResultList());
    }

    private static void journal(EntityManager em, Incident i, Map<String, String> entries, Actor actor, long at) {
        for (Map.Entry<String, String> e : entries.entrySet()) {
            JournalEntry j = new JournalEntry();
            j.sysId = Secrets.sysId();
            j.name = TABLE;
            j.element = e.getKey();
            j.elementId = i.sysId;
            j.journalValue = e.getValue();
            j.createdOn = at;
            j.createdBy = actor.userName();
            em.persist(j);
        }
    }

    public void delete(String sysId, Actor actor) {
        db.tx(em -> {
            Incident i = em.find(Incident.class, sysId);
            if (i == null) throw new RecordNotFoundException(TABLE, sysId);
            em.remove(i);
            em.createQuery("DELETE FROM JournalEntry j WHERE j.elementId = :id").setParameter("id", sysId).executeUpdate();
            Audit.record(em, actor, "delete", TABLE, sysId, "number=" + i.number);
            return null;
        });
    }

    private enum Mode { CREATE, UPDATE }

    /**
     * Validates every field first, then writes them all; a wrong field leaves {@code i} untouched. Returns the
     * journal entries to add (field to text).
     */
    private Map<String, String> apply(Incident i, RecordInput in, Mode mode) {
        for (String f : READ_ONLY) if (in.has(f)) in.error(f, "is read-only");
        for (String f : in.names()) if (!WRITABLE.contains(f) && !READ_ONLY.contains(f)) in.error(f, "is not a field of this table");
        boolean all = mode == Mode.CREATE;      // create sets every writable field
        String shortDescription = in.text("short_description", 160);
        if (all && shortDescription == null && !in.errors().containsKey("short_description"))
            in.error("short_description", "is required");
        if (mode == Mode.UPDATE && in.has("short_description") && shortDescription == null && !in.errors().containsKey("short_description"))
            in.error("short_description", "is required");
        String description = in.text("description", 4000);
        Integer state = in.integer("state", 1, 8);
        if (state != null && IncidentDictionary.INCIDENT.column("state").choices().stream().noneMatch(ch -> ch.value().equals(String.valueOf(state))))
            in.error("state", "must be one of 1 (New), 2 (In Progress), 3 (On Hold), 6 (Resolved), 7 (Closed), 8 (Canceled)");
        Integer impact = in.integer("impact", 1, 3);
        Integer urgency = in.integer("urgency", 1, 3);
        String category = in.text("category", 40);
        String caller = user(in, "caller_id");
        String assignee = user(in, "assigned_to");
        Long openedAt = dateTime(in, "opened_at");
        Map<String, String> journal = new java.util.LinkedHashMap<>();
        for (String f : JOURNAL) {
            String text = in.text(f, 4000);
            if (text != null) journal.put(f, text);
        }
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
        return journal;
    }

    /** A reference to a user, given as sys_id or user name; stored as the sys_id (as ServiceNow stores references). */
    private String user(RecordInput in, String field) {
        String ref = in.text(field, 100);
        if (ref == null) return null;
        User u = users.findByIdOrName(ref);
        if (u == null) {
            in.error(field, "is not a user name or sys_id of a user");
            return null;
        }
        return u.sysId;
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
