package io.granary.registry.storage.filesystem;

import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.Checksums;
import io.granary.registry.storage.backend.HashingBlobWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Streams a blob into a temporary file with one {@link FileChannel}, then lets a
 * {@link Destination} rename the verified file into place.
 *
 * <p>A file that will be forced to disk on commit is written with {@link DirectWrites} when the
 * store has staging buffers to lend; otherwise writes go to the page cache with no per-write fsync
 * or allocation. Either way the file is forced to disk once, on commit (unless the store runs with
 * {@link FilesystemSync#NONE}), which is what makes large PUTs fast and still durable.
 */
final class FilesystemBlobWriter extends HashingBlobWriter {

    /** Final step of a commit: moves the verified, synced temporary file to where readers see it. */
    @FunctionalInterface
    interface Destination {
        void publish(Path tempFile, Checksums checksums, long size) throws IOException;
    }

    private final Path tempFile;
    private final FileChannel channel;
    private final Destination destination;
    private final FilesystemSync sync;
    private final EarlyWriteback writeback;
    /** Null when this file goes through the page cache. */
    private final DirectWrites direct;
    private final PipelinedWrites pipeline = new PipelinedWrites();
    private volatile long written;

    /** {@code staging} lends the buffers for direct writes; null (or all lent) means the page cache. */
    FilesystemBlobWriter(Path tempFile, FilesystemSync sync, StagingBuffers staging,
                         Set<ChecksumAlgorithm> extraAlgorithms, Destination destination) throws IOException {
        super(extraAlgorithms);
        this.tempFile = tempFile;
        this.sync = sync;
        this.destination = destination;
        this.channel = FileChannel.open(tempFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            // Only a file forced to disk anyway gains from skipping the cache; sync=none keeps nginx's way.
            this.direct = sync.forces() ? DirectWrites.open(tempFile, channel, staging) : null;
        } catch (IOException | RuntimeException e) {
            deleteTempFile();
            throw e;
        }
        this.writeback = sync.forces() && direct == null ? new EarlyWriteback(channel) : EarlyWriteback.NONE;
    }

    /** True when this file's bytes bypass the page cache. */
    boolean writesDirect() {
        return direct != null;
    }

    /**
     * The JDK copies heap buffers through a per-thread cached direct buffer as large as the write;
     * with many worker threads and megabyte batches that cache alone grows the process by tens of
     * MiB. Writing in slices keeps each thread's cached buffer small.
     */
    private static final int WRITE_SLICE = 256 * 1024;

    @Override
    protected void store(ByteBuffer data) throws IOException {
        // Callers of the single-buffer write may reuse the buffer on return: write it now, in order.
        pipeline.drain();
        if (direct != null) {
            direct.append(data);
            return;
        }
        int limit = data.limit();
        try {
            while (data.hasRemaining()) {
                data.limit(Math.min(limit, data.position() + WRITE_SLICE));
                while (data.hasRemaining()) {
                    channel.write(data);
                }
                data.limit(limit);
            }
        } finally {
            data.limit(limit);
        }
        written = channel.position();
        writeback.written(written);
    }

    /**
     * A batch of network buffers is written by one gathering write on the pipeline's thread while
     * the caller hashes the same batch, then the next; the caller does not modify these bytes.
     */
    @Override
    protected void storeAll(ByteBuffer[] data, Runnable consumed) throws IOException {
        boolean queued = false;
        try {
            pipeline.submit(() -> {
                try {
                    if (direct != null) {
                        for (ByteBuffer buffer : data) {
                            direct.append(buffer);
                        }
                        return;
                    }
                    long remaining = 0;
                    for (ByteBuffer buffer : data) {
                        remaining += buffer.remaining();
                    }
                    while (remaining > 0) {
                        remaining -= channel.write(data);
                    }
                    written = channel.position();
                    writeback.written(written);
                } finally {
                    consumed.run();
                }
            });
            queued = true;
        } finally {
            if (!queued) {
                consumed.run();
            }
        }
    }

    @Override
    protected void publish(Checksums checksums, long size) throws IOException {
        // Data must be on disk before the rename makes it reachable, or a crash could expose zeros.
        pipeline.drain();
        if (direct != null) {
            direct.finish();
        }
        writeback.settle();
        if (sync.forces()) {
            channel.force(true);
        }
        channel.close();
        destination.publish(tempFile, checksums, size);
    }

    @Override
    protected void discard() {
        pipeline.drainQuietly();
        if (direct != null) {
            direct.abandon();
        }
        writeback.settle();
        deleteTempFile();
    }

    private void deleteTempFile() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing can only fail on flush; the file is deleted right after anyway.
        }
        try {
            Files.deleteIfExists(tempFile);
        } catch (IOException ignored) {
            // An orphan in tmp/ is harmless: it is never addressable and a sweep can remove it.
        }
    }
}
