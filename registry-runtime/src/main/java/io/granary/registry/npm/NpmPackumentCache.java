package io.granary.registry.npm;

import io.granary.registry.config.GranaryConfig;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rendered packuments kept briefly in memory: npm install asks for the same documents over and over,
 * and rendering one means three queries and JSON work. Changes through this process drop a package's
 * entries at once; other replicas may serve the previous document for up to the asset cache TTL.
 */
@ApplicationScoped
public class NpmPackumentCache {

    /** A rendered document and its strong validator. */
    record Rendered(Buffer body, String etag) {
    }

    private record Entry(Rendered rendered, long expiresAtNanos) {
    }

    private static final int MAX_PACKAGES = 20_000;

    private final long ttlNanos;
    private final Map<String, Map<String, Entry>> packages = new ConcurrentHashMap<>();

    NpmPackumentCache(GranaryConfig config) {
        this.ttlNanos = config.metadata().assetCacheTtl().toNanos();
    }

    /** The cached rendering of one variant (abbreviated or full, per registry URL), or null. */
    Rendered get(String repository, String pkg, String variant) {
        Map<String, Entry> variants = packages.get(key(repository, pkg));
        Entry entry = variants == null ? null : variants.get(variant);
        if (entry == null || System.nanoTime() - entry.expiresAtNanos >= 0) {
            return null;
        }
        return entry.rendered;
    }

    void put(String repository, String pkg, String variant, Rendered rendered) {
        if (ttlNanos <= 0) {
            return;
        }
        if (packages.size() >= MAX_PACKAGES) {
            packages.clear();
        }
        packages.computeIfAbsent(key(repository, pkg), k -> new ConcurrentHashMap<>())
                .put(variant, new Entry(rendered, System.nanoTime() + ttlNanos));
    }

    /** Forgets every rendering of a package after it changed. */
    public void invalidate(String repository, String pkg) {
        packages.remove(key(repository, pkg));
    }

    private static String key(String repository, String pkg) {
        return repository + '\0' + pkg;
    }
}
