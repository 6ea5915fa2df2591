package io.granary.registry.core;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.coherence.CacheCoherence;
import io.granary.registry.config.GranaryConfig;
import io.granary.registry.metadata.OciMetadataStore;
import io.granary.registry.metadata.OciMetadataStore.ManifestRow;
import io.granary.registry.metadata.OciMetadataStore.PutOutcome;
import io.granary.registry.metadata.RepositoryIds;
import io.granary.registry.metadata.RepositoryUsage;
import io.granary.registry.storage.BlobContent;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.Checksums;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.granary.registry.storage.routing.RepositoryBlobStores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Images of OCI repositories: blobs linked to an image, manifests stored byte for byte as blobs,
 * tags and referrers. Bytes are committed to the blob store before any row points at them.
 */
@ApplicationScoped
public class OciImages {

    private final RepositoryIds repositoryIds;
    private final OciMetadataStore rows;
    private final RepositoryBlobStores stores;
    private final SmallBlobCache manifestBytes;
    private final ManifestLookupCache lookups;
    private final CacheCoherence coherence;

    /** Cache-coherence topics: one tag or digest of an image, and every lookup of an image. */
    private static final String LOOKUP_TOPIC = "oci-lookup";
    private static final String IMAGE_TOPIC = "oci-image";

    OciImages(RepositoryIds repositoryIds, OciMetadataStore rows, RepositoryBlobStores stores, GranaryConfig config,
              CacheCoherence coherence) {
        this.repositoryIds = repositoryIds;
        this.rows = rows;
        this.stores = stores;
        // Manifests are small and immutable by digest: keep the hot ones in memory.
        this.manifestBytes = new SmallBlobCache(4 * 1024 * 1024, Math.max(16L * 1024 * 1024,
                config.metadata().smallBlobCacheBytes()));
        this.lookups = new ManifestLookupCache(coherence::ttlNanos, config.metadata().assetCacheSize());
        this.coherence = coherence;
        coherence.onChange(LOOKUP_TOPIC, key -> {
            String[] parts = key.split(" ", 3);
            lookups.invalidate(Long.parseLong(parts[0]), parts[1], parts[2]);
        });
        coherence.onChange(IMAGE_TOPIC, key -> {
            String[] parts = key.split(" ", 2);
            lookups.invalidateImage(Long.parseLong(parts[0]), parts[1]);
        });
        coherence.onReset(lookups::clear);
    }

    /** Drops the lookup of one tag or digest here and on every other replica. */
    private void lookupChanged(long repositoryId, String image, String reference) {
        lookups.invalidate(repositoryId, image, reference);
        coherence.changed(LOOKUP_TOPIC, repositoryId + " " + image + " " + reference);
    }

    /** Drops every lookup of an image here and on every other replica. */
    private void imageChanged(long repositoryId, String image) {
        lookups.invalidateImage(repositoryId, image);
        coherence.changed(IMAGE_TOPIC, repositoryId + " " + image);
    }

    /** The blob store holding the repository's blobs and manifests: where its uploads are written. */
    public BlobStore blobs(RepositoryDefinition repository) {
        return stores.of(repository.name());
    }

    /**
     * Makes a committed blob part of the image; fails with {@code QuotaExceededException} when a blob
     * new to the repository would take it past its quota (the bytes then stay unreferenced until GC).
     */
    public Uni<Void> linkBlob(RepositoryDefinition repository, String image, CommittedBlob blob) {
        return idOf(repository).chain(id -> rows.linkBlob(id, image, blob, repository.quotaBytes()));
    }

    /** Blobs and manifests the repository holds and their bytes, each distinct digest counted once. */
    public Uni<RepositoryUsage> usage(RepositoryDefinition repository) {
        return idOf(repository).chain(rows::usage);
    }

    /**
     * The sha256 a client's digest stands for: itself, or for sha512 the blob that was hashed with
     * it (null when none was).
     */
    public Uni<String> sha256Of(OciDigest digest) {
        return digest.isSha256() ? Uni.createFrom().item(digest.hex()) : rows.sha256OfSha512(digest.hex());
    }

