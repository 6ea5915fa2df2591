package io.granary.registry.storage.routing;

import io.granary.registry.storage.BlobStore;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/** Every repository in one store: the filesystem backend, the standalone default and S3 without a bucket template. */
public final class SharedBlobStore implements RepositoryBlobStores {

    private final BlobStore store;

    public SharedBlobStore(BlobStore store) {
        this.store = store;
    }

    @Override
    public BlobStore of(String repository) {
        return store;
    }

    @Override
    public Collection<BlobStore> all() {
        return List.of(store);
    }

    @Override
    public boolean copy(String sha256, String sourceRepository, String targetRepository) throws IOException {
        return store.stat(sha256).isPresent();
    }
}
