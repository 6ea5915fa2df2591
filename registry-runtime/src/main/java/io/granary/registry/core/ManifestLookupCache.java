package io.granary.registry.core;

import io.granary.registry.metadata.OciMetadataStore.ManifestRow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Recently resolved manifests by tag or digest, so hot pulls need no database round trip. Like
 * {@link AssetCache}: only hits are cached, entries expire after the TTL the cache coherence grants,
 * and writes and deletions through any replica drop them as they commit.
 */
final class ManifestLookupCache {

    private record Key(long repositoryId, String image, String reference) {
    }

    private record Entry(ManifestRow row, long expiresAtNanos) {
    }

    private final LongSupplier ttlNanos;
    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    ManifestLookupCache(LongSupplier ttlNanos, int maxEntries) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
    }

    ManifestRow get(long repositoryId, String image, String reference) {
        Key key = new Key(repositoryId, image, reference);
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.expiresAtNanos >= 0) {
            entries.remove(key, e);
            return null;
        }
        return e.row;
    }

    void put(long repositoryId, String image, String reference, ManifestRow row) {
        long ttl = ttlNanos.getAsLong();
        if (ttl <= 0 || row == null) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(new Key(repositoryId, image, reference), new Entry(row, System.nanoTime() + ttl));
    }

    void invalidate(long repositoryId, String image, String reference) {
        entries.remove(new Key(repositoryId, image, reference));
    }

    /** Drops every entry of an image (a manifest deletion also removes the tags pointing at it). */
    void invalidateImage(long repositoryId, String image) {
        entries.keySet().removeIf(k -> k.repositoryId == repositoryId && k.image.equals(image));
    }

    void clear() {
        entries.clear();
    }
}
