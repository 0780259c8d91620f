package gatehouse.attachment;

import gatehouse.record.InvalidRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code multipart/form-data} body (RFC 7578) read as a stream, part after part, as ServiceNow's
 * {@code /api/now/attachment/upload} takes it: text fields first, then the file, whose bytes are never held
 * whole. Text fields, headers and what follows the file are bounded; anything malformed is an
 * {@link InvalidRecordException} (a 400).
 */
final class MultipartForm {
    private static final int MAX_HEADER_LINE = 4096;
    private static final int MAX_HEADERS = 16;
    private static final int MAX_FIELD = 4096;
    private static final int MAX_PARTS = 32;
    private static final int BUFFER = 64 * 1024;

    /** One part's headers: its form field name, its file name (null for a text field) and its Content-Type. */
    record Part(String name, String fileName, String contentType) { }

    private final InputStream in;
    private final byte[] delimiter;            // CRLF "--" boundary
    private final byte[] buf;
    private int start;                         // buf[start, end) holds bytes read but not yet consumed
    private int end;
    private boolean eof;
    private boolean closed;                    // the close delimiter was seen
    private boolean inPart = true;             // reading a part (at first: the preamble) up to the next delimiter
    private int parts;

    MultipartForm(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[BUFFER + delimiter.length];
        // the first delimiter needs no CRLF before it: pretend one
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /** The boundary of a {@code multipart/form-data} Content-Type (RFC 2046 §5.1.1), else a 400. */
    static String boundary(String contentType) {
        if (contentType == null) throw new InvalidRecordException("Content-Type", "must be multipart/form-data");
        Map<String, String> params = new LinkedHashMap<>();
        String type = parameters(contentType, params);
        String b = params.get("boundary");
        if (!"multipart/form-data".equals(type) || b == null || b.isEmpty() || b.length() > 70
                || !b.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f || ch == ' ') || b.endsWith(" "))
            throw new InvalidRecordException("Content-Type", "must be multipart/form-data with a boundary");
        return b;
    }

    /** The headers of the next part, after skipping what is left of the current one; null after the last part. */
    Part next() throws IOException {
        byte[] skip = new byte[4096];
        while (read(skip, 0, skip.length) >= 0) {
            // the rest of the current part, or the preamble
        }
        if (closed) return null;
        if (++parts > MAX_PARTS) throw invalid("has too many parts");
        Map<String, String> headers = new LinkedHashMap<>();
        while (true) {
            String line = headerLine();
            if (line.isEmpty()) break;
            if (headers.size() >= MAX_HEADERS) throw invalid("has a part with too many headers");
            int colon = line.indexOf(':');
            if (colon <= 0) throw invalid("has a malformed part header");
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        Map<String, String> disposition = new LinkedHashMap<>();
        String kind = parameters(headers.getOrDefault("content-disposition", ""), disposition);
        if (!"form-data".equals(kind) || disposition.get("name") == null)
            throw invalid("has a part without Content-Disposition: form-data; name=...");
        inPart = true;
        return new Part(disposition.get("name"), disposition.get("filename"), headers.get("content-type"));
    }

    /** The current part's bytes as text (a form field), at most {@value #MAX_FIELD} bytes. */
    String text() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = new byte[1024];
        int n;
        while ((n = read(b, 0, b.length)) >= 0) {
            out.write(b, 0, n);
            if (out.size() > MAX_FIELD) throw invalid("has a form field longer than " + MAX_FIELD + " bytes");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * The current part's bytes as a stream. It ends at the part's end, after reading the rest of the body (further
     * parts: at most {@value #MAX_FIELD} bytes each) up to its closing boundary, so that a body cut short or
     * malformed fails while the file is being stored.
     */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = MultipartForm.this.read(b, off, len);
                if (n < 0) {
                    while (next() != null) text();
                }
                return n;
            }
        };
    }

    /** Reads the current part (or the preamble) up to the next delimiter; -1 at its end. */
    private int read(byte[] b, int off, int len) throws IOException {
        if (!inPart) return -1;
        if (len == 0) return 0;
        while (end - start < delimiter.length && !eof) {
            compact();
            readMore();
        }
        int match = indexOf(delimiter);
        if (match == start) {
            start += delimiter.length;
            afterDelimiter();
            inPart = false;
            return -1;
        }
        if (match < 0 && eof) throw invalid("ends before its closing boundary");
        // without a delimiter in sight, keep back what could be the start of one
        int safe = match >= 0 ? match - start : end - start - delimiter.length + 1;
        int n = Math.min(len, safe);
        System.arraycopy(buf, start, b, off, n);
        start += n;
        return n;
    }

    /** After a delimiter: {@code --} ends the body, else optional whitespace and CRLF start the next part. */
    private void afterDelimiter() throws IOException {
        if (need(2) && buf[start] == '-' && buf[start + 1] == '-') {
            closed = true;
            start += 2;
            return;
        }
        while (need(1) && (buf[start] == ' ' || buf[start] == '\t')) start++;
        if (!need(2) || buf[start] != '\r' || buf[start + 1] != '\n') throw invalid("has a malformed boundary line");
        start += 2;
    }

    private String headerLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (!need(1)) throw invalid("ends inside a part's headers");
            byte ch = buf[start++];
            if (ch == '\r') {
                if (!need(1) || buf[start] != '\n') throw invalid("has a malformed part header");
                start++;
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(ch);
            if (line.size() > MAX_HEADER_LINE) throw invalid("has a part header longer than " + MAX_HEADER_LINE + " bytes");
        }
    }

    /** Whether at least {@code n} bytes are buffered, reading more as needed. */
    private boolean need(int n) throws IOException {
        while (end - start < n) {
            compact();
            if (!readMore()) return false;
        }
        return true;
    }

    private void compact() {
        if (start == 0) return;
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
    }

    private boolean readMore() throws IOException {
        if (eof) return false;
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }

    private int indexOf(byte[] pattern) {
        outer:
        for (int i = start; i <= end - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (buf[i + j] != pattern[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** {@code value; a=b; c="d"}: the value (lower case) and its parameters (names lower case, quotes removed). */
    private static String parameters(String header, Map<String, String> params) {
        int semi = header.indexOf(';');
        String value = (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        int i = semi < 0 ? header.length() : semi + 1;
        while (i < header.length()) {
            int eq = header.indexOf('=', i);
            if (eq < 0) break;
            String name = header.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            StringBuilder v = new StringBuilder();
            int j = eq + 1;
            while (j < header.length() && header.charAt(j) == ' ') j++;
            if (j < header.length() && header.charAt(j) == '"') {
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    // a quoted pair only for \" and \\: browsers send a Windows path's backslashes as they are
                    if (header.charAt(j) == '\\' && j + 1 < header.length() && "\"\\".indexOf(header.charAt(j + 1)) >= 0) j++;
                    v.append(header.charAt(j++));
                }
                j = header.indexOf(';', j);
            } else {
                int k = header.indexOf(';', j);
                v.append(header, j, k < 0 ? header.length() : k);
                j = k;
            }
            params.putIfAbsent(name, v.toString().strip());
            if (j < 0) break;
            i = j + 1;
        }
        return value;
    }

    private static InvalidRecordException invalid(String what) {
        return new InvalidRecordException("multipart/form-data", "body " + what);
    }
}
