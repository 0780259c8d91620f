package gatehouse.web;

import gatehouse.Gatehouse;
import gatehouse.config.Settings;
import gatehouse.keys.NativeCrypto;
import gatehouse.log.LogFormat;
import gatehouse.log.RequestLogHandler;
import gatehouse.store.Database;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one start-up place: settings, database, services (see {@link Gatehouse}). */
@WebListener
public class StartupListener implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(StartupListener.class.getName());
    private Gatehouse gatehouse;
    /** Held for the application's life: it holds the {@code gatehouse} logger, whose handler it is. */
    private RequestLogHandler logHandler;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        long started = System.currentTimeMillis();
        Database db = null;
        try {
            Settings settings = Settings.load();
            LogFormat format = LogFormat.of(settings.get("gatehouse.log.format").orElse("text"));
            logHandler = RequestLogHandler.install(format == null ? LogFormat.TEXT : format);   // before anything logs
            settings.validate();
            NativeCrypto crypto = NativeCrypto.start(settings.bool("gatehouse.crypto.native"));   // loads beside what follows
            db = Database.open(settings);
            gatehouse = Gatehouse.start(settings, db, crypto);
            gatehouse.attach(event.getServletContext());
            LOG.info("Gatehouse started in " + (System.currentTimeMillis() - started) + " ms");
        } catch (RuntimeException e) {
            // One clear line naming what is wrong; the container then refuses to start this application.
            LOG.severe("Gatehouse cannot start: " + e.getMessage());
            LOG.log(Level.FINE, "start-up failure", e);
            if (db != null) db.close();
            if (logHandler != null) logHandler.close();
            throw new IllegalStateException("Gatehouse cannot start: " + e.getMessage());
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (gatehouse != null) gatehouse.close();
        if (logHandler != null) logHandler.close();
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == getClass().getClassLoader()) {
                try {
                    DriverManager.deregisterDriver(d);
                } catch (SQLException ignored) {
                    // nothing more to do at shutdown
                }
            }
        }
    }
}
