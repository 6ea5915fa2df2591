package io.granary.registry.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.ArrayList;
import java.util.List;

/**
 * What the {@link BlobStore} contract needs from a backend, and the per-test store life cycle.
 * Backends extend {@link BlobStoreContractTest}, not this class.
 */
abstract class BlobStoreContractSupport {

    private final List<BlobStore> opened = new ArrayList<>();
    protected BlobStore store;

    /** Makes a fresh, empty backend (directory, bucket) current for one test. */
    protected abstract void prepareEmptyBackend() throws Exception;

    /** A new store instance on the current backend, as a second runtime process would open it. */
    protected abstract BlobStore openStore() throws Exception;

    /** Everything left in the backend's temporary area, including unfinished multipart uploads. */
    protected abstract List<String> temporaryObjects() throws Exception;

    /** A blob size that spans several parts (or writes) on this backend. */
    protected abstract int multiPartSize();

    @BeforeEach
    void openFreshStore() throws Exception {
        prepareEmptyBackend();
        store = reopen();
    }

    @AfterEach
    void closeStores() throws Exception {
        for (BlobStore each : opened) {
            if (each instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    protected BlobStore reopen() throws Exception {
        BlobStore fresh = openStore();
        opened.add(fresh);
        return fresh;
    }

    protected List<BlobStat> listAll() throws Exception {
        List<BlobStat> all = new ArrayList<>();
        store.list(all::add);
        return all;
    }
}
