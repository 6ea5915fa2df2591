package io.granary.registry.core;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.coherence.CacheCoherence;
import io.granary.registry.config.GranaryConfig;
import io.granary.registry.metadata.AssetMetadataStore;
import io.granary.registry.metadata.AssetWrite;
import io.granary.registry.metadata.AssetWriteOutcome;
import io.granary.registry.metadata.LabeledAsset;
import io.granary.registry.metadata.RepositoryIds;
import io.granary.registry.metadata.RepositoryUsage;
import io.granary.registry.metadata.StoredAsset;
import io.granary.registry.storage.BlobContent;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.routing.RepositoryBlobStores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.time.Instant;
import java.util.List;

/**
 * Paths of a hosted repository pointing at blobs: what every hosted format builds on. The order of a
 * write is fixed here: bytes are committed to the blob store first, then the asset row is written
 * in one transaction, so metadata never points at missing bytes.
 */
@ApplicationScoped
public class HostedAssets {

    /** Download times are refreshed at most this often per asset; retention rules count in days. */
    private static final Duration DOWNLOAD_MARK_INTERVAL = Duration.ofHours(1);
    /** Listings up to this many assets prime the lookup cache; longer ones are catalogs, not preludes to downloads. */
    static final int PRIMED_LISTING_MAX = 64;
    /** Short listings kept per repository: one per project page clients ask for. */
    private static final int CACHED_LISTINGS_PER_REPOSITORY = 10_000;
    /** Cache-coherence topic of one path of a repository: its lookup and the listings holding it. */
    static final String ASSET_TOPIC = "asset";

    private final RepositoryIds repositoryIds;
    private final AssetMetadataStore assets;
    private final RepositoryBlobStores stores;
    private final AssetCache cache;
    private final ListingCache listings;
    private final SmallBlobCache smallBlobs;
    private final CacheCoherence coherence;
    /** When this process last recorded a download per asset id, so hot assets are not re-marked. */
    private final Map<Long, Long> downloadMarks = new ConcurrentHashMap<>();

    HostedAssets(RepositoryIds repositoryIds, AssetMetadataStore assets, RepositoryBlobStores stores, GranaryConfig config,
                 CacheCoherence coherence) {
        this.repositoryIds = repositoryIds;
        this.assets = assets;
        this.stores = stores;
        this.coherence = coherence;
        this.cache = new AssetCache(coherence::ttlNanos, config.metadata().assetCacheSize());
        this.listings = new ListingCache(coherence::ttlNanos, CACHED_LISTINGS_PER_REPOSITORY, PRIMED_LISTING_MAX);
        coherence.onChange(ASSET_TOPIC, key -> {
            int space = key.indexOf(' ');
            dropCached(Long.parseLong(key.substring(0, space)), key.substring(space + 1));
        });
        coherence.onReset(() -> {
            cache.clear();
            listings.clear();
        });
        this.smallBlobs = new SmallBlobCache(config.metadata().smallBlobMaxBytes(), config.metadata().smallBlobCacheBytes());
    }

    /** The blob store holding the repository's blobs: where its uploads are written. */
    public BlobStore blobs(RepositoryDefinition repository) {
        return stores.of(repository.name());
    }

    /** The asset at a path, or null. */
    public Uni<StoredAsset> find(RepositoryDefinition repository, String path) {
        return idOf(repository).chain(id -> {
            StoredAsset cached = cache.get(id, path);
            if (cached != null) {
                return Uni.createFrom().item(cached);
            }
            long generation = coherence.generation();
            return assets.find(id, path).invoke(found -> {
                if (coherence.unchangedSince(generation)) {
                    cache.put(id, path, found);
                }
            });
        });
    }

    /** Points the path at a committed blob, enforcing immutability and the quota. */
    public Uni<AssetWriteOutcome> commit(RepositoryDefinition repository, String path, CommittedBlob blob,
                                         String contentType, String actor) {
        return commit(repository, path, blob, contentType, actor, repository.isImmutable(path));
    }

