package gatehouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy in the foreground with the shipped {@code server-config/haproxy/haproxy.cfg}, its addresses given
 * through the environment as README says, and a self-signed certificate (made with openssl) for its TLS listener.
 */
public final class HaProxy extends BalancerProcess {
    private HaProxy(Process process, Path log, int httpPort, int httpsPort, Path certificate) {
        super(process, log, httpPort, httpsPort, certificate);
    }

    public static Optional<String> unavailableReason() {
        for (String tool : List.of("/usr/sbin/haproxy", "/usr/bin/openssl"))
            if (!Files.isExecutable(Path.of(tool))) return Optional.of(tool + " not found; install Debian's 'haproxy' and 'openssl' packages (.ci/run does)");
        return Optional.empty();
    }

    /** Starts HAProxy in front of {@code nodes} (loopback ports), with the configuration the project ships. */
    public static HaProxy start(Path config, Path workDir, int... nodes) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("haproxy-" + ProcessHandle.current().pid() + "-" + System.nanoTime()));
            Path cert = dir.resolve("cert.pem"), pem = dir.resolve("gatehouse.pem");
            selfSignedPem(dir, cert, pem);
            int http = Postgres.freePort(), https = Postgres.freePort();
            ProcessBuilder pb = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", config.toAbsolutePath().toString());
            Map<String, String> env = pb.environment();
            env.put("GATEHOUSE_HTTP", "127.0.0.1:" + http);
            env.put("GATEHOUSE_HTTPS", "127.0.0.1:" + https);
            env.put("GATEHOUSE_PEM", pem.toString());
            for (int i = 0; i < nodes.length; i++) env.put("GATEHOUSE_NODE" + (i + 1), "127.0.0.1:" + nodes[i]);
            Path log = dir.resolve("haproxy.log");
            Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HaProxy proxy = new HaProxy(p, log, http, https, cert);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                if (!p.isAlive()) throw new IllegalStateException("HAProxy ended: " + Files.readString(log));
                try (var s = new java.net.Socket("127.0.0.1", http)) {
                    return proxy;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            proxy.close();
            throw new IllegalStateException("HAProxy did not listen: " + Files.readString(log));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate for 127.0.0.1 (openssl): {@code cert} alone, and {@code pem} with its key after it. */
    static void selfSignedPem(Path dir, Path cert, Path pem) throws IOException, InterruptedException {
        Path key = dir.resolve("key.pem");
        run(List.of("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"), dir.resolve("openssl.log"));
        Files.writeString(pem, Files.readString(cert) + Files.readString(key));
    }

    private static void run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(cmd.get(0) + " failed: " + Files.readString(log));
    }

    @Override
    public String toString() {
        return "HAProxy";
    }
}