    /**
     * The blob with its digest in {@code algorithm} added: blobs streamed before the client named
     * their digest were hashed with sha256 only, so the others are computed by reading them back.
     */
    public Uni<CommittedBlob> withChecksum(RepositoryDefinition repository, CommittedBlob blob,
                                          ChecksumAlgorithm algorithm) {
        if (blob.checksums().get(algorithm).isPresent()) {
            return Uni.createFrom().item(blob);
        }
        return WorkerCalls.run(() -> {
            MessageDigest digest = MessageDigest.getInstance(algorithm.jcaName());
            try (var in = blobs(repository).open(blob.sha256(), 0, blob.size()).stream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            Map<ChecksumAlgorithm, String> values = new EnumMap<>(blob.checksums().values());
            values.put(algorithm, HexFormat.of().formatHex(digest.digest()));
            return new CommittedBlob(new Checksums(values), blob.size());
        });
    }

    /** Size of a blob of the image, or null when the image has no such blob. */
    public Uni<Long> blobSize(RepositoryDefinition repository, String image, String sha256) {
        return idOf(repository).chain(id -> rows.linkedBlobSize(id, image, sha256));
    }

    /**
     * Links a blob that {@code from} (another image the caller may read) already holds, or, without
     * {@code from}, any image of the same repository; returns the size, or null when nothing was mounted.
     * When the source repository keeps its blobs in another store (its own bucket), the bytes are copied
     * there first (server-side between buckets), so the target never points at bytes it does not hold.
     */
    public Uni<Long> mount(RepositoryDefinition target, String image, RepositoryDefinition fromRepository,
                           String fromImage, String sha256) {
        RepositoryDefinition source = fromRepository == null ? target : fromRepository;
        Uni<Long> found = fromRepository == null
                ? idOf(target).chain(id -> rows.blobSizeInRepository(id, sha256))
                : idOf(fromRepository).chain(id -> rows.linkedBlobSize(id, fromImage, sha256));
        return found.chain(size -> size == null
                ? Uni.createFrom().nullItem()
                : WorkerCalls.run(() -> stores.copy(sha256, source.name(), target.name())).chain(present -> !present
                        ? Uni.createFrom().nullItem()
                        : linkBlob(target, image, new CommittedBlob(
                                new Checksums(Map.of(ChecksumAlgorithm.SHA256, sha256)), size))
                                .replaceWith(size)));
    }

    /**
     * The blob an upload session received whole through one streamed PATCH, or null. Such a blob
     * is committed (content-addressed) but belongs to no image until the closing PUT names it.
     */
    public Uni<CommittedBlob> streamedBlob(String sessionId) {
        return rows.streamedBlob(sessionId).map(row -> row == null ? null : new CommittedBlob(
                new Checksums(Map.of(ChecksumAlgorithm.SHA256, ((String) row[0]).strip())),
                ((Number) row[1]).longValue()));
    }

    /** Remembers that the (empty) session received {@code blob} whole; false when it already had one. */
    public Uni<Boolean> recordStreamedBlob(String sessionId, CommittedBlob blob) {
        return rows.recordStreamedBlob(sessionId, blob.sha256(), blob.size());
    }

    /**
     * Turns a streamed blob back into the session's first chunk, for clients that keep sending
     * chunks after a streamed one (rare): the session then continues the ordinary way.
     */
    public Uni<Void> materialize(RepositoryDefinition repository, String sessionId, CommittedBlob blob,
                                 BlobUploadSessions sessions) {
        if (blob.size() == 0) {
            return rows.forgetStreamedBlob(sessionId);
        }
        BlobStore blobs = blobs(repository);
        return sessions.openChunk(repository, sessionId, 0).chain(writer -> WorkerCalls.run(() -> {
            try (var in = blobs(repository).open(blob.sha256(), 0, blob.size()).stream()) {
                io.granary.registry.storage.backend.SessionChunks.copy(in, writer,
                        io.granary.registry.storage.backend.SessionChunks.newCopyBuffer());
            } catch (java.io.IOException | RuntimeException e) {
                writer.abort();
                throw e;
            }
            return writer;
        })).chain(writer -> sessions.finishChunk(repository, sessionId, writer)).chain(() -> rows.forgetStreamedBlob(sessionId));
    }

    /** Removes a blob from the image; false when it was not there. */
    public Uni<Boolean> unlinkBlob(RepositoryDefinition repository, String image, String sha256) {
        return idOf(repository).chain(id -> rows.unlinkBlob(id, image, sha256));
    }

    /** Opens a blob of the repository or a range of it (worker thread for stores without local files). */
    public Uni<BlobContent> open(RepositoryDefinition repository, String sha256, long size, long offset, long length) {
        BlobStore blobs = blobs(repository);
        Optional<java.nio.file.Path> local = blobs.localPath(sha256);
        if (local.isPresent()) {
            return Uni.createFrom().item(new BlobContent(offset, length, size, local,
                    () -> blobs.open(sha256, offset, length).stream()));
        }
        return WorkerCalls.run(() -> blobs.open(sha256, offset, length));
    }

    /**
     * A manifest's references checked against the image: the digests it lacks, and the sha256 of every
     * reference it has (what the manifest row records, so garbage collection can see them).
     */
    public record CheckedReferences(List<OciDigest> missing, List<String> presentSha256s) {
    }

    /** Checks a manifest's references (sha256 or sha512) against the blobs and manifests of the image. */
    public Uni<CheckedReferences> checkReferences(RepositoryDefinition repository, String image,
                                                  Collection<OciDigest> digests) {
        List<String> sha512s = digests.stream().filter(d -> !d.isSha256()).map(OciDigest::hex).toList();
        return rows.sha256sOfSha512s(sha512s).chain(resolved -> {
            Map<OciDigest, String> sha256s = new LinkedHashMap<>();
            List<OciDigest> missing = new ArrayList<>();
            for (OciDigest d : digests) {
                String sha256 = d.isSha256() ? d.hex() : resolved.get(d.hex());
                if (sha256 == null) {
                    missing.add(d);
                } else {
                    sha256s.put(d, sha256);
                }
            }
            return idOf(repository).chain(id -> rows.missing(id, image, sha256s.values())).map(absent -> {
                List<String> present = new ArrayList<>();
                sha256s.forEach((d, sha256) -> {
                    if (absent.contains(sha256)) {
                        missing.add(d);
                    } else {
                        present.add(sha256);
                    }
                });
                return new CheckedReferences(missing, present);
            });
        });
    }

    /** Commits the manifest bytes as a blob, then its row and tag, within the repository's quota. */
    public Uni<PutOutcome> putManifest(RepositoryDefinition repository, String image, byte[] body, ManifestRow row,
                                       Collection<String> references, String tag, String actor) {
        boolean immutable = tag != null && repository.isImmutable(image + ":" + tag);
        OciDigest digest = OciDigest.parse(row.digest());
        Set<ChecksumAlgorithm> extra = digest.isSha256() ? Set.of() : Set.of(digest.algorithm());
        Map<ChecksumAlgorithm, String> expected = new EnumMap<>(Map.of(ChecksumAlgorithm.SHA256, row.sha256()));
        expected.put(digest.algorithm(), digest.hex());
        BlobStore blobs = blobs(repository);
        return WorkerCalls.run(() -> {
            try (BlobWriter writer = blobs.openWriter(extra)) {
                writer.write(ByteBuffer.wrap(body));
                CommittedBlob blob = writer.commit(new ExpectedChecksums(expected));
                manifestBytes.put(blob.sha256(), body);
                return blob;
            }
        }).chain(blob -> idOf(repository).chain(id -> rows.putManifest(id, image, row, references, tag, immutable, actor,
                        repository.quotaBytes())
                .invoke(() -> {
                    lookupChanged(id, image, row.sha256());
                    if (tag != null) {
                        lookupChanged(id, image, tag);
                    }
                })));
    }

    /** A manifest by digest, or null. */
    public Uni<ManifestRow> manifest(RepositoryDefinition repository, String image, String sha256) {
        return idOf(repository).chain(id -> {
            ManifestRow cached = lookups.get(id, image, sha256);
            if (cached != null) {
                return Uni.createFrom().item(cached);
            }
            long generation = coherence.generation();
            return rows.findManifest(id, image, sha256).invoke(found -> {
                if (coherence.unchangedSince(generation)) {
                    lookups.put(id, image, sha256, found);
                }
            });
        });
    }

    /** The manifest a tag points at, or null. */
    public Uni<ManifestRow> tagged(RepositoryDefinition repository, String image, String tag) {
        return idOf(repository).chain(id -> {
            // Tags and digests share the cache; a tag never looks like a digest (no ':').
            ManifestRow cached = lookups.get(id, image, tag);
            if (cached != null) {
                return Uni.createFrom().item(cached);
            }
            long generation = coherence.generation();
            return rows.findTagged(id, image, tag).invoke(found -> {
                if (coherence.unchangedSince(generation)) {
                    lookups.put(id, image, tag, found);
                }
            });
        });
    }

    /** The bytes of a manifest stored in the repository, from memory when hot. */
    public Uni<byte[]> manifestBytes(RepositoryDefinition repository, ManifestRow manifest) {
        byte[] cached = manifestBytes.get(manifest.sha256());
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        BlobStore blobs = blobs(repository);
        return WorkerCalls.run(() -> {
            try (var in = blobs.open(manifest.sha256(), 0, manifest.size()).stream()) {
                byte[] bytes = in.readAllBytes();
                manifestBytes.put(manifest.sha256(), bytes);
                return bytes;
            }
        });
    }

    public Uni<Boolean> deleteManifest(RepositoryDefinition repository, String image, String sha256) {
        return idOf(repository).chain(id -> rows.deleteManifest(id, image, sha256)
                .invoke(() -> imageChanged(id, image)));
    }

    public Uni<Boolean> deleteTag(RepositoryDefinition repository, String image, String tag) {
        return idOf(repository).chain(id -> rows.deleteTag(id, image, tag)
                .invoke(() -> lookupChanged(id, image, tag)));
    }

    public Uni<List<String>> tags(RepositoryDefinition repository, String image, String last, int limit) {
        return idOf(repository).chain(id -> rows.tags(id, image, last, limit));
    }

    public Uni<Boolean> exists(RepositoryDefinition repository, String image) {
        return idOf(repository).chain(id -> rows.imageExists(id, image));
    }

    /** Manifests of the image whose subject is {@code subject}, optionally of one artifact type. */
    public Uni<List<ManifestRow>> referrers(RepositoryDefinition repository, String image, OciDigest subject,
                                            String artifactType) {
        return idOf(repository).chain(id -> rows.referrers(id, image, subject.toString(), artifactType));
    }

    /** Image names ({@code repository/image}) in the given repositories, after {@code last}. */
    public Uni<List<String>> catalog(Collection<String> repositories, String last, int limit) {
        return rows.catalog(repositories, last, limit);
    }

    private Uni<Long> idOf(RepositoryDefinition repository) {
        return repositoryIds.idOf(repository.name(), repository.format().wireName());
    }
}
