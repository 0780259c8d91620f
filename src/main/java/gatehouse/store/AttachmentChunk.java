package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * One piece of an attachment's bytes ({@code sys_attachment_doc}), as ServiceNow stores them: written and read one
 * at a time, so that no node holds a whole file in memory. A plain {@code byte[]} (no {@code @Lob}): bound with
 * {@code setBytes}, which Derby accepts for its BLOB column and PostgreSQL for its BYTEA one.
 */
@Entity
@Table(name = "sys_attachment_doc")
@IdClass(AttachmentChunk.Key.class)
public class AttachmentChunk {
    @Id @Column(name = "sys_attachment") public String attachment;
    @Id @Column(name = "chunk_index") public int index;
    public byte[] content;

    /** The primary key: the attachment's sys_id and the chunk's place in it. */
    public static final class Key implements Serializable {
        public String attachment;
        public int index;

        public Key() { }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.index == index && Objects.equals(k.attachment, attachment);
        }

        @Override
        public int hashCode() { return Objects.hash(attachment, index); }
    }
}
