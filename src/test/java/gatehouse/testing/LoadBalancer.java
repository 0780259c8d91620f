package gatehouse.testing;

import java.nio.file.Path;

/** A load balancer run by a test in front of Gatehouse nodes with a configuration the project ships ({@link HaProxy}, {@link Nginx}). */
public interface LoadBalancer extends AutoCloseable {
    /** {@code http://127.0.0.1:PORT}. */
    String baseUrl();

    /** {@code https://127.0.0.1:PORT}: the TLS listener, presenting {@link #certificate()}. */
    String httpsUrl();

    /** The self-signed certificate of the TLS listener (PEM). */
    Path certificate();

    /** What the balancer wrote (its errors, and the nodes it marked down or up). */
    String log();

    @Override
    void close();
}
