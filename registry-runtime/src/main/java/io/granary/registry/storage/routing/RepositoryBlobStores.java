package io.granary.registry.storage.routing;

import io.granary.registry.storage.BlobStore;
import java.io.IOException;
import java.util.Collection;

/**
 * Which {@link BlobStore} holds the blobs of each repository: one store shared by all (filesystem, or S3 with a single
 * bucket), or one S3 bucket per repository, the buckets the operator creates and deletes with each Repository.
 *
 * <p>Blobs are content-addressed inside a store, so identical content is stored once per store: deduplication spans
 * a shared store but stops at a repository's own bucket, which is the price of being able to delete one repository's
 * bucket without touching another's.
 */
public interface RepositoryBlobStores {

    /** The store of the named repository (which the catalog declares); never blocks. */
    BlobStore of(String repository);

    /** Every store a declared repository uses, each once: for purges of temporaries and garbage collection. */
    Collection<BlobStore> all();

    /**
     * Makes a committed blob of {@code sourceRepository} present in {@code targetRepository}'s store, for references
     * that cross repositories (an OCI cross-repository mount, a promotion): a no-op when one store serves both, a
     * server-side copy between buckets otherwise. Returns false when the source store does not hold the blob.
     * Blocks: call it from a worker.
     */
    boolean copy(String sha256, String sourceRepository, String targetRepository) throws IOException;
}
