package gatehouse.store;

import java.io.IOException;
import java.io.Writer;
import org.eclipse.persistence.platform.database.DerbyPlatform;

/**
 * EclipseLink's Derby platform, but with real SQL booleans: the stock platform (written for Derby before
 * 10.7 had BOOLEAN) binds {@code true} as the integer 1, which Derby refuses to compare with the BOOLEAN
 * columns of our schema (ERROR 42818), so a query such as {@code active=true} failed.
 */
public class DerbyBooleanPlatform extends DerbyPlatform {
    @Override
    public Object convertToDatabaseType(Object value) {
        if (value instanceof Boolean) return value;
        return super.convertToDatabaseType(value);
    }

    @Override
    protected void appendBoolean(Boolean bool, Writer writer) throws IOException {
        writer.write(Boolean.TRUE.equals(bool) ? "TRUE" : "FALSE");
    }
}
