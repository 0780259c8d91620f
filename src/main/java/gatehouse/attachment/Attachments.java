package gatehouse.attachment;

import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.EncodedQuery;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.QueryFields;
import gatehouse.record.RecordList;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Attachment;
import gatehouse.store.AttachmentChunk;
import gatehouse.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Files attached to records (ServiceNow's {@code sys_attachment}): stored in the database in chunks of
 * {@value #CHUNK_BYTES} bytes, written in one transaction (a failed or too large upload leaves nothing), read one
 * chunk at a time. Who may attach to which record is the caller's business ({@link AttachmentResource}).
 */
public final class Attachments {
    public static final String TABLE = "sys_attachment";
    static final int CHUNK_BYTES = 256 * 1024;
    static final int MAX_FILE_NAME = 100;
    /** What {@code sysparm_query} may name on sys_attachment. */
    public static final QueryFields QUERY_FIELDS = QueryFields.builder()
            .string("sys_id", "sysId").string("table_name", "tableName").string("table_sys_id", "tableSysId")
            .string("file_name", "fileName").string("content_type", "contentType").integer("size_bytes", "sizeBytes")
            .string("hash", "hash").dateTime("sys_created_on", "createdOn").string("sys_created_by", "createdBy")
            .dateTime("sys_updated_on", "updatedOn").string("sys_updated_by", "updatedBy")
            .build();
    /** RFC 9110 §8.3.1 {@code type/subtype}, tokens only; parameters are not kept. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9!#$&^_.+-]{1,40}/[a-z0-9!#$&^_.+-]{1,58}");
    private static final Pattern SYS_ID = Pattern.compile("[0-9a-f]{32}");

    /** More bytes than {@code gatehouse.attachment.max.bytes}. */
    public static final class TooLargeException extends RuntimeException {
        TooLargeException(long max) {
            super("The file may be at most " + max + " bytes (gatehouse.attachment.max.bytes)");
        }
    }

    /** What an upload says about its file, before its bytes. */
    public record NewFile(String tableName, String tableSysId, String fileName, String contentType) { }

    private final Database db;
    private final long maxBytes;

    public Attachments(Database db, long maxBytes) {
        this.db = db;
        this.maxBytes = maxBytes;
    }

    public long maxBytes() { return maxBytes; }

    /** A 400 for what an upload names wrongly; the record itself is checked by the caller. */
    public static NewFile check(String tableName, String tableSysId, String fileName, String contentType) {
        if (tableName == null || tableName.isBlank()) throw new InvalidRecordException("table_name", "is required");
        if (tableSysId == null || !SYS_ID.matcher(tableSysId).matches())
            throw new InvalidRecordException("table_sys_id", "must be the sys_id (32 hex digits) of a record");
        if (fileName == null || fileName.isBlank()) throw new InvalidRecordException("file_name", "is required");
        if (fileName.length() > MAX_FILE_NAME) throw new InvalidRecordException("file_name", "may be at most " + MAX_FILE_NAME + " characters");
        if (fileName.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == '/' || ch == '\\')
                || fileName.equals(".") || fileName.equals(".."))
            throw new InvalidRecordException("file_name", "may not contain control characters, / or \\");
        return new NewFile(tableName, tableSysId, fileName.strip(), mediaType(contentType));
    }

    /** The media type without parameters, lower case; none or a malformed one: {@code application/octet-stream}. */
    static String mediaType(String contentType) {
        if (contentType == null) return "application/octet-stream";
        String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) return "application/octet-stream";
        if (!MEDIA_TYPE.matcher(t).matches()) throw new InvalidRecordException("Content-Type", "must be a media type such as image/png");
        return t;
    }

    /**
     * Stores {@code content} (read to its end) as a new attachment of the record. One transaction: when the content
     * exceeds {@link #maxBytes} ({@link TooLargeException}) or cannot be read, nothing is stored.
     */
    public Attachment create(NewFile file, InputStream content, Actor actor) {
        Attachment a = new Attachment();
        a.sysId = Secrets.sysId();
        a.tableName = file.tableName();
        a.tableSysId = file.tableSysId();
        a.fileName = file.fileName();
        a.contentType = file.contentType();
        a.createdOn = a.updatedOn = System.currentTimeMillis();
        a.createdBy = a.updatedBy = actor.userName();
        return db.tx(em -> {
            MessageDigest sha256 = sha256();
            long size = 0;
            int index = 0;
            byte[] buffer = new byte[CHUNK_BYTES];
            while (true) {
                int n = readFully(content, buffer);
                if (n == 0 && index > 0) break;
                size += n;
                if (size > maxBytes) throw new TooLargeException(maxBytes);
                sha256.update(buffer, 0, n);
                AttachmentChunk chunk = new AttachmentChunk();
                chunk.attachment = a.sysId;
                chunk.index = index++;
                chunk.content = java.util.Arrays.copyOf(buffer, n);
                em.persist(chunk);
                em.flush();
                em.clear();             // this chunk is written: let it go
                if (n < buffer.length) break;
            }
            a.sizeBytes = size;
            a.chunkCount = index;
            a.hash = HexFormat.of().formatHex(sha256.digest());
            em.persist(a);
            Audit.record(em, actor, "create", TABLE, a.sysId, "table=" + a.tableName + " record=" + a.tableSysId
                    + " size=" + a.sizeBytes);
            return a;
        });
    }

    public Attachment find(String sysId) {
        if (sysId == null || !SYS_ID.matcher(sysId).matches()) return null;
        return db.read(em -> em.find(Attachment.class, sysId));
    }

    public RecordList.Page<Attachment> list(EncodedQuery query, int offset, int limit) {
        return db.read(em -> RecordList.run(em, Attachment.class, query, offset, limit, List.of("createdOn"), "sysId"));
    }

    /** Writes the bytes of {@code a} to {@code out}, one chunk (one query) at a time. */
    public void copyContent(Attachment a, OutputStream out) throws IOException {
        for (int i = 0; i < a.chunkCount; i++) {
            int index = i;
            byte[] bytes = db.read(em -> em.createQuery(
                            "SELECT c.content FROM AttachmentChunk c WHERE c.attachment = :a AND c.index = :i", byte[].class)
                    .setParameter("a", a.sysId).setParameter("i", index).getResultStream().findFirst().orElse(null));
            if (bytes == null) throw new IOException("attachment " + a.sysId + " was deleted while it was being sent");
            out.write(bytes);
        }
    }

    public void delete(String sysId, Actor actor) {
        db.tx(em -> {
            Attachment a = em.find(Attachment.class, sysId);
            if (a == null) throw new RecordNotFoundException(TABLE, sysId);
            em.createQuery("DELETE FROM AttachmentChunk c WHERE c.attachment = :a").setParameter("a", sysId).executeUpdate();
            em.remove(a);
            Audit.record(em, actor, "delete", TABLE, sysId, "table=" + a.tableName + " record=" + a.tableSysId);
            return null;
        });
    }

    /** Reads until {@code buffer} is full or the stream ends; the number of bytes read. */
    private static int readFully(InputStream in, byte[] buffer) {
        try {
            return in.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
