package gatehouse.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small in-memory cache of database reads for the request hot path (CONTRACT "Several nodes").
 * Staleness: an entry is at most {@code ttlMillis} old; a write through this node's services invalidates
 * its entry at once, so only changes made on another node (or straight in the database) are seen late,
 * and never later than {@code ttlMillis}. Absent records are cached too (as a miss).
 */
public final class ReadCache<K, V> {
    private record Entry<V>(V value, long loadedAt) { }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    /** Bumped by every invalidation, so that a load that raced with a write is not remembered. */
    private final AtomicLong writes = new AtomicLong();
    private final long ttlMillis;
    private final int maxEntries;

    public ReadCache(long ttlMillis, int maxEntries) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
    }

    /** The cached value when fresh, else {@code loader}'s (null for "no such record"), remembered. */
    public V get(K key, Function<K, V> loader) {
        if (key == null) return null;
        long now = System.currentTimeMillis();
        Entry<V> e = entries.get(key);
        if (e != null && now - e.loadedAt < ttlMillis && now >= e.loadedAt) return e.value;
        long writesBefore = writes.get();
        V value = loader.apply(key);
        if (ttlMillis > 0 && writes.get() == writesBefore) {
            if (entries.size() >= maxEntries) entries.clear();   // bounded: a flood of distinct keys cannot grow it
            entries.put(key, new Entry<>(value, now));
        }
        return value;
    }

    public void invalidate(K key) {
        if (key == null) return;
        writes.incrementAndGet();
        entries.remove(key);
    }

    public void clear() {
        writes.incrementAndGet();
        entries.clear();
    }

    public long ttlMillis() { return ttlMillis; }
}
