package dev.tandem.llm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded cache that forgets the entry used least recently, safe for concurrent use. A key's hash is computed
 * before the lock is taken: keys here are JSON trees, whose hash walks the whole tree.
 */
public final class RecentlyUsed<K, V> {

    /** The key with its hash, computed once and outside the lock. */
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

    private final Map<Hashed<K>, V> entries;

    public RecentlyUsed(int capacity) {
        entries = Collections.synchronizedMap(new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hashed<K>, V> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * The value kept for {@code key}, or the one {@code compute} makes, kept under {@code owned(key)} (a copy the
     * cache alone holds). {@code compute} runs outside the lock and may throw; nothing is kept then.
     */
    public V get(K key, Function<K, K> owned, Function<K, V> compute) {
        Hashed<K> hashed = new Hashed<>(key, key.hashCode());
        V known = entries.get(hashed);
        if (known != null) {
            return known;
        }
        V fresh = compute.apply(key);
        entries.put(new Hashed<>(owned.apply(key), hashed.hash()), fresh);
        return fresh;
    }
}
