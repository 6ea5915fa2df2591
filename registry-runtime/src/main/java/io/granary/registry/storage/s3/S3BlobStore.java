package io.granary.registry.storage.s3;

import io.granary.registry.storage.BlobContent;
import io.granary.registry.storage.BlobNotFoundException;
import io.granary.registry.storage.BlobRanges;
import io.granary.registry.storage.BlobStat;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.Checksums;
import io.granary.registry.storage.UploadSessionStore;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link BlobStore} on any S3-compatible object store, shared by all runtime replicas.
 *
 * <p>Blobs live at {@code blobs/sha256/ab/<hex>} and are written only after verification (one PUT,
 * or a server-side copy from a completed multipart upload), so readers never see partial content.
 * The store {@link #create}d owns its {@link S3Client} ({@link #close()} releases it); {@link #inBucket siblings} on
 * other buckets of the same service share it.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);

    private final S3Client client;
    private final boolean ownsClient;
    private final S3Settings settings;
    private final S3Bucket bucket;
    private final S3ObjectCopier copier;
    private final int partSize;
    private final S3UploadSessions uploads;

    private S3BlobStore(S3Client client, S3Settings settings, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.settings = settings;
        this.bucket = new S3Bucket(client, settings.bucket());
        this.copier = new S3ObjectCopier(bucket, settings.copyPartSize());
        this.partSize = settings.partSize();
        this.uploads = new S3UploadSessions(bucket, this);
    }

    /** Connects with {@code settings}, creating the bucket first when the settings ask for it. */
    public static S3BlobStore create(S3Settings settings) throws IOException {
        S3Client client = S3ClientFactory.create(settings);
        try {
            S3BlobStore store = new S3BlobStore(client, settings, true);
            if (settings.createBucket()) {
                store.bucket.ensureExists();
            }
            LOG.infof("S3 blob store ready: %s", settings);
            return store;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A store on another bucket of the same service, sharing this store's client (its close leaves the client open). */
    public S3BlobStore inBucket(String bucketName) {
        return new S3BlobStore(client, settings.withBucket(bucketName), false);
    }

    /** The bucket this store writes into. */
    public String bucketName() {
        return bucket.name();
    }

    /** Creates the bucket when it is missing (needs the permission to). */
    public void ensureBucket() throws IOException {
        bucket.ensureExists();
    }

    /**
     * Copies a committed blob from another bucket of the same service without the bytes passing through this process;
     * a no-op when this bucket already holds it. Returns false when the source does not hold it either.
     */
    public boolean copyFrom(S3BlobStore source, String sha256) throws IOException {
        String key = S3Keys.blob(sha256);
        if (bucket.head(key).isPresent()) {
            return true;
        }
        Optional<HeadObjectResponse> head = source.bucket.head(key);
        if (head.isEmpty()) {
            return false;
        }
        copier.copy(source.bucket.name(), key, key, head.get().contentLength());
        return true;
    }

    @Override
    public String kind() {
        return "s3";
    }

    @Override
    public BlobWriter openWriter(Set<ChecksumAlgorithm> extraAlgorithms) {
        return newWriter(extraAlgorithms, this::casKeyUnlessPresent);
    }

    BlobWriter newWriter(Set<ChecksumAlgorithm> extraAlgorithms, S3BlobWriter.Destination destination) {
        return new S3BlobWriter(bucket, copier, partSize, extraAlgorithms, destination);
    }

    private Optional<String> casKeyUnlessPresent(Checksums checksums, long size) throws IOException {
        String key = S3Keys.blob(checksums.sha256());
        // Identical digest means identical bytes: skip the upload rather than rewrite the object.
        return bucket.head(key).isPresent() ? Optional.empty() : Optional.of(key);
    }

    @Override
    public Optional<BlobStat> stat(String sha256) throws IOException {
        return bucket.head(S3Keys.blob(sha256)).map(head -> toStat(sha256, head));
    }

    @Override
    public BlobContent open(String sha256, long offset, long length) throws IOException {
        String key = S3Keys.blob(sha256);
        HeadObjectResponse head = bucket.head(key)
                .orElseThrow(() -> new BlobNotFoundException("blob sha256:" + sha256 + " not found"));
        long total = head.contentLength();
        long rangeLength = BlobRanges.length(offset, length, total);
        return new BlobContent(offset, rangeLength, total, Optional.empty(),
                () -> rangeLength == 0 ? InputStream.nullInputStream() : bucket.get(key, offset, rangeLength));
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        String key = S3Keys.blob(sha256);
        if (bucket.head(key).isEmpty()) {
            return false;
        }
        bucket.delete(key);
        return true;
    }

    @Override
    public void list(Consumer<BlobStat> visitor) throws IOException {
        bucket.list(S3Keys.BLOBS, object -> {
            String digest = S3Keys.digestOf(object.key());
            if (digest != null) {
                visitor.accept(new BlobStat(digest, object.size(), object.lastModified()));
            }
        });
    }

    @Override
    public UploadSessionStore uploads() {
        return uploads;
    }

    @Override
    public int purgeTemporaries(java.time.Instant olderThan) throws IOException {
        java.util.List<String> stale = new java.util.ArrayList<>();
        bucket.list(S3Keys.TMP, object -> {
            if (object.lastModified() != null && object.lastModified().isBefore(olderThan)) {
                stale.add(object.key());
            }
        });
        bucket.deleteAll(stale);
        return stale.size() + bucket.abortMultipartUploadsBefore(S3Keys.TMP, olderThan);
    }

    @Override
    public void checkHealth() throws IOException {
        bucket.checkReachable();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    private static BlobStat toStat(String sha256, HeadObjectResponse head) {
        return new BlobStat(sha256, head.contentLength(), head.lastModified());
    }
}
