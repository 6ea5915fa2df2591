package io.granary.registry.core;

import io.granary.registry.metadata.LabeledAsset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Recently read short listings (one PyPI project's files, one chart's versions), so an index page
 * asked for again and again needs no database round trip: with Hibernate Reactive that query cost
 * more server CPU than everything else a project page does.
 *
 * <p>A write through this process drops every cached listing of a folder above the written path at
 * once (an upload or a yank is on the next page), as do other replicas' writes when their notice
 * arrives (see {@link io.granary.registry.coherence.CacheCoherence}), as with {@link AssetCache}. Each repository has a generation bumped by every such drop, and a listing
 * is only kept when no write to its repository finished while it was read: otherwise a query that
 * started before a commit and ended after the drop would put the old rows back for a whole TTL.
 */
final class ListingCache {

    private record Key(String folderPrefix, int limit) {
    }

    private record Entry(List<LabeledAsset> listing, long expiresAtNanos) {
    }

    private final LongSupplier ttlNanos;
    private final int maxListings;
    private final int maxAssetsPerListing;
    private final Map<Long, Map<Key, Entry>> byRepository = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> generations = new ConcurrentHashMap<>();

    ListingCache(LongSupplier ttlNanos, int maxListings, int maxAssetsPerListing) {
        this.ttlNanos = ttlNanos;
        this.maxListings = maxListings;
        this.maxAssetsPerListing = maxAssetsPerListing;
    }

    /** The repository's generation, to be handed back to {@link #put} with the listing read after it. */
    long generation(long repositoryId) {
        return generationOf(repositoryId).get();
    }

    List<LabeledAsset> get(long repositoryId, String folderPrefix, int limit) {
        Map<Key, Entry> listings = byRepository.get(repositoryId);
        Entry e = listings == null ? null : listings.get(new Key(folderPrefix, limit));
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.expiresAtNanos >= 0) {
            listings.remove(new Key(folderPrefix, limit), e);
            return null;
        }
        return e.listing;
    }

    /** Keeps a listing read after {@code generation} was taken, unless a write has finished since. */
    void put(long repositoryId, String folderPrefix, int limit, List<LabeledAsset> listing, long generation) {
        long ttl = ttlNanos.getAsLong();
        if (ttl <= 0 || listing.size() > maxAssetsPerListing) {
            return;
        }
        Map<Key, Entry> listings = byRepository.computeIfAbsent(repositoryId, id -> new ConcurrentHashMap<>());
        if (listings.size() >= maxListings) {
            listings.clear();  // bounded like AssetCache: start over rather than track recency
        }
        listings.put(new Key(folderPrefix, limit), new Entry(List.copyOf(listing), System.nanoTime() + ttl));
        if (generationOf(repositoryId).get() != generation) {
            // A write finished while the listing was read; its drop may have run before this put.
            listings.remove(new Key(folderPrefix, limit));
        }
    }

    /** Drops the listings of every folder holding {@code path}; call after the write has committed. */
    void invalidate(long repositoryId, String path) {
        generationOf(repositoryId).incrementAndGet();
        Map<Key, Entry> listings = byRepository.get(repositoryId);
        if (listings != null) {
            listings.keySet().removeIf(key -> path.startsWith(key.folderPrefix));
        }
    }

    /** Drops every listing, e.g. when other replicas' notices may have been lost. */
    void clear() {
        generations.values().forEach(AtomicLong::incrementAndGet);
        byRepository.clear();
    }

    private AtomicLong generationOf(long repositoryId) {
        return generations.computeIfAbsent(repositoryId, id -> new AtomicLong());
    }
}