    /**
     * Points the path at a committed blob where the format decides what may not be overwritten (a
     * Maven release is immutable whatever the declared patterns say); the quota is enforced.
     */
    public Uni<AssetWriteOutcome> commit(RepositoryDefinition repository, String path, CommittedBlob blob,
                                         String contentType, String actor, boolean immutable) {
        return idOf(repository).chain(id -> assets.write(new AssetWrite(id, path, blob, contentType, actor,
                        immutable, repository.quotaBytes()))
                .invoke(() -> changed(id, path)));
    }

    /**
     * Points the path at a committed blob together with its properties (one transaction), enforcing
     * immutability and the quota.
     */
    public Uni<AssetWriteOutcome> commit(RepositoryDefinition repository, String path, CommittedBlob blob,
                                         String contentType, String actor, Map<String, String> properties,
                                         boolean immutable) {
        return idOf(repository).chain(id -> assets.write(new AssetWrite(id, path, blob, contentType, actor,
                        immutable || repository.isImmutable(path), repository.quotaBytes(), properties))
                .invoke(() -> changed(id, path)));
    }

    /**
     * Assets below a folder prefix with their properties, at most {@code limit}, as one snapshot. A
     * short listing (one project's files) primes the lookup cache: clients read such a listing to
     * fetch the files in it next (pip reads a project page, then each file's metadata and the file),
     * and the rows just read are as fresh as a lookup would be.
     */
    public Uni<List<LabeledAsset>> listLabeledUnder(RepositoryDefinition repository, String folderPrefix, int limit) {
        return idOf(repository).chain(id -> {
            long generation = coherence.generation();
            return assets.listLabeledUnder(id, folderPrefix, limit).invoke(listed -> {
                if (listed.size() <= PRIMED_LISTING_MAX && coherence.unchangedSince(generation)) {
                    listed.forEach(labeled -> cache.put(id, labeled.asset().path(), labeled.asset()));
                }
            });
        });
    }

    /**
     * Like {@link #listLabeledUnder} for serving index pages, which clients ask for far more often
     * than they change: a short listing is kept while no replica changes it (see {@link ListingCache}
     * and {@link CacheCoherence}).
     */
    public Uni<List<LabeledAsset>> listLabeledUnderForIndex(RepositoryDefinition repository, String folderPrefix,
                                                             int limit) {
        return idOf(repository).chain(id -> {
            List<LabeledAsset> cached = listings.get(id, folderPrefix, limit);
            if (cached != null) {
                return Uni.createFrom().item(cached);
            }
            long generation = listings.generation(id);
            return listLabeledUnder(repository, folderPrefix, limit)
                    .invoke(listed -> listings.put(id, folderPrefix, limit, listed, generation));
        });
    }

    /** Sets or (value null) removes a property on existing assets; returns how many exist. */
    public Uni<Integer> setProperty(RepositoryDefinition repository, List<String> paths, String key, String value) {
        return idOf(repository).chain(id -> assets.setProperty(id, paths, key, value)
                .invoke(() -> paths.forEach(path -> changed(id, path))));
    }

    /** Removes the path; returns what was removed, or null when nothing was there. */
    public Uni<StoredAsset> delete(RepositoryDefinition repository, String path) {
        return idOf(repository).chain(id -> assets.delete(id, path).invoke(() -> changed(id, path)));
    }

    /** Drops cached lookups of paths whose rows were changed outside this class (e.g. a package removal). */
    public Uni<Void> forget(RepositoryDefinition repository, List<String> paths) {
        return idOf(repository).invoke(id -> paths.forEach(path -> changed(id, path))).replaceWithVoid();
    }

    /** Drops what every replica remembers of the path: its lookup and the listings it appears in. */
    private void changed(long repositoryId, String path) {
        dropCached(repositoryId, path);
        coherence.changed(ASSET_TOPIC, repositoryId + " " + path);
    }

