package io.granary.e2e.support;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/** A real S3 API for runtime processes: S3Proxy in the test JVM on 127.0.0.1, objects in memory. */
public final class TestS3 implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final String accessKey = "granary-e2e";
    private final String secretKey = UUID.randomUUID().toString();
    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private TestS3() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("unused", "unused")
                .overrides(new Properties()).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    public static TestS3 start() throws Exception {
        return new TestS3();
    }

    /** Environment that points a runtime at this store, in the given bucket. */
    public Map<String, String> env(String bucket) {
        return Map.of(
                "GRANARY_STORAGE_KIND", "s3",
                "GRANARY_STORAGE_S3_ENDPOINT", "http://127.0.0.1:" + proxy.getPort(),
                "GRANARY_STORAGE_S3_REGION", "us-east-1",
                "GRANARY_STORAGE_S3_BUCKET", bucket,
                "GRANARY_STORAGE_S3_ACCESS_KEY", accessKey,
                "GRANARY_STORAGE_S3_SECRET_KEY", secretKey);
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
