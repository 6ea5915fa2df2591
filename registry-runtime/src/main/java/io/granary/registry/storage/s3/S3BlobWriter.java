package io.granary.registry.storage.s3;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.Checksums;
import io.granary.registry.storage.backend.HashingBlobWriter;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Streams a blob to S3 holding at most one part in memory.
 *
 * <p>A blob that fits in one part is uploaded by a single PUT straight to its final key, after
 * verification, so it is never visible unverified. A larger one goes as a multipart upload to a
 * {@code tmp/} key (its final key is unknown until the last byte is hashed) and is copied
 * server-side on commit; abort only has to abort the multipart upload.
 */
final class S3BlobWriter extends HashingBlobWriter {

    /** Decides on commit where verified bytes go; empty means they are already stored (dedupe). */
    @FunctionalInterface
    interface Destination {
        Optional<String> keyFor(Checksums checksums, long size) throws IOException;
    }

    // Small blobs (manifests, metadata) must not cost a whole part of heap each.
    private static final int INITIAL_BUFFER = 64 << 10;

    private final S3Bucket bucket;
    private final S3ObjectCopier copier;
    private final int partSize;
    private final Destination destination;
    private final String tempKey = S3Keys.newTemp();
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] buffer;
    private int buffered;
    private String uploadId;

    S3BlobWriter(S3Bucket bucket, S3ObjectCopier copier, int partSize, Set<ChecksumAlgorithm> extraAlgorithms,
                 Destination destination) {
        super(extraAlgorithms);
        this.bucket = bucket;
        this.copier = copier;
        this.partSize = partSize;
        this.destination = destination;
        this.buffer = new byte[Math.min(INITIAL_BUFFER, partSize)];
    }

    @Override
    protected void store(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            // A full part is sent only once more bytes arrive, so a blob of exactly one part stays a PUT.
            if (buffered == partSize) {
                uploadBufferedPart();
            }
            ensureCapacity(buffered + data.remaining());
            int length = Math.min(data.remaining(), buffer.length - buffered);
            data.get(buffer, buffered, length);
            buffered += length;
        }
    }

    private void ensureCapacity(long wanted) {
        if (wanted > buffer.length && buffer.length < partSize) {
            long grown = Math.max(wanted, 2L * buffer.length);
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, partSize));
        }
    }

    private void uploadBufferedPart() throws IOException {
        if (uploadId == null) {
            uploadId = bucket.createMultipartUpload(tempKey);
        }
        parts.add(bucket.uploadPart(tempKey, uploadId, parts.size() + 1, buffer, buffered));
        buffered = 0;
    }

    @Override
    protected void publish(Checksums checksums, long size) throws IOException {
        Optional<String> key = destination.keyFor(checksums, size);
        if (uploadId == null) {
            if (key.isPresent()) {
                bucket.put(key.get(), buffer, buffered);
            }
        } else if (key.isEmpty()) {
            abortUpload();
        } else {
            publishMultipart(key.get(), size);
        }
        buffer = null;
    }

    private void publishMultipart(String key, long size) throws IOException {
        if (buffered > 0) {
            uploadBufferedPart();
        }
        bucket.completeMultipartUpload(tempKey, uploadId, parts);
        uploadId = null;
        try {
            copier.copy(tempKey, key, size);
        } finally {
            bucket.deleteQuietly(tempKey);
        }
    }

    @Override
    protected void discard() {
        abortUpload();
        buffer = null;
    }

    private void abortUpload() {
        if (uploadId != null) {
            bucket.abortMultipartUploadQuietly(tempKey, uploadId);
            uploadId = null;
        }
    }
}
