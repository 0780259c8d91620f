package gatehouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What {@link HaProxy} and {@link Nginx} share: their process, its log, the two listeners on 127.0.0.1 and the TLS certificate. */
abstract class BalancerProcess implements LoadBalancer {
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int httpsPort;
    private final Path certificate;

    BalancerProcess(Process process, Path log, int httpPort, int httpsPort, Path certificate) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.certificate = certificate;
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public String httpsUrl() {
        return "https://127.0.0.1:" + httpsPort;
    }

    @Override
    public Path certificate() {
        return certificate;
    }

    @Override
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM (a fast shutdown for both), then SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
