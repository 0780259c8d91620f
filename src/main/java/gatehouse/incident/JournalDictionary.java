package gatehouse.incident;

import gatehouse.record.Dictionary;
import gatehouse.store.JournalEntry;
import java.util.Set;

/** {@code sys_journal_field}: the work notes and comments written on incidents; read-only, read as incidents are. */
public final class JournalDictionary {
    public static final String TABLE = "sys_journal_field";

    public static final Dictionary<JournalEntry> JOURNAL = Dictionary.of(TABLE, JournalEntry.class)
            .access(new Dictionary.Access(Set.of(), IncidentDictionary.READ_SCOPE, Set.of(), IncidentDictionary.WRITE_SCOPE, true))
            .display(j -> j.journalValue).order("-createdOn")
            .string("sys_id", "Sys ID", "sysId", j -> j.sysId).readOnly()
            .string("name", "Table name", "name", j -> j.name).readOnly()
            .string("element", "Element", "element", j -> j.element).readOnly()
            .choices("work_notes", "Work notes", "comments", "Additional comments")
            .string("element_id", "Element ID", "elementId", j -> j.elementId).readOnly()
            .string("value", "Value", "journalValue", j -> j.journalValue).readOnly()
            .dateTime("sys_created_on", "Created", "createdOn", j -> j.createdOn).readOnly()
            .string("sys_created_by", "Created by", "createdBy", j -> j.createdBy).readOnly()
            .build();

    private JournalDictionary() { }
}
