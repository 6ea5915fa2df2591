package io.granary.registry.lifecycle.gc;

import io.granary.registry.core.WorkerCalls;
import io.granary.registry.metadata.BlobPresence;
import io.granary.registry.metadata.RepositoryIds;
import io.granary.registry.storage.routing.RepositoryBlobStores;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Answers writers' "are the bytes still there?" from the writing repository's own store (its bucket
 * when each repository has one), on a worker thread.
 */
@ApplicationScoped
public class StoreBlobPresence implements BlobPresence {

    private final RepositoryBlobStores stores;
    private final RepositoryIds ids;

    StoreBlobPresence(RepositoryBlobStores stores, RepositoryIds ids) {
        this.stores = stores;
        this.ids = ids;
    }

    @Override
    public Uni<Boolean> exists(long repositoryId, String sha256) {
        String repository = ids.nameOf(repositoryId);
        if (repository == null) {
            // Writers resolve their repository's id before writing, so this is a repository removed
            // meanwhile: refusing the write is safe, the client retries.
            return Uni.createFrom().item(false);
        }
        return WorkerCalls.run(() -> stores.of(repository).stat(sha256).isPresent());
    }
}
