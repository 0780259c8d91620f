package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One journal entry ({@code sys_journal_field}): a work note or comment written on a record. */
@Entity
@Table(name = "sys_journal_field")
public class JournalEntry {
    @Id @Column(name = "sys_id") public String sysId;
    /** The table of the record, e.g. {@code incident}. */
    public String name;
    /** The journal field: {@code work_notes} or {@code comments}. */
    public String element;
    /** The record's sys_id. */
    @Column(name = "element_id") public String elementId;
    @Column(name = "journal_value") public String journalValue;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_created_by") public String createdBy;
}
