package io.granary.registry.proxy;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One thing a proxy repository serves: the path it is cached under, the upstream URL it comes from,
 * whether it may change upstream (and so is re-checked after the metadata TTL) and how the upstream
 * vouches for its bytes.
 */
public record ProxyItem(String cachePath, Supplier<URI> locator, boolean mutable, String contentType,
                        Integrity integrity, Map<String, String> requestHeaders) {

    /** The upstream URL, worked out only when the item is fetched: a cache hit never needs it. */
    public URI source() {
        return locator.get();
    }

    /** Content that never changes once published (blobs, versioned files): cached for good. */
    public static ProxyItem immutable(String cachePath, URI source, String contentType, Integrity integrity) {
        return new ProxyItem(cachePath, () -> source, false, contentType, integrity, Map.of());
    }

    /** Metadata (indexes, packuments, tags): served from cache for the metadata TTL, then fetched again. */
    public static ProxyItem metadata(String cachePath, URI source, String contentType, Integrity integrity) {
        return metadata(cachePath, () -> source, contentType, integrity);
    }

    /** Metadata whose upstream URL is worked out only if it has to be fetched. */
    public static ProxyItem metadata(String cachePath, Supplier<URI> source, String contentType, Integrity integrity) {
        return new ProxyItem(cachePath, source, true, contentType, integrity, Map.of());
    }

    /** Content that never changes, whose upstream URL is worked out only if it has to be fetched. */
    public static ProxyItem immutable(String cachePath, Supplier<URI> source, String contentType, Integrity integrity) {
        return new ProxyItem(cachePath, source, false, contentType, integrity, Map.of());
    }

    /** The same item asked for with these request headers (e.g. the manifest types a client accepts). */
    public ProxyItem withHeaders(Map<String, String> headers) {
        return new ProxyItem(cachePath, locator, mutable, contentType, integrity, Map.copyOf(headers));
    }
}
