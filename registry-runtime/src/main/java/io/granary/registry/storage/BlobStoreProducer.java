package io.granary.registry.storage;

import io.granary.registry.catalog.RepositoryCatalog;
import io.granary.registry.storage.filesystem.FilesystemBlobStore;
import io.granary.registry.storage.filesystem.FilesystemSync;
import io.granary.registry.storage.s3.S3BlobStore;
import io.granary.registry.storage.s3.S3Settings;
import io.granary.registry.storage.routing.BucketPerRepository;
import io.granary.registry.storage.routing.RepositoryBlobStores;
import io.granary.registry.storage.routing.SharedBlobStore;
import io.quarkus.arc.ClientProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;

/** Makes the configured {@link BlobStore} injectable and releases its resources on shutdown. */
@ApplicationScoped
public class BlobStoreProducer {

    private static final Logger LOG = Logger.getLogger(BlobStoreProducer.class);

    @Produces
    @ApplicationScoped
    BlobStore blobStore(StorageConfig config) throws IOException {
        return switch (config.kind()) {
            case FILESYSTEM -> {
                FilesystemSync sync = config.filesystem().sync();
                FilesystemBlobStore store = new FilesystemBlobStore(config.filesystem().root(), sync,
                        config.filesystem().directWriteMemory().asLongValue());
                LOG.infof("Filesystem blob store ready at %s (sync: %s)", store.root(), sync);
                if (sync == FilesystemSync.NONE) {
                    LOG.warn("granary.storage.filesystem.sync=none: uploads acknowledged in the last seconds"
                            + " can be lost or truncated by a power loss or kernel crash");
                }
                yield store;
            }
            case S3 -> S3BlobStore.create(s3Settings(config.s3()));
        };
    }

    /**
     * Which store each repository uses: with an S3 bucket template, the repository's own bucket (created here too when
     * {@code create-bucket} allows, for standalone use; in a cluster the operator creates it first); else the one store.
     */
    @Produces
    @ApplicationScoped
    RepositoryBlobStores repositoryBlobStores(BlobStore store, StorageConfig config, RepositoryCatalog catalog) {
        // The injected store is a client proxy; the buckets share the S3 client of the instance behind it.
        if (!(ClientProxy.unwrap(store) instanceof S3BlobStore s3) || config.s3().bucketTemplate().isEmpty()) {
            return new SharedBlobStore(store);
        }
        BucketPerRepository buckets = new BucketPerRepository(s3, catalog, config.s3().bucketTemplate().get());
        if (config.s3().createBucket()) {
            buckets.ensureBuckets(catalog.all());
            catalog.onChange(buckets::ensureBuckets);
        }
        LOG.infof("S3 blob store: one bucket per repository (%s)", config.s3().bucketTemplate().get());
        return buckets;
    }

    void close(@Disposes BlobStore store) throws Exception {
        // The S3 store owns an HTTP connection pool that must not outlive the application.
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Translates configuration into connection settings; validation errors never echo secrets. */
    public static S3Settings s3Settings(StorageConfig.S3 config) {
        long partSize = config.partSize().asLongValue();
        if (partSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("granary.storage.s3.part-size must be below 2G");
        }
        return new S3Settings(config.endpoint().map(URI::create), config.region(), config.bucket(),
                config.accessKey(), config.secretKey(), config.pathStyle(), config.checksumMode(),
                (int) partSize, S3Settings.MAX_COPY_SIZE, config.createBucket());
    }
}
