package io.granary.registry.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts an in-memory {@link S3ProxyServer} for a {@code @QuarkusTest} and points
 * {@code granary.storage} at it ({@code @QuarkusTestResource(S3ProxyTestResource.class)}).
 */
public class S3ProxyTestResource implements QuarkusTestResourceLifecycleManager {

    private S3ProxyServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = S3ProxyServer.inMemory().start();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        return Map.of(
                "granary.storage.kind", "s3",
                "granary.storage.s3.endpoint", server.endpoint().toString(),
                "granary.storage.s3.region", server.region(),
                "granary.storage.s3.bucket", "granary-test",
                "granary.storage.s3.access-key", server.accessKey(),
                "granary.storage.s3.secret-key", server.secretKey(),
                "granary.storage.s3.create-bucket", "true");
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
