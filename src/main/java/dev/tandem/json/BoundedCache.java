package dev.tandem.json;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A cache of at most about {@code capacity} entries that readers consult without a lock: keys here are JSON (schemas
 * as trees, tool lists as text) whose hash and equality walk the whole value, and under one lock 64 concurrent
 * requests waited 10-18 ms for a holder that the scheduler had paused mid-walk. When full, an arbitrary entry makes room: callers
 * send few distinct keys, so which one goes hardly matters.
 */
public final class BoundedCache<K, V> {

    /** The key with its hash, computed once. */
    private record Hashed<K>(K key, int hash) {

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Hashed<?> that && hash == that.hash && key.equals(that.key);
        }
    }

    private final int capacity;
    private final Map<Hashed<K>, V> entries = new ConcurrentHashMap<>();

    public BoundedCache(int capacity) {
        this.capacity = capacity;
    }

    /**
     * The value kept for {@code key}, or the one {@code compute} makes, kept under {@code owned(key)} (a copy the
     * cache alone holds). {@code compute} may throw; nothing is kept then.
     */
    public V get(K key, Function<K, K> owned, Function<K, V> compute) {
        Hashed<K> hashed = new Hashed<>(key, key.hashCode());
        V known = entries.get(hashed);
        if (known != null) {
            return known;
        }
        V fresh = compute.apply(key);
        if (entries.size() >= capacity) {
            Iterator<Hashed<K>> any = entries.keySet().iterator();
            if (any.hasNext()) {
                entries.remove(any.next());
            }
        }
        entries.put(new Hashed<>(owned.apply(key), hashed.hash()), fresh);
        return fresh;
    }
}
