package gatehouse.incident;

import gatehouse.record.Dictionary;
import gatehouse.store.Incident;
import gatehouse.user.UserDictionary;
import java.util.Set;

/** The incident table as ServiceNow declares it: columns, choices and their labels, references, access. */
public final class IncidentDictionary {
    public static final String READ_SCOPE = "incident_read";
    public static final String WRITE_SCOPE = "incident_write";

    /** Any active user reads; {@code itil} (or {@code admin}) writes. */
    public static final Dictionary<Incident> INCIDENT = Dictionary.of(IncidentService.TABLE, Incident.class)
            .access(new Dictionary.Access(Set.of(), READ_SCOPE, Set.of("itil", "admin"), WRITE_SCOPE, false))
            .display(i -> i.number).lookup("number").order("createdOn")
            .string("sys_id", "Sys ID", "sysId", i -> i.sysId).readOnly()
            .string("number", "Number", "number", i -> i.number).readOnly()
            .string("short_description", "Short description", "shortDescription", i -> i.shortDescription)
            .string("description", "Description", "description", i -> i.description)
            .integer("state", "State", "state", i -> i.state)
            .choices("1", "New", "2", "In Progress", "3", "On Hold", "6", "Resolved", "7", "Closed", "8", "Canceled")
            .integer("impact", "Impact", "impact", i -> i.impact).choices("1", "1 - High", "2", "2 - Medium", "3", "3 - Low")
            .integer("urgency", "Urgency", "urgency", i -> i.urgency).choices("1", "1 - High", "2", "2 - Medium", "3", "3 - Low")
            .integer("priority", "Priority", "priority", i -> i.priority)
            .choices("1", "1 - Critical", "2", "2 - High", "3", "3 - Moderate", "4", "4 - Low", "5", "5 - Planning").readOnly()
            .string("category", "Category", "category", i -> i.category)
            .reference("caller_id", "Caller", "callerId", i -> i.callerId, () -> UserDictionary.USER)
            .reference("assigned_to", "Assigned to", "assignedTo", i -> i.assignedTo, () -> UserDictionary.USER)
            .reference("opened_by", "Opened by", "openedBy", i -> i.openedBy, () -> UserDictionary.USER).readOnly()
            .dateTime("opened_at", "Opened", "openedAt", i -> i.openedAt)
            .journal("work_notes", "Work notes")
            .journal("comments", "Additional comments")
            .system(i -> i.createdOn, i -> i.updatedOn, i -> i.createdBy, i -> i.updatedBy, i -> i.modCount)
            .build();

    private IncidentDictionary() { }
}
