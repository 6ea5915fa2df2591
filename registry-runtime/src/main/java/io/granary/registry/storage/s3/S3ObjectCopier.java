package io.granary.registry.storage.s3;

import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side copy into one bucket, from the same or another bucket of the same service: one CopyObject up to the
 * copy part size, UploadPartCopy ranges beyond it (S3 refuses a single copy larger than 5 GiB).
 */
final class S3ObjectCopier {

    private final S3Bucket bucket;
    private final long copyPartSize;

    S3ObjectCopier(S3Bucket bucket, long copyPartSize) {
        this.bucket = bucket;
        this.copyPartSize = copyPartSize;
    }

    void copy(String sourceKey, String targetKey, long size) throws IOException {
        copy(bucket.name(), sourceKey, targetKey, size);
    }

    void copy(String sourceBucket, String sourceKey, String targetKey, long size) throws IOException {
        if (size <= copyPartSize) {
            bucket.call("copy", targetKey, () -> bucket.client().copyObject(b -> b
                    .sourceBucket(sourceBucket).sourceKey(sourceKey)
                    .destinationBucket(bucket.name()).destinationKey(targetKey)));
            return;
        }
        String uploadId = bucket.createMultipartUpload(targetKey);
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long first = 0; first < size; first += copyPartSize) {
                parts.add(copyPart(sourceBucket, sourceKey, targetKey, uploadId, parts.size() + 1, first,
                        Math.min(size, first + copyPartSize) - 1));
            }
            bucket.completeMultipartUpload(targetKey, uploadId, parts);
        } catch (IOException | RuntimeException e) {
            bucket.abortMultipartUploadQuietly(targetKey, uploadId);
            throw e;
        }
    }

    private CompletedPart copyPart(String sourceBucket, String sourceKey, String targetKey, String uploadId, int partNumber,
                                   long first, long last) throws IOException {
        String etag = bucket.call("upload part copy", targetKey, () -> bucket.client().uploadPartCopy(b -> b
                .sourceBucket(sourceBucket).sourceKey(sourceKey)
                .destinationBucket(bucket.name()).destinationKey(targetKey)
                .uploadId(uploadId).partNumber(partNumber)
                .copySourceRange("bytes=" + first + "-" + last))).copyPartResult().eTag();
        return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    }
}
