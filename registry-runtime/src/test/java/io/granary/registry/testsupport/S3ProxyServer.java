package io.granary.registry.testsupport;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

/**
 * A real S3 HTTP API for tests: S3Proxy in this JVM on 127.0.0.1 and a random port, over jclouds'
 * in-memory ({@code transient}) or on-disk ({@code filesystem}) blob store, with SigV2/V4 auth.
 *
 * <p>Clients must use path-style addressing and WHEN_REQUIRED checksums (see STACK.md). Shared by
 * the storage contract tests and {@code @QuarkusTest} resources.
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;

    private final String accessKey = "granary-test";
    private final String secretKey = UUID.randomUUID().toString();
    private final Path baseDir;
    private BlobStoreContext context;
    private S3Proxy proxy;

    private S3ProxyServer(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** A server keeping objects in memory; the fastest choice for tests. */
    public static S3ProxyServer inMemory() {
        return new S3ProxyServer(null);
    }

    /** A server keeping objects below {@code baseDir}, e.g. to inspect them after a test. */
    public static S3ProxyServer onDisk(Path baseDir) {
        return new S3ProxyServer(baseDir);
    }

    /** Starts the server; returns this for chaining. */
    public S3ProxyServer start() throws Exception {
        Properties overrides = new Properties();
        String provider = "transient";
        if (baseDir != null) {
            provider = "filesystem";
            overrides.setProperty("jclouds.filesystem.basedir", baseDir.toAbsolutePath().toString());
        }
        // jclouds' own credentials are irrelevant for local providers but must be present.
        context = ContextBuilder.newBuilder(provider)
                .credentials("unused", "unused")
                .overrides(overrides)
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        return this;
    }

    /** Stops the server and drops its objects (in-memory) or leaves them on disk. */
    public void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
            proxy = null;
        }
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** Base URL to use as the S3 endpoint override, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        if (proxy == null) {
            throw new IllegalStateException("S3Proxy not started");
        }
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Region the server accepts in signatures. */
    public String region() {
        return "us-east-1";
    }
}
