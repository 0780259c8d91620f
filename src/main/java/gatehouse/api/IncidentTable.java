package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.incident.IncidentService;
import gatehouse.record.Actor;
import gatehouse.record.EncodedQuery;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordList;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Incident;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code incident} over the Table API: any active user may read; writing needs the role {@code itil} (or
 * {@code admin}); a bearer token needs {@code incident_read} to read and {@code incident_write} to write
 * (or {@code useraccount} for both).
 */
final class IncidentTable implements Table {
    static final String READ_SCOPE = "incident_read";
    static final String WRITE_SCOPE = "incident_write";
    private final IncidentService incidents;

    IncidentTable(Gatehouse g) {
        this.incidents = g.incidents;
    }

    @Override
    public void authorizeRead(Caller c) {
        Scopes.require(c, READ_SCOPE);
    }

    @Override
    public void authorizeWrite(Caller c) {
        Scopes.require(c, WRITE_SCOPE);
        if (!c.hasRole("itil") && !c.isAdmin()) throw ApiException.forbidden("Writing incidents needs the itil role");
    }

    @Override
    public Page list(ListQuery q, Caller c) {
        RecordList.Page<Incident> page = incidents.list(EncodedQuery.parse(q.query(), IncidentService.QUERY_FIELDS), q.offset(), q.limit());
        List<Map<String, Object>> rows = new ArrayList<>(page.rows().size());
        for (Incident i : page.rows()) rows.add(ListQuery.select(json(i), q.fields()));
        return new Page(rows, page.total(), q.limit(), q.offset());
    }

    @Override
    public Map<String, Object> get(String sysId, Caller c) {
        return json(found(sysId));
    }

    @Override
    public Map<String, Object> create(Map<String, Object> body, Caller c, Actor actor) {
        return json(incidents.create(new RecordInput(body), actor));
    }

    @Override
    public Map<String, Object> update(String sysId, Map<String, Object> body, Caller c, Actor actor) {
        dropUnchangedReadOnly(sysId, body);
        return json(incidents.update(sysId, new RecordInput(body), actor));
    }

    @Override
    public Map<String, Object> replace(String sysId, Map<String, Object> body, Caller c, Actor actor) {
        dropUnchangedReadOnly(sysId, body);
        return json(incidents.replace(sysId, new RecordInput(body), actor));
    }

    @Override
    public void delete(String sysId, Caller c, Actor actor) {
        incidents.delete(sysId, actor);
    }

    private Incident found(String sysId) {
        Incident i = incidents.find(sysId);
        if (i == null) throw new RecordNotFoundException(IncidentService.TABLE, sysId);
        return i;
    }

    /**
     * A record read with GET may be sent back whole: read-only fields that still hold their current value are
     * ignored; a read-only field with another value is refused by the service.
     */
    private void dropUnchangedReadOnly(String sysId, Map<String, Object> body) {
        if (body.keySet().stream().noneMatch(IncidentService.READ_ONLY::contains)) return;
        Map<String, Object> current = json(found(sysId));
        for (String f : IncidentService.READ_ONLY)
            if (body.containsKey(f) && Objects.equals(String.valueOf(body.get(f)), String.valueOf(current.get(f)))) body.remove(f);
    }

    static Map<String, Object> json(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", i.sysId);
        m.put("number", i.number);
        m.put("short_description", i.shortDescription);
        m.put("description", i.description);
        m.put("state", i.state);
        m.put("impact", i.impact);
        m.put("urgency", i.urgency);
        m.put("priority", i.priority);
        m.put("category", i.category);
        m.put("caller_id", i.callerId);
        m.put("assigned_to", i.assignedTo);
        m.put("opened_at", Formats.dateTime(i.openedAt));
        m.put("sys_created_on", Formats.dateTime(i.createdOn));
        m.put("sys_updated_on", Formats.dateTime(i.updatedOn));
        m.put("sys_created_by", i.createdBy);
        m.put("sys_updated_by", i.updatedBy);
        m.put("sys_mod_count", i.modCount);
        return m;
    }
}
