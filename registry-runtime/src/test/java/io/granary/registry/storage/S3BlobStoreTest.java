package io.granary.registry.storage;

import io.granary.registry.storage.s3.S3BlobStore;
import io.granary.registry.storage.s3.S3ClientFactory;
import io.granary.registry.storage.s3.S3Settings;
import io.granary.registry.testsupport.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the {@link BlobStore} contract against {@link S3BlobStore} over a real S3 API (S3Proxy),
 * with the smallest legal part size so multipart uploads and ranged copies are exercised.
 */
class S3BlobStoreTest extends BlobStoreContractTest {

    private static final int PART_SIZE = S3Settings.MIN_PART_SIZE;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static S3ProxyServer server;

    private S3Settings settings;
    private S3Client inspector;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.inMemory().start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @Override
    protected void prepareEmptyBackend() {
        // A bucket per test isolates tests without restarting the server.
        String bucket = "contract-" + BUCKETS.incrementAndGet();
        settings = S3Settings.of(server.endpoint(), bucket, server.accessKey(), server.secretKey())
                .withPartSizes(PART_SIZE, PART_SIZE);
        inspector = S3ClientFactory.create(settings);
    }

    @AfterEach
    void closeInspector() {
        inspector.close();
    }

    @Override
    protected BlobStore openStore() throws Exception {
        return S3BlobStore.create(settings);
    }

    @Override
    protected List<String> temporaryObjects() {
        List<String> leftovers = new ArrayList<>();
        inspector.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix("tmp/")).contents().stream()
                .map(S3Object::key).forEach(leftovers::add);
        inspector.listMultipartUploads(b -> b.bucket(settings.bucket())).uploads().stream()
                .map(MultipartUpload::key).map(key -> "multipart upload " + key).forEach(leftovers::add);
        return leftovers;
    }

    @Override
    protected int multiPartSize() {
        // Three parts of the upload, and three UploadPartCopy ranges when copied into place.
        return 2 * PART_SIZE + 1000;
    }
}
