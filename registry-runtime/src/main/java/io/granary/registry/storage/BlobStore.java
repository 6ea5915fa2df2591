package io.granary.registry.storage;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Content-addressed blob storage: the one SPI every backend (filesystem, S3) implements.
 *
 * <p>Blobs are addressed by their lowercase hex sha256. All methods block and are meant to be called
 * from worker threads, never from a Vert.x event loop. Nothing written becomes visible under its
 * digest until {@link BlobWriter#commit} has verified it, so a crash leaves at worst an orphan
 * temporary object, never a readable partial blob.
 */
public interface BlobStore {

    /** Short name of the backend ("filesystem", "s3") for logs, metrics and health. */
    String kind();

    /**
     * Starts streaming a new blob. SHA-256 is always computed; {@code extraAlgorithms} adds the
     * others a format needs (each costs throughput, so formats ask only for what they serve).
     */
    BlobWriter openWriter(Set<ChecksumAlgorithm> extraAlgorithms) throws IOException;

    /** Size of a committed blob, or empty when no blob has that digest. */
    Optional<BlobStat> stat(String sha256) throws IOException;

    /**
     * Opens a committed blob for reading, optionally a byte range ({@code length < 0} means to the end).
     * Throws {@link BlobNotFoundException} when absent.
     */
    BlobContent open(String sha256, long offset, long length) throws IOException;

    /**
     * Where a committed blob lives on the local filesystem, computed without touching the disk, for
     * stores whose blobs are plain files (empty for the others). Lets small downloads skip a worker
     * hop: the HTTP layer sends the file zero-copy and reports a missing file itself.
     */
    default Optional<java.nio.file.Path> localPath(String sha256) {
        return Optional.empty();
    }

    /** Removes a committed blob; returns false when it did not exist. Only GC should call this. */
    boolean delete(String sha256) throws IOException;

    /** Visits every committed digest (order unspecified); for garbage collection and audits. */
    void list(Consumer<BlobStat> visitor) throws IOException;

    /**
     * Removes temporary objects older than {@code olderThan}: uploads that never committed nor
     * aborted because their process died (and, on S3, their unfinished multipart uploads).
     * Returns how many were removed. The cutoff must lie well beyond the longest upload.
     */
    int purgeTemporaries(java.time.Instant olderThan) throws IOException;

    /** Resumable, chunked upload sessions whose state lives in the store itself. */
    UploadSessionStore uploads();

    /** Throws when the backend cannot currently serve reads and writes; used by readiness. */
    void checkHealth() throws IOException;
}
