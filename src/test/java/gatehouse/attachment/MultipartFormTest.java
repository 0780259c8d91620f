package gatehouse.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gatehouse.record.InvalidRecordException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart/form-data reader (RFC 7578, RFC 2046 §5.1) on bodies whose bytes arrive in any pieces. */
class MultipartFormTest {
    private static final String BOUNDARY = "----b0undary";

    /** Hands out at most {@code piece} bytes per read, as a slow network does. */
    private static InputStream trickle(byte[] body, int piece) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, piece));
            }
        };
    }

    private static byte[] body(String preamble, byte[] file) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes((preamble + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"table_name\"\r\n\r\nincident\r\n"
                + "--" + BOUNDARY + "  \r\ncontent-disposition: form-data; name=table_sys_id\r\n\r\n0123\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"uploadFile\"; filename=\"C:\\dir\\a \\\"b\\\".bin\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nignored\r\n--" + BOUNDARY
                + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void readsFieldsThenStreamsTheFileWhateverThePieces() throws IOException {
        byte[] file = new byte[200_000];
        new Random(7).nextBytes(file);
        byte[] near = ("\r\n--" + BOUNDARY.substring(0, 8)).getBytes(StandardCharsets.US_ASCII);   // almost a delimiter
        System.arraycopy(near, 0, file, 1000, near.length);
        System.arraycopy(near, 0, file, file.length - near.length, near.length);
        for (int piece : new int[] {1, 7, 13, 4096, 1 << 20}) {
            MultipartForm form = new MultipartForm(trickle(body("a preamble\r\n", file), piece), BOUNDARY);
            MultipartForm.Part p = form.next();
            assertEquals("table_name", p.name());
            assertNull(p.fileName());
            assertEquals("incident", form.text());
            p = form.next();
            assertEquals("table_sys_id", p.name());
            assertEquals("0123", form.text());
            p = form.next();
            assertEquals("uploadFile", p.name());
            assertEquals("C:\\dir\\a \"b\".bin", p.fileName(), "backslashes kept, quotes unescaped");
            assertEquals("application/pdf", p.contentType());
            assertArrayEquals(file, form.content().readAllBytes(), "piece " + piece);
            assertNull(form.next(), "the parts after the file were read with it");
        }
    }

    @Test
    void anEmptyFileIsAFile() throws IOException {
        MultipartForm form = new MultipartForm(new ByteArrayInputStream(body("", new byte[0])), BOUNDARY);
        form.next();
        form.next();
        form.next();
        assertEquals(0, form.content().readAllBytes().length);
    }

    @Test
    void malformedBodiesAreRefused() {
        byte[] good = body("", "data".getBytes(StandardCharsets.US_ASCII));
        Map<String, byte[]> bad = Map.of(
                "cut short", java.util.Arrays.copyOf(good, good.length - 30),
                "no boundary at all", "just text".getBytes(StandardCharsets.US_ASCII),
                "garbage after a delimiter", ("--" + BOUNDARY + "xx\r\n").getBytes(StandardCharsets.US_ASCII),
                "no Content-Disposition", ("--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.US_ASCII),
                "a header without colon", ("--" + BOUNDARY + "\r\nnonsense\r\n\r\nx\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.US_ASCII),
                "a huge header", ("--" + BOUNDARY + "\r\nX: " + "y".repeat(5000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            MultipartForm form = new MultipartForm(new ByteArrayInputStream(e.getValue()), BOUNDARY);
            assertThrows(InvalidRecordException.class, () -> {
                MultipartForm.Part p;
                while ((p = form.next()) != null) {
                    if (p.fileName() != null) form.content().readAllBytes(); else form.text();
                }
            }, e.getKey());
        }
        MultipartForm tooLong = new MultipartForm(new ByteArrayInputStream(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=x\r\n\r\n"
                + "z".repeat(5000) + "\r\n--" + BOUNDARY + "--").getBytes(StandardCharsets.US_ASCII)), BOUNDARY);
        assertThrows(InvalidRecordException.class, () -> {
            tooLong.next();
            tooLong.text();
        });
    }

    @Test
    void boundaryComesFromAMultipartFormDataContentType() {
        assertEquals("abc", MultipartForm.boundary("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartForm.boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""));
        for (String bad : new String[] {null, "multipart/form-data", "multipart/mixed; boundary=abc", "application/json",
                "multipart/form-data; boundary=", "multipart/form-data; boundary=" + "x".repeat(71)})
            assertThrows(InvalidRecordException.class, () -> MultipartForm.boundary(bad), bad);
    }
}
