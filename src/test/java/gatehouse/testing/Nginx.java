package gatehouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx in the foreground with the shipped {@code server-config/nginx/gatehouse.conf}, included as written by a
 * minimal main configuration of the test's own, with only what an operator edits replaced: the nodes' addresses (one
 * {@code server} line per node, with the parameters of the file's first one), the listening ports and the certificate.
 */
public final class Nginx extends BalancerProcess {
    private static final Path BINARY = Path.of("/usr/sbin/nginx");
    private static final Pattern NODE = Pattern.compile("(?m)^([ \\t]*)server 10\\.0\\.0\\.\\d+:8080([^;\\n]*);[ \\t]*\\n");
    private Nginx(Process process, Path log, int httpPort, int httpsPort, Path certificate) {
        super(process, log, httpPort, httpsPort, certificate);
    }

    public static Optional<String> unavailableReason() {
        if (!Files.isExecutable(BINARY)) return Optional.of(BINARY + " not found; install Debian's 'nginx' package (.ci/run does)");
        return HaProxy.unavailableReason().filter(r -> r.contains("openssl"));
    }

    /** The shipped file with the nodes on these loopback ports, listening on {@code http} and {@code https}. */
    static String render(String shipped, int http, int https, Path pem, int... nodes) {
        Matcher m = NODE.matcher(shipped);
        if (!m.find()) throw new IllegalStateException("no 'server 10.0.0.N:8080 …;' line in the shipped nginx configuration");
        StringBuilder servers = new StringBuilder();
        for (int port : nodes) servers.append(m.group(1)).append("server 127.0.0.1:").append(port).append(m.group(2)).append(";\n");
        String out = shipped.substring(0, m.start()) + servers + NODE.matcher(shipped.substring(m.start())).replaceAll("");
        out = replaceOnce(out, "listen 80;", "listen 127.0.0.1:" + http + ";");
        out = replaceOnce(out, "listen 443 ssl;", "listen 127.0.0.1:" + https + " ssl;");
        return out.replace("/etc/nginx/gatehouse.pem", pem.toAbsolutePath().toString())
                .replace("/var/log/nginx/gatehouse-access.log", pem.toAbsolutePath().resolveSibling("access.log").toString());
    }

    private static String replaceOnce(String text, String what, String with) {
        int at = text.indexOf(what);
        if (at < 0 || text.indexOf(what, at + 1) >= 0) throw new IllegalStateException("expected '" + what + "' once in the shipped nginx configuration");
        return text.substring(0, at) + with + text.substring(at + what.length());
    }

    /** Starts nginx in front of {@code nodes} (loopback ports), with the configuration the project ships. */
    public static Nginx start(Path shippedConfig, Path workDir, int... nodes) {
        try {
            Path dir = Files.createDirectories(workDir.resolve("nginx-" + ProcessHandle.current().pid() + "-" + System.nanoTime()).toAbsolutePath());
            Path cert = dir.resolve("cert.pem"), pem = dir.resolve("gatehouse.pem");
            HaProxy.selfSignedPem(dir, cert, pem);
            int http = Postgres.freePort(), https = Postgres.freePort();
            Files.writeString(dir.resolve("gatehouse.conf"), render(Files.readString(shippedConfig), http, https, pem, nodes));
            Path log = dir.resolve("error.log");
            // what Debian's /etc/nginx/nginx.conf holds around conf.d/, with the files in the test's folder
            Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                    "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                    "daemon off;",
                    "worker_processes 1;",
                    "pid " + dir.resolve("nginx.pid") + ";",
                    "error_log " + log + " notice;",
                    "events { worker_connections 1024; }",
                    "http {",
                    "    access_log off;",
                    "    client_body_temp_path " + dir.resolve("client_body") + ";",
                    "    proxy_temp_path " + dir.resolve("proxy") + ";",
                    "    fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                    "    uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                    "    scgi_temp_path " + dir.resolve("scgi") + ";",
                    "    default_type application/octet-stream;",
                    "    include " + dir.resolve("gatehouse.conf") + ";",
                    "}", ""));
            Process p = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Nginx proxy = new Nginx(p, log, http, https, cert);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                if (!p.isAlive()) throw new IllegalStateException("nginx ended: " + Files.readString(dir.resolve("stdout.log")) + proxy.log());
                try (var s = new java.net.Socket("127.0.0.1", http)) {
                    return proxy;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            proxy.close();
            throw new IllegalStateException("nginx did not listen: " + proxy.log());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "nginx";
    }
}
