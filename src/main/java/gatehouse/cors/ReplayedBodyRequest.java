package gatehouse.cors;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A request whose body begins with bytes already read from it, then goes on with the rest of the original. */
final class ReplayedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] head;
    private ServletInputStream stream;

    ReplayedBodyRequest(HttpServletRequest request, byte[] head) {
        super(request);
        this.head = head;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            InputStream in = new SequenceInputStream(new ByteArrayInputStream(head), super.getInputStream());
            stream = new ServletInputStream() {
                private boolean finished;

                @Override public int read() throws IOException {
                    int b = in.read();
                    if (b < 0) finished = true;
                    return b;
                }

                @Override public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    if (n < 0) finished = true;
                    return n;
                }

                @Override public boolean isFinished() { return finished; }

                @Override public boolean isReady() { return true; }

                @Override public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read ahead; read it blocking");
                }
            };
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
}
