package io.granary.registry.storage.s3;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The object operations Granary uses on one bucket, with SDK runtime exceptions turned into
 * {@link IOException}s so callers handle storage failures in one way for every backend.
 */
final class S3Bucket {

    /** An S3 call; exists only to let {@link #call} translate its exceptions. */
    @FunctionalInterface
    interface S3Call<T> {
        T run();
    }

    private static final String OCTET_STREAM = "application/octet-stream";

    private final S3Client client;
    private final String name;

    S3Bucket(S3Client client, String name) {
        this.client = client;
        this.name = name;
    }

    S3Client client() {
        return client;
    }

    String name() {
        return name;
    }

    void ensureExists() throws IOException {
        try {
            call("head bucket", "", () -> client.headBucket(b -> b.bucket(name)));
        } catch (IOException e) {
            if (!(e.getCause() instanceof NoSuchBucketException) && !isNotFound(e.getCause())) {
                throw e;
            }
            try {
                call("create bucket", "", () -> client.createBucket(b -> b.bucket(name)));
            } catch (IOException raced) {
                // Another replica created it between our HEAD and PUT: that is the outcome we want.
                if (!(raced.getCause() instanceof BucketAlreadyOwnedByYouException)) {
                    throw raced;
                }
            }
        }
    }

    void checkReachable() throws IOException {
        call("head bucket", "", () -> client.headBucket(b -> b.bucket(name)));
    }

    Optional<HeadObjectResponse> head(String key) throws IOException {
        try {
            return Optional.of(call("head", key, () -> client.headObject(b -> b.bucket(name).key(key))));
        } catch (IOException e) {
            if (isNotFound(e.getCause())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    void put(String key, byte[] data, int length) throws IOException {
        call("put", key, () -> client.putObject(b -> b.bucket(name).key(key).contentLength((long) length),
                body(data, length)));
    }

    String createMultipartUpload(String key) throws IOException {
        return call("create multipart upload", key,
                () -> client.createMultipartUpload(b -> b.bucket(name).key(key).contentType(OCTET_STREAM))).uploadId();
    }

    CompletedPart uploadPart(String key, String uploadId, int partNumber, byte[] data, int length) throws IOException {
        String etag = call("upload part", key, () -> client.uploadPart(b -> b.bucket(name).key(key)
                .uploadId(uploadId).partNumber(partNumber).contentLength((long) length), body(data, length))).eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    }

    void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) throws IOException {
        call("complete multipart upload", key, () -> client.completeMultipartUpload(b -> b.bucket(name).key(key)
                .uploadId(uploadId).multipartUpload(u -> u.parts(parts))));
    }

    /** Best effort: an upload left behind is reclaimed by the bucket's lifecycle rule. */
    void abortMultipartUploadQuietly(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(name).key(key).uploadId(uploadId));
        } catch (SdkException ignored) {
            // Nothing more to do here; the parts were never addressable.
        }
    }

    /** Opens {@code length > 0} bytes of an object starting at {@code offset}. */
    ResponseInputStream<GetObjectResponse> get(String key, long offset, long length) throws IOException {
        String range = "bytes=" + offset + "-" + (offset + length - 1);
        return call("get", key, () -> client.getObject(b -> b.bucket(name).key(key).range(range)));
    }

    void delete(String key) throws IOException {
        call("delete", key, () -> client.deleteObject(b -> b.bucket(name).key(key)));
    }

    void deleteQuietly(String key) {
        try {
            delete(key);
        } catch (IOException ignored) {
            // Leaves an orphan below tmp/ at worst; it is never addressable.
        }
    }

    /**
     * Deletes each key with its own DELETE. DeleteObjects would be one call, but S3 requires a
     * checksum on it, which the SDK now sends as x-amz-checksum-crc32: S3Proxy and older
     * S3-compatible stores refuse that header. Sessions hold few chunks, so this stays cheap.
     */
    void deleteAll(List<String> keys) throws IOException {
        for (String key : keys) {
            delete(key);
        }
    }

    /** Aborts unfinished multipart uploads below {@code prefix} started before the cutoff; returns how many. */
    int abortMultipartUploadsBefore(String prefix, java.time.Instant cutoff) throws IOException {
        return call("list multipart uploads", prefix, () -> {
            int aborted = 0;
            for (var upload : client.listMultipartUploadsPaginator(b -> b.bucket(name).prefix(prefix)).uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(cutoff)) {
                    abortMultipartUploadQuietly(upload.key(), upload.uploadId());
                    aborted++;
                }
            }
            return aborted;
        });
    }

    /** Visits every object below {@code prefix} in key order. */
    void list(String prefix, Consumer<S3Object> visitor) throws IOException {
        call("list", prefix, () -> {
            client.listObjectsV2Paginator(b -> b.bucket(name).prefix(prefix)).contents().forEach(visitor);
            return null;
        });
    }

    <T> T call(String operation, String key, S3Call<T> s3Call) throws IOException {
        try {
            return s3Call.run();
        } catch (SdkException e) {
            // SDK messages name the operation outcome and request id, never the credentials.
            throw new IOException("s3 " + operation + " " + name + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    private static RequestBody body(byte[] data, int length) {
        // A provider over the caller's array: the SDK can re-read it on retry without a copy.
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, 0, length), length, OCTET_STREAM);
    }

    private static boolean isNotFound(Throwable e) {
        return e instanceof NoSuchKeyException || (e instanceof S3Exception s3 && s3.statusCode() == 404);
    }
}
