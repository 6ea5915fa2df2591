package io.granary.registry.proxy;

/** How a proxied answer was obtained; sent to clients as the {@code X-Granary-Cache} header. */
public enum CacheState {
    /** Served from the cache, within its TTL. */
    HIT,
    /** Fetched from the upstream for this request (or a concurrent one). */
    MISS,
    /** Served from the cache past its TTL because the upstream failed. */
    STALE;

    public String header() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
