package gatehouse.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DerbyPageCacheTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void derbysDefaultUpToAHeapOfAboutHalfAGibibyteThenAQuarterOfTheHeapIn32KibPages() {
        assertEquals(1000, Database.derbyPageCache(96 * MIB), "the recommended -Xmx96m keeps Derby's default");
        assertEquals(1000, Database.derbyPageCache(125 * MIB));
        assertEquals(2048, Database.derbyPageCache(256 * MIB));
        assertEquals(8192, Database.derbyPageCache(1024 * MIB));
    }

    @Test
    void neverMoreThan32000Pages() {
        assertEquals(32_000, Database.derbyPageCache(16 * 1024 * MIB));
        assertEquals(32_000, Database.derbyPageCache(Long.MAX_VALUE), "a JVM without a heap limit");
    }
}
