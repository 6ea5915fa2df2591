package io.granary.registry.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of small blobs, kept in memory so the most frequent downloads (metadata files,
 * checksums, small artifacts) skip opening a file. Blobs are content-addressed and never change,
 * so an entry can never be stale; the cache is bounded by total bytes and evicts the least
 * recently used.
 */
final class SmallBlobCache {

    private final int maxBlobBytes;
    private final long maxTotalBytes;
    private long totalBytes;
    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);

    SmallBlobCache(int maxBlobBytes, long maxTotalBytes) {
        this.maxBlobBytes = maxBlobBytes;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** Whether a blob of this size is worth caching. */
    boolean accepts(long size) {
        return maxTotalBytes > 0 && size <= maxBlobBytes;
    }

    synchronized byte[] get(String sha256) {
        return entries.get(sha256);
    }

    synchronized void put(String sha256, byte[] bytes) {
        if (!accepts(bytes.length) || entries.containsKey(sha256)) {
            return;
        }
        entries.put(sha256, bytes);
        totalBytes += bytes.length;
        var it = entries.entrySet().iterator();
        while (totalBytes > maxTotalBytes && it.hasNext()) {
            Map.Entry<String, byte[]> eldest = it.next();
            totalBytes -= eldest.getValue().length;
            it.remove();
        }
    }
}
