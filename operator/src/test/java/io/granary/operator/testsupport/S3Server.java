package io.granary.operator.testsupport;

import java.net.URI;
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
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** A real S3 HTTP API in this JVM: S3Proxy on 127.0.0.1 over jclouds' in-memory store, with SigV4 credentials. */
public final class S3Server implements AutoCloseable {

    private final String accessKey = "granary-test";
    private final String secretKey = UUID.randomUUID().toString();
    private BlobStoreContext context;
    private S3Proxy proxy;

    /** Starts a server; bounded wait for it to listen. */
    public static S3Server start() throws Exception {
        S3Server server = new S3Server();
        server.context = ContextBuilder.newBuilder("transient").credentials("unused", "unused").overrides(new Properties())
                .build(BlobStoreContext.class);
        server.proxy = S3Proxy.builder().blobStore(server.context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, server.accessKey, server.secretKey)
                .build();
        server.proxy.start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"STARTED".equals(server.proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + server.proxy.getState());
            }
            Thread.sleep(10);
        }
        return server;
    }

    /** Endpoint URL, e.g. http://127.0.0.1:40123. */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** A client that sees what the operator created. */
    public S3Client client() {
        return S3Client.builder().httpClientBuilder(ApacheHttpClient.builder()).region(Region.US_EAST_1)
                .endpointOverride(URI.create(endpoint())).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    @Override
    public void close() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (context != null) {
            context.close();
        }
    }
}
