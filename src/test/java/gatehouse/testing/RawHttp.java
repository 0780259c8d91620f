package gatehouse.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests {@code java.net.http} will not send: a foreign {@code Host} header, an
 * absolute request-target, a malformed request line. Sends {@code Connection: close} and reads the whole answer.
 */
public final class RawHttp {
    public record Response(int status, Map<String, String> headers, String body) {
        /** A header's value (names compared case-insensitively), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() { }

    /** Sends {@code requestHead} (request line and headers, CRLF-separated, without the blank line) and {@code body}. */
    public static Response send(int port, String requestHead, String body) {
        return sendFrom(null, port, requestHead, body);
    }

    /**
     * As {@link #send}, from the local address {@code from} (another loopback address such as {@code 127.0.0.2}, which
     * Linux serves on {@code lo}): a second machine, e.g. a reverse proxy, as the server sees it. Null: the default.
     */
    public static Response sendFrom(String from, int port, String requestHead, String body) {
        for (String line : requestHead.split("\r\n"))
            if (line.regionMatches(true, 0, "Authorization:", 0, 14)) SeenSecrets.fromAuthorization(line.substring(14).trim());
            else if (line.regionMatches(true, 0, "DPoP:", 0, 5)) SeenSecrets.record("DPoP proof", line.substring(5).trim());
        SeenSecrets.fromForm(body, "a request body");
        SeenSecrets.fromJson(body, "a request body");
        return unrecorded(from, port, requestHead, body);
    }

    /**
     * As {@link #send}, but what the request carries is not given to the log scan as secrets: a fuzzing test's hostile
     * requests, whose "passwords" are words such as {@code client_credentials} that every log holds and no server accepts.
     */
    public static Response sendHostile(int port, String requestHead, String body) {
        return unrecorded(null, port, requestHead, body);
    }

    private static Response unrecorded(String from, int port, String requestHead, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = requestHead + "\r\nConnection: close\r\n"
                + (payload.length > 0 ? "Content-Length: " + payload.length + "\r\n" : "") + "\r\n";
        try (Socket s = new Socket()) {
            if (from != null) s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().write(payload);
            s.getOutputStream().flush();
            return parse(s.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("raw request failed: " + e.getMessage(), e);
        }
    }

    /** A GET with the given request-target and Host header (and more header lines, each "Name: value"). */
    public static Response get(int port, String target, String host, String... headerLines) {
        StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host);
        for (String h : headerLines) head.append("\r\n").append(h);
        return send(port, head.toString(), null);
    }

    private static Response parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) throw new IOException("no complete response head: " + all);
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) rest = unchunk(rest);
        Response response = new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
        SeenSecrets.fromJson(response.body(), "a response");
        SeenSecrets.fromLocation(response.header("Location"));
        return response;
    }

    private static byte[] unchunk(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream s = new java.io.ByteArrayInputStream(in);
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = s.read()) != -1 && c != '\n') if (c != '\r') size.append((char) c);
            String hex = size.toString().split(";")[0].trim();
            if (hex.isEmpty()) return out.toByteArray();
            int n = Integer.parseInt(hex, 16);
            if (n == 0) return out.toByteArray();
            out.write(s.readNBytes(n));
            s.read();
            s.read();   // the CRLF after the chunk
        }
    }
}
