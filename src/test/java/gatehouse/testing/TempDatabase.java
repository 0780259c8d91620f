package gatehouse.testing;

import gatehouse.config.Settings;
import gatehouse.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real embedded Derby database in a new folder under target/, opened (and migrated) before a test class and
 * closed after it: {@code @RegisterExtension static final TempDatabase temp = new TempDatabase("name");}.
 */
public final class TempDatabase implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private Path dir;
    private Database db;

    public TempDatabase(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory(Path.of("target"), name);
        db = Database.open(settings());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (db != null) db.close();
    }

    /** The database's folder (gatehouse.data.dir: the master key file lives there too). */
    public Path dir() { return dir; }

    public Database db() { return db; }

    /** The settings the database was opened with: only gatehouse.data.dir, every other setting its default. */
    public Settings settings() {
        return Settings.of(Map.of("gatehouse.data.dir", dir.toString()));
    }
}
