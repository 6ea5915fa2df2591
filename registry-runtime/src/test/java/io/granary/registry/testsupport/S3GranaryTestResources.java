package io.granary.registry.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * Like {@link GranaryTestResources}, but the blob store is a real S3 API (in-process S3Proxy) with one bucket per
 * repository ({@link #BUCKET_TEMPLATE}), as a Registry's runtime runs in a cluster.
 */
public class S3GranaryTestResources extends GranaryTestResources {

    /** Each repository's bucket: {@code granary-it-<repository>}. */
    public static final String BUCKET_TEMPLATE = "granary-it-{repository}";

    private S3ProxyServer s3;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        try {
            s3 = S3ProxyServer.inMemory().start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        config.put("granary.storage.kind", "s3");
        config.put("granary.storage.s3.endpoint", s3.endpoint().toString());
        config.put("granary.storage.s3.region", s3.region());
        config.put("granary.storage.s3.bucket", "granary-it");
        config.put("granary.storage.s3.bucket-template", BUCKET_TEMPLATE);
        config.put("granary.storage.s3.access-key", s3.accessKey());
        config.put("granary.storage.s3.secret-key", s3.secretKey());
        config.put("granary.storage.s3.part-size", "5242880");
        return config;
    }

    @Override
    public void stop() {
        try {
            if (s3 != null) {
                s3.stop();
            }
        } catch (Exception ignored) {
            // In-memory objects vanish with the server either way.
        }
    }
}
