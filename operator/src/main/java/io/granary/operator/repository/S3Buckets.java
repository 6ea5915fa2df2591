package io.granary.operator.repository;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Creates, checks and removes repository buckets through the S3 API. One client per store and credentials, kept
 * for the operator's lifetime; checksums only when required, which S3-compatible stores accept.
 */
public final class S3Buckets implements AutoCloseable {

    /** How to reach one S3-compatible store. A null endpoint means AWS; null keys mean the default chain. */
    public record Store(String endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return (endpoint == null ? "aws" : endpoint) + " (" + region + ")";
        }
    }

    private final Map<Store, S3Client> clients = new ConcurrentHashMap<>();

    /** Creates the bucket unless it exists; returns whether it was created now. */
    public boolean ensure(Store store, String bucket) {
        S3Client s3 = client(store);
        if (exists(s3, bucket)) {
            return false;
        }
        try {
            s3.createBucket(b -> b.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            // Another reconcile (or a person) created it in between.
            if (e.statusCode() == 409 && exists(s3, bucket)) {
                return false;
            }
            throw e;
        }
    }

    /** Whether the bucket exists and the credentials can see it. */
    public boolean exists(Store store, String bucket) {
        return exists(client(store), bucket);
    }

    /** Deletes every object of the bucket (in pages of 1000) and then the bucket; a missing bucket is fine. */
    public void deleteWithContents(Store store, String bucket) {
        S3Client s3 = client(store);
        try {
            for (int page = 0; page < 100_000; page++) {
                var listing = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(1000));
                if (listing.contents().isEmpty()) {
                    break;
                }
                // One DELETE per object: multi-object delete needs a checksum header (CRC32 by default in the SDK)
                // that some S3-compatible stores refuse.
                listing.contents().forEach(o -> s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
            }
            s3.deleteBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            // Already gone: deletion is idempotent.
        }
    }

    private static boolean exists(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private S3Client client(Store store) {
        return clients.computeIfAbsent(store, S3Buckets::newClient);
    }

    private static S3Client newClient(Store store) {
        AwsCredentialsProvider credentials = store.accessKeyId() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(store.accessKeyId(), store.secretAccessKey()));
        var builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(Objects.requireNonNullElse(store.region(), "us-east-1")))
                .credentialsProvider(credentials)
                .forcePathStyle(store.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (store.endpoint() != null) {
            builder.endpointOverride(URI.create(store.endpoint()));
        }
        return builder.build();
    }

    @Override
    public void close() {
        clients.values().forEach(S3Client::close);
        clients.clear();
    }
}
