package gatehouse.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The servlet container's own figures, read from its JMX MBeans at each scrape: Tomcat's connectors
 * ({@code Catalina:type=ThreadPool} and {@code type=GlobalRequestProcessor}; {@code Tomcat:} when embedded) and its
 * {@code jdbc/gatehouse} DataSource pool ({@code type=DataSource}). Looked up by name, not by Tomcat's classes, so on
 * another container (Payara) or where the MBeans are off they are simply absent. MBeans registered after start-up
 * (connectors start after the web application) are bound at the first scrape that sees them.
 */
final class JmxMeters {
    private static final Set<String> DOMAINS = Set.of("Catalina", "Tomcat");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,60}");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Set<ObjectName> bound = ConcurrentHashMap.newKeySet();

    /** Binds the MBeans that appeared since the last call; never throws. */
    void bindNew(MeterRegistry registry) {
        try {
            for (ObjectName n : server.queryNames(new ObjectName("*:type=ThreadPool,*"), null)) {
                if (!DOMAINS.contains(n.getDomain()) || n.getKeyProperty("subType") != null || !bound.add(n)) continue;
                String c = connector(n);
                gauge(registry, n, "currentThreadsBusy", "tomcat.threads.busy", "Request threads busy", c);
                gauge(registry, n, "currentThreadCount", "tomcat.threads.current", "Request threads started", c);
                gauge(registry, n, "maxThreads", "tomcat.threads.max", "Request threads at most (maxThreads)", c);
                gauge(registry, n, "connectionCount", "tomcat.connections.current", "Connections open", c);
                gauge(registry, n, "maxConnections", "tomcat.connections.max", "Connections at most (maxConnections)", c);
            }
            for (ObjectName n : server.queryNames(new ObjectName("*:type=GlobalRequestProcessor,*"), null)) {
                if (!DOMAINS.contains(n.getDomain()) || !bound.add(n)) continue;
                String c = connector(n);
                counter(registry, n, "requestCount", "tomcat.requests", "Requests served by the connector", null, 1, c);
                counter(registry, n, "errorCount", "tomcat.request.errors", "Requests answered with a status of 400 or more", null, 1, c);
                counter(registry, n, "processingTime", "tomcat.request.processing", "Time spent serving requests", "seconds", 0.001, c);
                counter(registry, n, "bytesSent", "tomcat.sent", "Bytes sent", "bytes", 1, c);
                counter(registry, n, "bytesReceived", "tomcat.received", "Bytes received", "bytes", 1, c);
            }
            for (ObjectName n : server.queryNames(new ObjectName("*:type=DataSource,*"), null)) {
                if (!DOMAINS.contains(n.getDomain()) || n.getKeyProperty("connectionpool") != null
                        || !"jdbc/gatehouse".equals(plain(n.getKeyProperty("name"))) || !bound.add(n)) continue;
                dataSourceGauge(registry, n, "numActive", "gatehouse.db.pool.connections", "state", "in_use");
                dataSourceGauge(registry, n, "numIdle", "gatehouse.db.pool.connections", "state", "idle");
                dataSourceGauge(registry, n, "maxTotal", "gatehouse.db.pool.max", null, null);
            }
        } catch (Exception | LinkageError e) {
            // no JMX here, or a name we cannot read: the figures are absent, the scrape still answers
        }
    }

    /** A key property's value, unquoted when quoted. */
    private static String plain(String v) {
        return v != null && v.startsWith("\"") ? ObjectName.unquote(v) : v;
    }

    private static String connector(ObjectName n) {
        String name = plain(n.getKeyProperty("name"));
        return name != null && NAME.matcher(name).matches() ? name : "other";
    }

    private double read(ObjectName n, String attribute, double scale) {
        try {
            return ((Number) server.getAttribute(n, attribute)).doubleValue() * scale;
        } catch (Exception | LinkageError e) {
            return Double.NaN;
        }
    }

    private void gauge(MeterRegistry registry, ObjectName n, String attribute, String metric, String description, String connector) {
        Gauge.builder(metric, this, m -> m.read(n, attribute, 1)).description(description).tags("connector", connector).register(registry);
    }

    private void counter(MeterRegistry registry, ObjectName n, String attribute, String metric, String description, String unit,
                         double scale, String connector) {
        FunctionCounter.builder(metric, this, m -> m.read(n, attribute, scale)).description(description).baseUnit(unit)
                .tags("connector", connector).register(registry);
    }

    private void dataSourceGauge(MeterRegistry registry, ObjectName n, String attribute, String metric, String tag, String value) {
        Gauge.Builder<JmxMeters> b = Gauge.builder(metric, this, m -> m.read(n, attribute, 1))
                .description(value == null ? "Database connections at most in the pool" : "Database connections in the pool, by state");
        b.tags("pool", "datasource");
        if (tag != null) b.tags(tag, value);
        b.register(registry);
    }
}
