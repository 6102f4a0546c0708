package org.sparknmt.subword;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread-safe memo of word segmentations that stops growing at a fixed number of entries. Word frequencies are
 * Zipfian, so the words seen first are mostly the frequent ones; never evicting keeps lookups lock-free and cheap,
 * and the bound keeps a long-running executor from filling its heap with rare words.
 */
final class BoundedCache<K, V> {
    private final int capacity;
    private final ConcurrentHashMap<K, V> map;
    /** Slots taken by entries plus slots reserved by puts in flight; never exceeds {@link #capacity}. */
    private final AtomicInteger taken = new AtomicInteger();

    BoundedCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("cache capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.map = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /** The remembered value, or null. */
    V get(K key) {
        return map.get(key);
    }

    /** Remembers {@code value} unless the cache is full or {@code key} is already present. */
    void offer(K key, V value) {
        if (taken.get() >= capacity) {
            return;
        }
        if (taken.incrementAndGet() > capacity) {
            taken.decrementAndGet();
            return;
        }
        if (map.putIfAbsent(key, value) != null) {
            taken.decrementAndGet();
        }
    }

    int size() {
        return map.size();
    }
}
