package gatehouse.store;

import gatehouse.config.SettingException;
import gatehouse.config.Settings;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The one database of an installation: the JNDI DataSource {@code jdbc/gatehouse} when it exists, else
 * {@code gatehouse.db.url}, else embedded Derby in {@code gatehouse.data.dir}. Migrates the schema, then
 * opens the JPA persistence unit over it.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final DataSource dataSource;        // null when connecting by URL
    private final String url;
    private final String user;
    private final String password;
    private final String derbyPath;             // embedded Derby only
    private final String description;
    private EntityManagerFactory emf;
    private boolean derby;
    private boolean postgres;
    private GroupCommit groupCommit;
    private volatile Observer observer = Observer.NONE;

    /** Told of each transaction's time and each group commit's size (the operators' metrics); must be quick and never throw. */
    public interface Observer {
        Observer NONE = new Observer() {
            @Override public void transaction(long nanos) { }
            @Override public void groupCommit(int writes) { }
        };

        void transaction(long nanos);

        void groupCommit(int writes);
    }

    private Database(DataSource dataSource, String url, String user, String password, String derbyPath, String description) {
        this.dataSource = dataSource;
        this.url = url;
        this.user = user;
        this.password = password;
        this.derbyPath = derbyPath;
        this.description = description;
    }

    /** Chooses the database from the settings, connects, migrates and opens the persistence unit. */
    public static Database open(Settings settings) {
        Database db = choose(settings);
        if (db.url != null) registerDriver(db.url);
        // EclipseLink reads the mappings (half a second at start-up) without the database, on a thread of its own: when
        // the URL names the database, beside the first connection (which boots embedded Derby, another half second)
        // and the migrations; with a container's DataSource, once the connection has said which database it is
        CompletableFuture<EntityManagerFactory> jpa = null;
        if (db.url != null) {
            db.derby = db.url.startsWith("jdbc:derby:");
            jpa = readMappings(db);
        }
        try (Connection c = db.connection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
            db.derby = product.contains("derby");
            db.postgres = product.contains("postgresql");
            if (jpa == null) jpa = readMappings(db);
            if (db.derbyPath != null) smallPages(c);
            new Migrations().apply(c);
        } catch (SQLException e) {
            closeWhenMade(jpa);
            throw new DatabaseUnavailableException("cannot use the database " + db.description + ": " + rootMessage(e), e);
        } catch (RuntimeException e) {
            closeWhenMade(jpa);
            throw e;
        }
        try {
            db.emf = jpa.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) throw cause;
            throw e;
        }
        failFastOnLostConnections(db.emf);
        db.groupCommit = GroupCommit.forDatabase(db, db.derby, db.postgres, settings.bool("gatehouse.token.commit.durable"));
        try (EntityManager em = db.emf.createEntityManager()) {
            em.find(SystemProperty.class, "probe");  // fail now, not on the first request
        }
        LOG.info("Gatehouse database: " + db.description);
        return db;
    }

    /**
     * A read that meets a lost connection (the database restarting, a pooled connection it closed) is retried once, at
     * once, on a new connection, then fails, so that the request gets its 503 with Retry-After: EclipseLink's default
     * (up to 4 tries, 5 s apart) held each request up to 15 s while the database was down.
     */
    private static void failFastOnLostConnections(EntityManagerFactory emf) {
        org.eclipse.persistence.sessions.DatabaseLogin login = org.eclipse.persistence.jpa.JpaHelper.getServerSession(emf).getLogin();
        login.setQueryRetryAttemptCount(0);
        login.setDelayBetweenConnectionAttempts(0);
    }

    private static CompletableFuture<EntityManagerFactory> readMappings(Database db) {
        Map<String, Object> properties = db.jpaProperties();
        return CompletableFuture.supplyAsync(() -> Persistence.createEntityManagerFactory("gatehouse", properties),
                r -> new Thread(r, "gatehouse-jpa-metadata").start());
    }

    private static void closeWhenMade(CompletableFuture<EntityManagerFactory> jpa) {
        if (jpa != null) jpa.thenAccept(EntityManagerFactory::close);
    }

    private static Database choose(Settings settings) {
        DataSource ds = lookupDataSource();
        if (ds != null) return new Database(ds, null, null, null, null, "JNDI DataSource jdbc/gatehouse");
        var url = settings.get("gatehouse.db.url");
        if (url.isPresent()) {
            if (!url.get().startsWith("jdbc:"))
                throw new SettingException("gatehouse.db.url", url.get(), "must be a JDBC URL (jdbc:…)");
            return new Database(null, url.get(), settings.get("gatehouse.db.user").orElse(null),
                    settings.get("gatehouse.db.password").orElse(null), null, url.get().replaceAll(";.*", ""));
        }
        String dir = settings.string("gatehouse.data.dir");
        Path folder = Path.of(dir).toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
        } catch (IOException | RuntimeException e) {
            throw new SettingException("gatehouse.data.dir", dir, "is not a folder that can be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(folder))
            throw new SettingException("gatehouse.data.dir", dir, "is not writable by this process");
        if (System.getProperty("derby.stream.error.file") == null && System.getProperty("derby.stream.error.field") == null)
            System.setProperty("derby.stream.error.file", folder.resolve("derby.log").toString());
        if (System.getProperty(DERBY_PAGE_CACHE) == null)
            System.setProperty(DERBY_PAGE_CACHE, Integer.toString(derbyPageCache(Runtime.getRuntime().maxMemory())));
        LOG.info("Gatehouse: embedded Derby's page cache holds " + System.getProperty(DERBY_PAGE_CACHE) + " pages (" + DERBY_PAGE_CACHE + ")");
        String path = folder.resolve("db").toString();
        return new Database(null, "jdbc:derby:" + path + ";create=true", null, null, path, "embedded Derby in " + folder);
    }

    static final String DERBY_PAGE_CACHE = "derby.storage.pageCacheSize";

    /**
     * Embedded Derby makes the tables it creates from now on in 4 KiB pages, the size of its index pages (a database
     * property, kept in the database). Left to itself it gives a table whose declared row is wide (the token, grant
     * and most other tables) 32 KiB pages; its page cache then gives a slot a new page array each time a page of the
     * other size is read into it, and under random reads of a large table those arrays filled the old generation:
     * about three full collections a second with {@code -Xmx96m}. With 4 KiB pages there were none, and introspection
     * with 1,000,000 stored tokens went from 8,034 to 12,170 calls/s (bench/README.md, "Growth"). Tables made before
     * keep their pages; a row longer than a page continues on the next, as Derby does for any long row.
     */
    private static void smallPages(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.storage.pageSize', '4096')");
        }
    }

    /**
     * Embedded Derby's page cache, in pages, unless {@code -Dderby.storage.pageCacheSize} says: Derby's own default of
     * 1,000 pages, or more when the heap allows, at most a quarter of it counted in 32 KiB pages (Derby's largest: the
     * tables of a database made before {@link #smallPages} have them; index pages, and now tables, are 4 KiB), and at
     * most 32,000. With {@code -Xmx96m} that is 1,000; with
     * 1 GiB, 8,192. A large token table's live rows and index pages then stay in memory (bench/README.md, "Growth").
     */
    static int derbyPageCache(long maxHeapBytes) {
        return (int) Math.max(1000, Math.min(32_000, maxHeapBytes / 4 / 32_768));
    }

    /**
     * Loads the JDBC driver the WAR bundles for {@code url}, so that it registers with DriverManager from this
     * web application's class loader (the container's DriverManager scan does not see WEB-INF/lib).
     */
    private static void registerDriver(String url) {
        String driver = driverClass(url);
        if (driver == null) return;
        try {
            Class.forName(driver, true, Database.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new DatabaseUnavailableException("the JDBC driver " + driver + " is missing", e);
        }
    }

    private static String driverClass(String url) {
        return url.startsWith("jdbc:derby:") ? "org.apache.derby.jdbc.EmbeddedDriver"
                : url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : null;
    }

    /**
     * The container's DataSource: {@code java:comp/env/jdbc/gatehouse} (Tomcat: a {@code Resource} in context.xml;
     * any container: a {@code resource-ref}), else the global name {@code jdbc/gatehouse} that Payara/GlassFish
     * {@code create-jdbc-resource} binds (server-config/payara/post-boot-commands.asadmin). The WAR declares no
     * {@code resource-ref}, so that it still starts on embedded Derby where neither exists.
     */
    static DataSource lookupDataSource() {
        for (String name : new String[] {"java:comp/env/jdbc/gatehouse", "jdbc/gatehouse"}) {
            try {
                if (new InitialContext().lookup(name) instanceof DataSource d) return d;
            } catch (NamingException | RuntimeException notThere) {
                // try the next name
            }
        }
        return null;
    }

    private Map<String, Object> jpaProperties() {
        Map<String, Object> p = new HashMap<>();
        if (derby) p.put("eclipselink.target-database", DerbyBooleanPlatform.class.getName());
        if (dataSource != null) {
            p.put("jakarta.persistence.nonJtaDataSource", dataSource);
        } else {
            p.put("jakarta.persistence.jdbc.url", url);
            // Named, so that a container's EclipseLink (Payara's, outside this WAR) can load the WAR's driver
            // itself: DriverManager would refuse it a driver its own class loader cannot see.
            String driver = driverClass(url);
            if (driver != null) p.put("jakarta.persistence.jdbc.driver", driver);
            if (user != null) p.put("jakarta.persistence.jdbc.user", user);
            if (password != null) p.put("jakarta.persistence.jdbc.password", password);
            // min = max: EclipseLink closes every connection above min when it is released, so a smaller min
            // made each burst of concurrent API calls open (and close) new connections
            p.put("eclipselink.connection-pool.default.initial", "2");
            p.put("eclipselink.connection-pool.default.min", "32");
            p.put("eclipselink.connection-pool.default.max", "32");
        }
        return p;
    }

    /**
     * Runs {@code work} while this node holds the schema lock ({@code LOCK TABLE schema_version}, the one the
     * migrations take), so that nodes starting together on one database do their first-start work (admin,
     * demo data) one after the other: the second sees what the first created. The lock ends with {@code work}.
     */
    public void exclusively(Runnable work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
                }
                work.run();
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot use the database " + description + ": " + rootMessage(e), e);
        }
    }

    /** A plain JDBC connection (auto-commit on), for migrations and health checks. */
    public Connection connection() throws SQLException {
        if (dataSource != null) return dataSource.getConnection();
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    }

    public EntityManagerFactory emf() { return emf; }

    /** Whether the container's DataSource pools the connections (its own figures: {@code gatehouse.metrics.JmxMeters}). */
    public boolean pooledByContainer() { return dataSource != null; }

    /**
     * EclipseLink's own pool (connecting by URL), {@code read} (reads outside a transaction) or {@code default} (the rest), as
     * {in use, idle, at most}; null with a container DataSource or when that pool does not exist.
     */
    public int[] pool(String name) {
        if (dataSource != null || emf == null || !emf.isOpen()) return null;
        org.eclipse.persistence.sessions.server.ServerSession s = (org.eclipse.persistence.sessions.server.ServerSession) org.eclipse.persistence.jpa.JpaHelper.getServerSession(emf);
        org.eclipse.persistence.sessions.server.ConnectionPool p = "read".equals(name) ? s.getReadConnectionPool() : s.getDefaultConnectionPool();
        if (p == null || p instanceof org.eclipse.persistence.sessions.server.ExternalConnectionPool) return null;
        int idle = p.getConnectionsAvailable().size();
        return new int[] {p.getTotalNumberOfConnections() - idle, idle, p.getMaxNumberOfConnections()};
    }

    public String description() { return description; }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T tx(Function<EntityManager, T> work) {
        long start = System.nanoTime();
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) em.getTransaction().rollback();
            em.close();
            observer.transaction(System.nanoTime() - start);
        }
    }

    /**
     * As {@link #tx}, run again (at most {@code attempts} times in all) when the database refuses it for a conflict with a
     * transaction at the same moment: a deadlock or serialization failure (SQLState class 40), or a key inserted meanwhile
     * by another (class 23). For short work that reads what it changes inside the transaction, so that a second run sees
     * the other's row and locks it instead.
     */
    public <T> T txRetryingConflicts(int attempts, Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx(work);
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isConflict(e)) throw e;
            }
        }
    }

    /**
     * Makes the row {@code id} of {@code type} exist: inserts {@code make}'s entity in a transaction of its own unless it is
     * there; one another transaction inserted meanwhile is as good. So that a later transaction can lock it
     * ({@code SELECT … FOR UPDATE}) rather than two inserting the same key, where one would fail.
     */
    public <T> void ensureRow(Class<T> type, Object id, java.util.function.Supplier<T> make) {
        if (read(em -> em.find(type, id)) != null) return;
        try {
            tx(em -> {
                em.persist(make.get());
                return null;
            });
        } catch (RuntimeException e) {
            if (!isConflict(e)) throw e;
        }
    }

    /**
     * Whether {@code t} was caused by a deadlock, serialization failure or unique key violation (SQLState 40xxx, 23xxx;
     * JPA's pessimistic lock and lock timeout exceptions, as EclipseLink reports a deadlock).
     */
    public static boolean isConflict(Throwable t) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof jakarta.persistence.PessimisticLockException || t instanceof jakarta.persistence.LockTimeoutException) return true;
            if (t instanceof SQLException e) {
                for (SQLException x = e; x != null; x = x.getNextException()) {
                    String state = x.getSQLState();
                    if (state != null && (state.startsWith("40") || state.startsWith("23"))) return true;
                }
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    public void observe(Observer o) {
        observer = o == null ? Observer.NONE : o;
    }

    Observer observer() {
        return observer;
    }

    /**
     * Runs {@code inserts} in a transaction shared with other threads' at the same moment ({@link GroupCommit}):
     * returns once they are committed, throws when they could not be. For independent inserts of new rows (and the
     * reads they need) only: {@code inserts} may run a second time, alone, when its group's transaction fails.
     */
    public void insertGrouped(Consumer<EntityManager> inserts) {
        groupCommit.run(inserts);
    }

    /** Runs a read in a fresh EntityManager, outside any transaction. */
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    /**
     * The schema's version, the newest this build knows ({@code db/migrations.txt}) and how many listed migrations
     * are not applied (0 when the schema is this build's); null when the database does not answer.
     */
    public int[] schemaVersions() {
        try (Connection c = connection()) {
            List<Migrations.Migration> all = Migrations.list();
            java.util.Set<Integer> applied = Migrations.appliedVersions(c);
            int pending = (int) all.stream().filter(m -> !applied.contains(m.version())).count();
            return new int[] {Migrations.currentVersion(c), all.stream().mapToInt(Migrations.Migration::version).max().orElse(0), pending};
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    public String probe() {
        try (Connection c = connection()) {
            return c.getMetaData().getDatabaseProductName() + ", schema version " + Migrations.currentVersion(c);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (emf != null && emf.isOpen()) emf.close();
        if (derbyPath != null) {
            try {
                DriverManager.getConnection("jdbc:derby:" + derbyPath + ";shutdown=true").close();
            } catch (SQLException expected) {
                // Derby reports a successful shutdown as an exception
            }
        }
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage();
    }
}
