package io.granary.registry.npm;

import io.granary.registry.coherence.CacheCoherence;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rendered packuments kept in memory: npm install asks for the same documents over and over, and
 * rendering one means three queries and JSON work. A change of a package through any replica drops
 * its entries as it commits (see {@link CacheCoherence}).
 */
@ApplicationScoped
public class NpmPackumentCache {

    /** A rendered document and its strong validator. */
    record Rendered(Buffer body, String etag) {
    }

    private record Entry(Rendered rendered, long expiresAtNanos) {
    }

    private static final int MAX_PACKAGES = 20_000;
    /** Cache-coherence topic of one package of a repository. */
    private static final String TOPIC = "npm-package";

    private final CacheCoherence coherence;
    private final Map<String, Map<String, Entry>> packages = new ConcurrentHashMap<>();

    NpmPackumentCache(CacheCoherence coherence) {
        this.coherence = coherence;
        coherence.onChange(TOPIC, packages::remove);
        coherence.onReset(packages::clear);
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

    /** To be taken before the package is read, and handed to {@link #put} with what was rendered from it. */
    long generation() {
        return coherence.generation();
    }

    /** Keeps a rendering, unless a change anywhere was seen since its package was read. */
    void put(String repository, String pkg, String variant, Rendered rendered, long generation) {
        long ttl = coherence.ttlNanos();
        if (ttl <= 0 || !coherence.unchangedSince(generation)) {
            return;
        }
        if (packages.size() >= MAX_PACKAGES) {
            packages.clear();
        }
        packages.computeIfAbsent(key(repository, pkg), k -> new ConcurrentHashMap<>())
                .put(variant, new Entry(rendered, System.nanoTime() + ttl));
    }

    /** Forgets every rendering of a package after it changed, here and on every other replica. */
    public void invalidate(String repository, String pkg) {
        String key = key(repository, pkg);
        packages.remove(key);
        coherence.changed(TOPIC, key);
    }

    private static String key(String repository, String pkg) {
        return repository + ' ' + pkg;
    }
}
