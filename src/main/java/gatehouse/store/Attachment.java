package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A file attached to a record ({@code sys_attachment}); its bytes are its {@link AttachmentChunk}s. */
@Entity
@Table(name = "sys_attachment")
public class Attachment {
    @Id @Column(name = "sys_id") public String sysId;
    /** The table of the record it belongs to ({@code incident}, {@code sys_user}, …). */
    @Column(name = "table_name") public String tableName;
    @Column(name = "table_sys_id") public String tableSysId;
    @Column(name = "file_name") public String fileName;
    @Column(name = "content_type") public String contentType;
    @Column(name = "size_bytes") public long sizeBytes;
    @Column(name = "chunk_count") public int chunkCount;
    /** SHA-256 of the bytes, lower-case hex (ServiceNow's {@code hash}). */
    public String hash;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;
}
