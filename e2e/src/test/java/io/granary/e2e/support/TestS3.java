package io.granary.e2e.support;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API for runtime processes: S3Proxy in the test JVM on 127.0.0.1, objects in memory. It can go down and
 * come back on the same port with its objects ({@link #stop()}, {@link #resume()}): a real outage for its clients.
 */
public final class TestS3 implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final String accessKey = "granary-e2e";
    private final String secretKey = UUID.randomUUID().toString();
    private final BlobStoreContext context;
    private S3Proxy proxy;
    private int port;

    private TestS3() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("unused", "unused")
                .overrides(new Properties()).build(BlobStoreContext.class);
        proxy = startProxy(0);
        port = proxy.getPort();
    }

    public static TestS3 start() throws Exception {
        return new TestS3();
    }

    private S3Proxy startProxy(int onPort) throws Exception {
        S3Proxy started = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + onPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        started.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!"STARTED".equals(started.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + started.getState());
            }
            Thread.sleep(10);
        }
        return started;
    }

    /** Environment that points a runtime at this store, in the given bucket. */
    public Map<String, String> env(String bucket) {
        return Map.of(
                "GRANARY_STORAGE_KIND", "s3",
                "GRANARY_STORAGE_S3_ENDPOINT", endpoint(),
                "GRANARY_STORAGE_S3_REGION", "us-east-1",
                "GRANARY_STORAGE_S3_BUCKET", bucket,
                "GRANARY_STORAGE_S3_ACCESS_KEY", accessKey,
                "GRANARY_STORAGE_S3_SECRET_KEY", secretKey);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** A client of this store, for a test to look at buckets directly (closed by the caller). */
    public S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    /** Takes the S3 API down (connections refused); the objects stay. */
    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
    }

    /** Brings the S3 API back on the same port with the same objects. */
    public void resume() throws Exception {
        if (proxy == null) {
            proxy = startProxy(port);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            context.close();
        }
    }
}
