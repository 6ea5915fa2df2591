package io.granary.registry.storage.s3;

import java.net.URI;
import java.util.Optional;

/**
 * Everything an {@link S3BlobStore} needs to connect. {@link #toString()} never shows the secret.
 *
 * @param endpoint override for S3-compatible stores; empty means AWS's regional endpoint
 * @param accessKey with {@code secretKey}: static credentials; both empty: the SDK's default chain
 *     (environment, web identity / IRSA, instance profile)
 * @param partSize bytes buffered per multipart part, and the largest object written with one PUT
 * @param copyPartSize largest range copied per UploadPartCopy; objects up to it use one CopyObject
 */
public record S3Settings(Optional<URI> endpoint, String region, String bucket, Optional<String> accessKey,
                         Optional<String> secretKey, boolean pathStyle, S3ChecksumMode checksumMode,
                         int partSize, long copyPartSize, boolean createBucket) {

    /** S3's smallest allowed part (except the last one of an upload). */
    public static final int MIN_PART_SIZE = 5 << 20;
    /** S3's largest single CopyObject and UploadPartCopy range. */
    public static final long MAX_COPY_SIZE = 5L << 30;
    public static final int DEFAULT_PART_SIZE = 16 << 20;

    public S3Settings {
        if (bucket == null || bucket.length() < 3 || bucket.length() > 63) {
            throw new IllegalArgumentException("S3 bucket names have 3 to 63 characters");
        }
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException("set both the S3 access key and secret key, or neither");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be at least " + MIN_PART_SIZE + " bytes");
        }
        if (copyPartSize < MIN_PART_SIZE || copyPartSize > MAX_COPY_SIZE) {
            throw new IllegalArgumentException("S3 copy part size must be between 5 MiB and 5 GiB");
        }
    }

    /** Settings with Granary's defaults for a store reached at {@code endpoint} with static keys. */
    public static S3Settings of(URI endpoint, String bucket, String accessKey, String secretKey) {
        return new S3Settings(Optional.of(endpoint), "us-east-1", bucket, Optional.of(accessKey),
                Optional.of(secretKey), true, S3ChecksumMode.WHEN_REQUIRED, DEFAULT_PART_SIZE, MAX_COPY_SIZE, true);
    }

    public S3Settings withBucket(String newBucket) {
        return new S3Settings(endpoint, region, newBucket, accessKey, secretKey, pathStyle, checksumMode, partSize,
                copyPartSize, createBucket);
    }

    public S3Settings withPartSizes(int newPartSize, long newCopyPartSize) {
        return new S3Settings(endpoint, region, bucket, accessKey, secretKey, pathStyle, checksumMode, newPartSize,
                newCopyPartSize, createBucket);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("aws") + ", region=" + region
                + ", bucket=" + bucket + ", credentials=" + (accessKey.isPresent() ? "static" : "default chain")
                + ", pathStyle=" + pathStyle + ", checksumMode=" + checksumMode + ", partSize=" + partSize
                + ", copyPartSize=" + copyPartSize + ", createBucket=" + createBucket + "]";
    }
}
