package io.granary.registry.storage;

import io.granary.registry.storage.filesystem.FilesystemBlobStore;
import io.granary.registry.storage.filesystem.FilesystemSync;

/**
 * The same contract with {@link FilesystemSync#NONE}: skipping fsync may only change what a power
 * loss can take, never what a running store returns.
 */
class UnsyncedFilesystemBlobStoreTest extends FilesystemBlobStoreTest {

    @Override
    protected BlobStore openStore() throws Exception {
        return new FilesystemBlobStore(storeRoot(), FilesystemSync.NONE);
    }
}
