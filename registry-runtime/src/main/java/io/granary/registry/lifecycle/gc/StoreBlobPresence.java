package io.granary.registry.lifecycle.gc;

import io.granary.registry.core.WorkerCalls;
import io.granary.registry.metadata.BlobPresence;
import io.granary.registry.storage.BlobStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Answers writers' "are the bytes still there?" from the blob store, on a worker thread. */
@ApplicationScoped
public class StoreBlobPresence implements BlobPresence {

    private final BlobStore blobs;

    StoreBlobPresence(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public Uni<Boolean> exists(String sha256) {
        return WorkerCalls.run(() -> blobs.stat(sha256).isPresent());
    }
}
