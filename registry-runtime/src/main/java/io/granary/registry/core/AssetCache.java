package io.granary.registry.core;

import io.granary.registry.metadata.StoredAsset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Recently read assets, so hot downloads need no database round trip. Only hits are cached (a
 * miss would hide a file just uploaded through another replica); entries expire after the TTL the
 * {@link io.granary.registry.coherence.CacheCoherence} grants and are dropped at once when any
 * replica writes or deletes the path.
 */
final class AssetCache {

    private record Key(long repositoryId, String path) {
    }

    private record Entry(StoredAsset asset, long expiresAtNanos) {
    }

    private final LongSupplier ttlNanos;
    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    AssetCache(LongSupplier ttlNanos, int maxEntries) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
    }

    StoredAsset get(long repositoryId, String path) {
        Entry e = entries.get(new Key(repositoryId, path));
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.expiresAtNanos >= 0) {
            entries.remove(new Key(repositoryId, path), e);
            return null;
        }
        return e.asset;
    }

    void put(long repositoryId, String path, StoredAsset asset) {
        long ttl = ttlNanos.getAsLong();
        if (ttl <= 0 || asset == null) {
            return;
        }
        if (entries.size() >= maxEntries) {
            // Crude but bounded: a full cache starts over rather than tracking recency per hit.
            entries.clear();
        }
        entries.put(new Key(repositoryId, path), new Entry(asset, System.nanoTime() + ttl));
    }

    void invalidate(long repositoryId, String path) {
        entries.remove(new Key(repositoryId, path));
    }

    void clear() {
        entries.clear();
    }
}
