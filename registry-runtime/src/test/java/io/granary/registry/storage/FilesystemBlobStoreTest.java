package io.granary.registry.storage;

import io.granary.registry.storage.filesystem.FilesystemBlobStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Runs the {@link BlobStore} contract against {@link FilesystemBlobStore} in a temporary directory. */
class FilesystemBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path tempDir;

    private Path root;

    @Override
    protected void prepareEmptyBackend() {
        root = tempDir.resolve("store");
    }

    @Override
    protected BlobStore openStore() throws Exception {
        return new FilesystemBlobStore(root);
    }

    protected Path storeRoot() {
        return root;
    }

    @Override
    protected List<String> temporaryObjects() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("tmp"))) {
            return files.map(Path::toString).toList();
        }
    }

    @Override
    protected int multiPartSize() {
        // Larger than the 1 MiB batches writers receive, and not a multiple of them.
        return 3 * (1 << 20) + 17;
    }
}