    private void dropCached(long repositoryId, String path) {
        cache.invalidate(repositoryId, path);
        listings.invalidate(repositoryId, path);
    }

    /** Assets below a folder prefix (which is empty or ends with '/'), at most {@code limit}. */
    public Uni<List<StoredAsset>> listUnder(RepositoryDefinition repository, String folderPrefix, int limit) {
        return idOf(repository).chain(id -> assets.listUnder(id, folderPrefix, limit));
    }

    /** A page of every asset of a repository in path order: those after {@code after}, at most {@code limit}. */
    public Uni<List<StoredAsset>> listAfter(RepositoryDefinition repository, String after, int limit) {
        return idOf(repository).chain(id -> assets.listAfter(id, after, limit));
    }

    /** Artifacts and bytes stored in a repository. */
    public Uni<RepositoryUsage> usage(RepositoryDefinition repository) {
        return idOf(repository).chain(assets::usage);
    }

    /**
     * Bytes a new upload may still add (or -1 when there is no quota). The transaction that commits
     * the asset checks again, so this is an early refusal, not the guarantee.
     */
    public Uni<Long> remainingQuota(RepositoryDefinition repository) {
        if (repository.quotaBytes().isEmpty()) {
            return Uni.createFrom().item(-1L);
        }
        long quota = repository.quotaBytes().getAsLong();
        return usage(repository).map(usage -> Math.max(0, quota - usage.bytes()));
    }

    /**
     * Opens the asset's blob (or a range of it). Stores with local files answer at once (the HTTP
     * layer sends the file and notices if it is missing); others open on a worker thread.
     */
    public Uni<BlobContent> open(StoredAsset asset, long offset, long length) {
        BlobStore blobs = storeOf(asset);
        Optional<Path> local = blobs.localPath(asset.sha256());
        if (local.isPresent()) {
            return Uni.createFrom().item(new BlobContent(offset, length, asset.size(), local,
                    () -> blobs.open(asset.sha256(), offset, length).stream()));
        }
        return WorkerCalls.run(() -> blobs.open(asset.sha256(), offset, length));
    }

    /**
     * The whole content of a small asset from memory (read once, on a worker), or null when the asset
     * is too large to cache; callers then {@link #open} it.
     */
    public Uni<byte[]> smallContent(StoredAsset asset) {
        if (!smallBlobs.accepts(asset.size())) {
            return Uni.createFrom().nullItem();
        }
        byte[] cached = smallBlobs.get(asset.sha256());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        BlobStore blobs = storeOf(asset);
        return WorkerCalls.run(() -> {
            try (var in = blobs.open(asset.sha256(), 0, asset.size()).stream()) {
                byte[] bytes = in.readAllBytes();
                smallBlobs.put(asset.sha256(), bytes);
                return bytes;
            }
        });
    }

    /** Notes a download for retention rules, without writing on every read of a hot asset. */
    public void noteDownload(StoredAsset asset) {
        long now = System.currentTimeMillis();
        Long marked = downloadMarks.get(asset.id());
        if (marked != null && now - marked < DOWNLOAD_MARK_INTERVAL.toMillis()) {
            return;
        }
        Instant last = asset.lastDownloadedAt();
        if (downloadMarks.size() > 100_000) {
            downloadMarks.clear();
        }
        downloadMarks.put(asset.id(), now);
        if (last == null || last.isBefore(Instant.now().minus(DOWNLOAD_MARK_INTERVAL))) {
            assets.markDownloaded(asset.id()).subscribe().with(ok -> { }, failure -> { });
        }
    }

    /** The store of the repository the asset belongs to, which may not be the one serving it. */
    private BlobStore storeOf(StoredAsset asset) {
        return stores.of(repositoryIds.nameOf(asset.repositoryId()));
    }

    private Uni<Long> idOf(RepositoryDefinition repository) {
        return repositoryIds.idOf(repository.name(), repository.format().wireName());
    }
}
