package gatehouse.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.ContextEnvironment;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Runs the built Gatehouse WAR (exploded, {@code target/gatehouse}) at context root {@code /} in an embedded
 * Apache Tomcat. The README's run command ({@code mvn package exec:java}) and the HTTP tests both use it.
 * Settings are given as JNDI env-entries of the context, so that several instances can run in one JVM.
 */
public final class Launcher implements AutoCloseable {
    /** Whether Tomcat registers its JMX MBeans ({@code --jmx true}); one launcher per JVM. */
    private static volatile boolean jmx;
    private final Tomcat tomcat;
    private final Context context;
    private final int port;
    private final Connector https;             // null without TLS

    private Launcher(Tomcat tomcat, Context context, int port, Connector https) {
        this.tomcat = tomcat;
        this.context = context;
        this.port = port;
        this.https = https;
    }

    /** Starts Tomcat on {@code port} (0 = any free port) with the given Gatehouse settings. */
    public static Launcher start(Path webapp, Path baseDir, int port, Map<String, String> settings) {
        return start(webapp, baseDir, "127.0.0.1", port, settings);
    }

    public static Launcher start(Path webapp, Path baseDir, String address, int port, Map<String, String> settings) {
        return start(webapp, baseDir, address, port, null, settings);
    }

    /** As above, and with {@code tls} (null: none) an https connector beside the http one. */
    public static Launcher start(Path webapp, Path baseDir, String address, int port, LaunchTls tls, Map<String, String> settings) {
        if (!Files.isDirectory(webapp))
            throw new IllegalStateException("no exploded WAR at " + webapp + ": run 'mvn package' first");
        try {
            Files.createDirectories(baseDir);
            // no JMX MBeans for every component: registering them was a slow part of the embedded start-up
            // (--jmx true keeps them, for the Tomcat figures of /metrics)
            if (!jmx) org.apache.tomcat.util.modeler.Registry.disableRegistry();
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toAbsolutePath().toString());
            Connector connector = new Connector();
            connector.setPort(port);
            connector.setProperty("address", address);
            connector.setProperty("maxThreads", "64");
            // ServiceNow's encoded queries carry a raw ^ (and tools send | [ ] { } raw too): Tomcat refuses them with
            // a 400 unless the connector allows them (README's Table API examples use them as people type them)
            connector.setProperty("relaxedQueryChars", "^|[]{}");
            tomcat.setConnector(connector);
            tomcat.enableNaming();
            tomcat.getServer().setParentClassLoader(Launcher.class.getClassLoader());
            tomcat.getHost().setAutoDeploy(false);
            // Tomcat's own error pages (a request line or header over the limits, a bad escape, an encoded slash:
            // refused before Gatehouse sees the request) name no exception, stack or server version; as in
            // server-config/tomcat/server.xml. Tomcat 10.1 sends no Server header unless the connector sets one.
            ErrorReportValve plainErrors = new ErrorReportValve();
            plainErrors.setShowReport(false);
            plainErrors.setShowServerInfo(false);
            tomcat.getHost().getPipeline().addValve(plainErrors);
            Context ctx = tomcat.addWebapp("", webapp.toAbsolutePath().toString());
            StandardJarScanner scanner = (StandardJarScanner) ctx.getJarScanner();
            scanner.setScanClassPath(false);
            scanner.setScanManifest(false);
            StandardJarScanFilter onlyJstlTlds = new StandardJarScanFilter();   // TLDs live in the JSTL jars only
            onlyJstlTlds.setTldSkip("*.jar");
            onlyJstlTlds.setTldScan("jakarta.servlet.jsp.jstl-*.jar");
            // No web fragments or annotated classes live in the libraries: scanning their classes for
            // @HandlesTypes/@WebServlet took seconds of the start-up. WEB-INF/classes is still scanned, and
            // the libraries' ServletContainerInitializers (Jersey's) still run.
            onlyJstlTlds.setPluggabilitySkip("*.jar");
            scanner.setJarScanFilter(onlyJstlTlds);
            for (Map.Entry<String, String> e : settings.entrySet()) {
                ContextEnvironment env = new ContextEnvironment();
                env.setName(e.getKey());
                env.setType(String.class.getName());
                env.setValue(e.getValue());
                env.setOverride(false);
                ctx.getNamingResources().addEnvironment(env);
            }
            Connector https = tls == null ? null : tls.connector(connector, address);    // like the http one, with TLS
            if (https != null) tomcat.getService().addConnector(https);
            tomcat.start();
            if (connector.getState() != LifecycleState.STARTED || connector.getLocalPort() < 0) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("cannot listen on " + address + ":" + port
                        + " (in use by another program?); choose another port with -Dhttp.port=N");
            }
            if (https != null && (https.getState() != LifecycleState.STARTED || https.getLocalPort() < 0)) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("cannot serve https on " + address + ":" + tls.port()
                        + " (in use, or a wrong keystore or password?); choose another port with -Dgatehouse.launch.https.port=N");
            }
            if (ctx.getState() != LifecycleState.STARTED) {
                tomcat.stop();
                tomcat.destroy();
                throw new IllegalStateException("Gatehouse did not start (see the log above)");
            }
            return new Launcher(tomcat, ctx, connector.getLocalPort(), https);
        } catch (LifecycleException | IOException e) {
            throw new IllegalStateException("cannot start Tomcat: " + e.getMessage(), e);
        }
    }

    public int port() { return port; }

    public String baseUrl() { return "http://127.0.0.1:" + port; }

    /** The https port, or -1 without TLS. */
    public int httpsPort() { return https == null ? -1 : https.getLocalPort(); }

    public boolean isRunning() { return context.getState() == LifecycleState.STARTED; }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code mvn package exec:java}: Gatehouse on http://localhost:8080/ with demo data in ./data.
     * Tests start it as a child process with {@code --port 0 --settings FILE}; it then prints
     * {@value #STARTED_LINE}{@code <port>} once ready, or exits with status 1 when Gatehouse does not start.
     */
    public static void main(String[] args) throws Exception {
        if (relaunchedIsolated(args)) return;
        int port = Integer.getInteger("gatehouse.launch.port", 8080);
        Path webapp = Path.of(System.getProperty("gatehouse.launch.webapp", "target/gatehouse"));
        Path base = Path.of("target/tomcat-run");
        String address = System.getProperty("gatehouse.launch.address", "127.0.0.1");
        Integer httpsPort = Integer.getInteger("gatehouse.launch.https.port");
        String keystore = System.getProperty("gatehouse.launch.keystore");
        String keystorePassword = System.getProperty("gatehouse.launch.keystore.password");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("gatehouse.demo", System.getProperty("gatehouse.launch.demo", "true"));
        settings.put("gatehouse.data.dir", new File(System.getProperty("gatehouse.data.dir", "data")).getAbsolutePath());
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--webapp" -> webapp = Path.of(args[i + 1]);
                case "--base" -> base = Path.of(args[i + 1]);
                case "--https-port" -> httpsPort = Integer.parseInt(args[i + 1]);
                case "--keystore" -> keystore = args[i + 1];
                case "--keystore-password" -> keystorePassword = args[i + 1];
                case "--jmx" -> jmx = Boolean.parseBoolean(args[i + 1]);
                case "--settings" -> {
                    Properties p = new Properties();
                    try (var in = Files.newBufferedReader(Path.of(args[i + 1]))) {
                        p.load(in);
                    }
                    settings.clear();
                    for (String name : p.stringPropertyNames()) settings.put(name, p.getProperty(name));
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Launcher l;
        try {
            LaunchTls tls = httpsPort == null ? null : LaunchTls.of(httpsPort, keystore, keystorePassword,
                    Path.of(settings.getOrDefault("gatehouse.data.dir", "data")));
            l = start(webapp, base, address, port, tls, settings);
            if (tls != null) {
                System.out.println(HTTPS_LINE + l.httpsPort());
                System.out.println("Gatehouse serves https at https://localhost:" + l.httpsPort() + "/  " + tls.describe());
            }
        } catch (IllegalStateException e) {
            System.err.println("Gatehouse did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(STARTED_LINE + l.port());
        System.out.println("Gatehouse is running at http://localhost:" + l.port() + "/  (Ctrl-C stops it)");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(l::close));
        l.tomcat.getServer().await();
    }

    /**
     * Under {@code mvn exec:java} this class shares a class loader with the WAR's own libraries (Jersey, HK2, …),
     * so Tomcat's servlet API classes would see a second copy of them and HK2 could not build its proxies (the
     * API would not start). Then run again in a class loader holding only Tomcat and this launcher, as the
     * tests' child process does. Returns true when it ran there (and so has finished).
     */
    private static boolean relaunchedIsolated(String[] args) throws Exception {
        ClassLoader own = Launcher.class.getClassLoader();
        if (!(own instanceof java.net.URLClassLoader loader) || own.getResource("org/glassfish/hk2/api/ProxyCtl.class") == null) return false;
        List<java.net.URL> keep = new ArrayList<>();
        for (java.net.URL u : loader.getURLs()) {
            String f = u.getPath().replaceAll("/$", "");
            String name = f.substring(f.lastIndexOf('/') + 1);
            if (name.startsWith("tomcat-embed-") || name.startsWith("tomcat-annotations-api") || name.startsWith("ecj-")
                    || name.equals("test-classes")) keep.add(u);
        }
        ClassLoader isolated = new java.net.URLClassLoader("gatehouse-launcher", keep.toArray(java.net.URL[]::new),
                ClassLoader.getPlatformClassLoader());
        if (isolated.getResource("org/glassfish/hk2/api/ProxyCtl.class") != null) return false;
        Thread.currentThread().setContextClassLoader(isolated);
        try {
            isolated.loadClass(Launcher.class.getName()).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
        return true;
    }

    public static final String STARTED_LINE = "GATEHOUSE_STARTED port=";
    /** Printed before {@link #STARTED_LINE} when https is served. */
    public static final String HTTPS_LINE = "GATEHOUSE_HTTPS port=";
}
