package io.granary.registry.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One blob being streamed into a {@link BlobStore}: bytes are hashed as they are written to a
 * temporary object and become addressable only when {@link #commit} verifies them.
 *
 * <p>Not thread-safe: calls must be made in order (one worker at a time). Closing an uncommitted
 * writer aborts it and removes its temporary object.
 */
public interface BlobWriter extends AutoCloseable {

    /** Appends the remaining bytes of {@code data}; blocks until they are handed to the backend. */
    void write(ByteBuffer data) throws IOException;

    /**
     * Appends the remaining bytes of each buffer in order; backends may hand them to the storage in
     * one gathering write, which avoids copying network buffers into one large array first. Unlike
     * {@link #write(ByteBuffer)}, the backend may still be reading the buffers after this returns:
     * the caller must not modify them until {@link #commit} or {@link #abort} returned.
     */
    default void write(ByteBuffer[] data) throws IOException {
        for (ByteBuffer buffer : data) {
            write(buffer);
        }
    }

    /**
     * Like {@link #write(ByteBuffer[])}, then runs {@code consumed} once the backend no longer reads
     * the buffers (also when writing them failed), so a caller holding off-heap network buffers can
     * free them at once instead of waiting for the garbage collector.
     */
    default void write(ByteBuffer[] data, Runnable consumed) throws IOException {
        try {
            for (ByteBuffer buffer : data) {
                write(buffer);
            }
        } finally {
            consumed.run();
        }
    }

    /**
     * Verifies every expected checksum that is set against the bytes written so far, which must be all
     * of them: nothing more may be written afterwards. Lets a caller that streams the bytes on check
     * them the moment the last one arrived, from the same hashing pass and before {@link #commit}
     * (which may sync to disk) runs.
     *
     * @throws ChecksumMismatchException when an expected value differs
     */
    void verify(ExpectedChecksums expected) throws ChecksumMismatchException;

    /** Bytes written so far. */
    long size();

    /**
     * Verifies every expected checksum that is set, then atomically moves the bytes to their
     * content-addressed place (a no-op copy when that digest already exists).
     *
     * @throws ChecksumMismatchException when an expected value differs; nothing is committed then
     */
    CommittedBlob commit(ExpectedChecksums expected) throws IOException;

    /** Discards the temporary object; safe to call more than once and after commit. */
    void abort();

    @Override
    default void close() {
        abort();
    }
}
