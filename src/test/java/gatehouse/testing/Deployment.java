package gatehouse.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gatehouse deployed in a real container as an administrator deploys it, at context root {@code /} on 127.0.0.1
 * and a free port, with embedded Derby in its own data folder, demo data and admin password
 * {@link TestServer#ADMIN_PASSWORD}. One set of HTTP tests runs against every {@link Container}
 * ({@code gatehouse.deploy.ContainerParityIT}).
 */
public interface Deployment extends AutoCloseable {

    /** The containers Gatehouse is documented to run on, each with the WAR built for it. */
    enum Container {
        /** {@code target/gatehouse.war} as {@code webapps/ROOT.war} of the Apache Tomcat 10.1 distribution. */
        TOMCAT,
        /** {@code target/gatehouse-payara.war} on Payara Micro 6 ({@code --contextroot /}). */
        PAYARA_MICRO,
        /** {@code target/gatehouse-payara.war} on Payara Server 6: a domain started with {@code asadmin start-domain}, then {@code asadmin deploy}. */
        PAYARA_SERVER
    }

    /** The container and its version, for messages. */
    String name();

    /** The application's base URL, e.g. {@code http://127.0.0.1:PORT}. */
    String baseUrl();

    String logText();

    @Override
    void close();

    /** Starts Gatehouse on {@code container}; {@code settings} (system properties of its JVM) add to the test defaults. */
    static Deployment start(Container container, String name, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("gatehouse.data.dir", TestServer.newDataDir(name).toAbsolutePath().toString());
        all.put("gatehouse.admin.password", TestServer.ADMIN_PASSWORD);
        all.put("gatehouse.demo", "true");
        all.put("gatehouse.password.iterations", "20000");
        all.putAll(settings);
        return switch (container) {
            case TOMCAT -> TomcatDistribution.start(name, emptyContext(name), Map.of(), List.of(), all);
            case PAYARA_MICRO -> PayaraMicro.start(name, "/", all, Map.of(), null, List.of());
            case PAYARA_SERVER -> PayaraServer.start(name, all);
        };
    }

    /** A context file without resources or settings (embedded Derby; the settings come as system properties). */
    private static Path emptyContext(String name) {
        try {
            Path file = Files.createDirectories(TestServer.workDir()).resolve("context-" + name + ".xml");
            Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context/>\n");
            return file;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
