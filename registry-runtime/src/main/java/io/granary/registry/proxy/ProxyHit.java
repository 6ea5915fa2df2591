package io.granary.registry.proxy;

import io.granary.registry.metadata.StoredAsset;

/** A proxied item available in the cache, and how it got there. */
public record ProxyHit(StoredAsset asset, CacheState state) {
}
