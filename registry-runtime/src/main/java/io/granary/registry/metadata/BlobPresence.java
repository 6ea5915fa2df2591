package io.granary.registry.metadata;

import io.smallrye.mutiny.Uni;

/**
 * Whether a blob's bytes are in the store of the repository a writer points at them from. Writers ask it inside their transaction when the blob
 * row they point at was absent or marked unreferenced: garbage collection may have swept those bytes
 * between the writer's commit to the store and its row.
 */
public interface BlobPresence {

    /** True when the store of the repository (by id) holds the committed blob. */
    Uni<Boolean> exists(long repositoryId, String sha256);

    /** Fails the transaction with {@link BlobSweptException} unless the blob is stored. */
    default Uni<Void> require(long repositoryId, String sha256) {
        return exists(repositoryId, sha256).map(present -> {
            if (!present) {
                throw new BlobSweptException(sha256);
            }
            return null;
        }).replaceWithVoid();
    }
}
