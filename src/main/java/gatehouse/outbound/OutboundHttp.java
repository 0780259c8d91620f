package gatehouse.outbound;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every outbound HTTP call (CONTRACT "Outbound OAuth"): a connect timeout, a read timeout for the whole
 * response, a response size limit, and no redirects followed (a 3xx is returned as it is, so credentials
 * never travel to another host).
 */
public final class OutboundHttp {
    /** A response read in full (within the size limit). */
    public record Response(int status, Map<String, List<String>> headers, byte[] body, long elapsedMs) {
        public String bodyText() { return new String(body, java.nio.charset.StandardCharsets.UTF_8); }
    }

    /** The remote could not be reached or did not answer in time or within the size limit. */
    public static final class Failure extends Exception {
        public final long elapsedMs;

        Failure(String message, long elapsedMs) {
            super(message);
            this.elapsedMs = elapsedMs;
        }
    }

    /** Made on the first call: building an HttpClient loads the TLS trust store, a slow part of start-up. */
    private volatile HttpClient client;
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;
    private final int maxResponseBytes;

    public OutboundHttp(long connectTimeoutMillis, long readTimeoutMillis, int maxResponseBytes) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.maxResponseBytes = maxResponseBytes;
    }

    public int maxResponseBytes() { return maxResponseBytes; }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(connectTimeoutMillis)).build();
                c = client;
            }
        }
        return c;
    }

    public Response send(String method, URI uri, Map<String, String> headers, byte[] body) throws Failure {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(readTimeoutMillis))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future = client().sendAsync(b.build(), info -> new Limited(maxResponseBytes));
        try {
            HttpResponse<byte[]> r = future.get(readTimeoutMillis + 1000, TimeUnit.MILLISECONDS);
            return new Response(r.statusCode(), r.headers().map(), r.body(), elapsed(started));
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new Failure("no complete answer within " + readTimeoutMillis + " ms", elapsed(started));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", elapsed(started));
        } catch (ExecutionException e) {
            throw new Failure(describe(e.getCause()), elapsed(started));
        }
    }

    private String describe(Throwable t) {
        if (t instanceof TooLarge) return "the response is larger than " + maxResponseBytes + " bytes";
        if (t instanceof java.net.http.HttpConnectTimeoutException) return "could not connect in time";
        if (t instanceof java.net.http.HttpTimeoutException) return "no answer within " + readTimeoutMillis + " ms";
        if (t instanceof java.net.ConnectException) return "could not connect";
        if (t instanceof javax.net.ssl.SSLException) return "TLS failed: " + t.getMessage();
        if (t instanceof IOException && t.getCause() instanceof TooLarge) return "the response is larger than " + maxResponseBytes + " bytes";
        return "the connection failed" + (t == null || t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static final class TooLarge extends IOException {
        TooLarge() { super("response too large"); }
    }

    /** Collects the body, failing (and closing the connection) once it exceeds the limit. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Limited(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() { return result; }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) return;
            for (ByteBuffer b : items) {
                if (out.size() + b.remaining() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) { result.completeExceptionally(t); }

        @Override
        public void onComplete() { result.complete(out.toByteArray()); }
    }
}
