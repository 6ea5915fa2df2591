package io.granary.registry.storage.backend;

import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.ChecksumMismatchException;
import io.granary.registry.storage.Checksums;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.granary.registry.storage.hashing.ChecksumVerifier;
import io.granary.registry.storage.hashing.MultiDigest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of every backend's {@link BlobWriter}: hashes the bytes it hands to the backend and enforces
 * the writer life cycle (open, then exactly one of committed or aborted).
 *
 * <p>Any failure during commit aborts the writer, so a failed commit never leaves a temporary
 * object behind and never makes anything visible.
 */
public abstract class HashingBlobWriter implements BlobWriter {

    private enum State { OPEN, COMMITTED, ABORTED }

    private final MultiDigest digest;
    private long size;
    private State state = State.OPEN;

    protected HashingBlobWriter(Set<ChecksumAlgorithm> extraAlgorithms) {
        this.digest = new MultiDigest(extraAlgorithms);
    }

    @Override
    public final void write(ByteBuffer data) throws IOException {
        requireOpen();
        int length = data.remaining();
        digest.update(data);
        store(data);
        size += length;
    }

    @Override
    public final void write(ByteBuffer[] data) throws IOException {
        write(data, () -> { });
    }

    /**
     * The backend gets views of the buffers and may write them on its own thread while this one
     * hashes the originals: both only read the bytes, so hashing a batch overlaps with writing it
     * instead of preceding it. {@code consumed} runs once both are done with the bytes.
     */
    @Override
    public final void write(ByteBuffer[] data, Runnable consumed) throws IOException {
        try {
            requireOpen();
        } catch (RuntimeException e) {
            consumed.run();
            throw e;
        }
        ByteBuffer[] views = new ByteBuffer[data.length];
        long length = 0;
        for (int i = 0; i < data.length; i++) {
            views[i] = data[i].duplicate();
            length += data[i].remaining();
        }
        Runnable afterBoth = afterTwoCalls(consumed);
        try {
            storeAll(views, afterBoth);
            for (ByteBuffer buffer : data) {
                digest.update(buffer);
            }
        } finally {
            afterBoth.run();
        }
        size += length;
    }

    /** Runs {@code action} on the second call, from whichever thread makes it. */
    private static Runnable afterTwoCalls(Runnable action) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.incrementAndGet() == 2) {
                action.run();
            }
        };
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final void verify(ExpectedChecksums expected) throws ChecksumMismatchException {
        requireOpen();
        // Finishing is final: a later write is refused, and commit reuses these values.
        ChecksumVerifier.verify(expected, digest.finish());
    }

    @Override
    public final CommittedBlob commit(ExpectedChecksums expected) throws IOException {
        requireOpen();
        try {
            Checksums checksums = digest.finish();
            // Verify before the backend publishes anything: a mismatch must never become visible.
            ChecksumVerifier.verify(expected, checksums);
            publish(checksums, size);
            state = State.COMMITTED;
            return new CommittedBlob(checksums, size);
        } catch (IOException | RuntimeException | Error e) {
            abort();
            throw e;
        }
    }

    @Override
    public final void abort() {
        if (state == State.OPEN) {
            state = State.ABORTED;
            discard();
        }
    }

    /** Hands the remaining bytes of {@code data} to the backend, consuming them. */
    protected abstract void store(ByteBuffer data) throws IOException;

    /**
     * Hands the remaining bytes of every buffer, in order, to the backend, and runs {@code consumed}
     * (exactly once, also on failure) when it no longer reads them; one synchronous store per buffer
     * unless overridden.
     */
    protected void storeAll(ByteBuffer[] data, Runnable consumed) throws IOException {
        try {
            for (ByteBuffer buffer : data) {
                store(buffer);
            }
        } finally {
            consumed.run();
        }
    }

    /** Makes the verified bytes visible at their final place and removes temporary state. */
    protected abstract void publish(Checksums checksums, long size) throws IOException;

    /** Best-effort removal of temporary state; must not throw. */
    protected abstract void discard();

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("writer already " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
