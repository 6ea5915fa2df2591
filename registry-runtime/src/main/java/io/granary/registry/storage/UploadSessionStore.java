package io.granary.registry.storage;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Resumable chunked uploads whose bytes live in the blob store itself, so a session survives a
 * restart and can be continued by another runtime process sharing the same store.
 *
 * <p>A session is an ordered run of chunk objects keyed by their start offset. Completing it
 * re-reads and re-hashes the chunks into a regular blob (a resumable hash state would cost 8× in
 * throughput, see STACK.md), then deletes them. Callers (the core) serialise operations on one
 * session through a database row lock; the store still refuses a chunk at the wrong offset.
 */
public interface UploadSessionStore {

    /** Creates an empty session and returns its id (URL-safe, unguessable). */
    String create() throws IOException;

    /** Bytes stored so far; throws {@link BlobNotFoundException} for an unknown session. */
    long size(String sessionId) throws IOException;

    /**
     * Opens a writer for the next chunk, which must start at {@code offset} == {@link #size}.
     * The chunk becomes part of the session only when the writer is committed (its checksums are
     * ignored; pass {@link ExpectedChecksums#NONE}); an aborted chunk leaves the session unchanged.
     *
     * @throws UploadOffsetException when {@code offset} is not the current size
     */
    BlobWriter appendChunk(String sessionId, long offset) throws IOException;

    /** Turns the session into a committed blob after verifying {@code expected}, then deletes it. */
    CommittedBlob complete(String sessionId, ExpectedChecksums expected, Set<ChecksumAlgorithm> extraAlgorithms)
            throws IOException;

    /** Deletes a session and its chunks; false when it did not exist. */
    boolean abort(String sessionId) throws IOException;

    /** Sessions whose last chunk is older than {@code cutoff}, for the purge job. */
    List<String> idleSince(Instant cutoff) throws IOException;
}
