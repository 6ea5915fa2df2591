package io.granary.registry.storage.filesystem;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes one file that will be forced to disk anyway with {@code O_DIRECT}, from aligned buffers.
 *
 * <p>Through the page cache a durable upload pays twice: the kernel copies every byte into cache
 * pages (on this kind of machine as much CPU as hashing them), then the commit's fsync waits for the
 * disk, which sat idle until write-back started. Here the bytes are copied once into a staging
 * buffer; each full buffer goes to the disk on another thread while the next one fills, so the disk
 * is busy from the first buffer to the last and the fsync finds only the last block and metadata.
 *
 * <p>Direct writes must start, end and sit in memory at multiples of the file system's block
 * size; the end of the file, shorter than a block, goes through the writer's ordinary channel.
 * Not thread-safe: one caller at a time, as {@link FilesystemBlobWriter} guarantees.
 */
final class DirectWrites {

    /** A pool must lend an upload this many buffers: one filling while the other is on its way to disk. */
    static final int MIN_BUFFERS = 2;

    private static final ExecutorService DISK = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "granary-fs-direct");
        t.setDaemon(true);
        return t;
    });

    private record InFlight(ByteBuffer buffer, CompletableFuture<Void> done) {
    }

    private final FileChannel direct;
    private final FileChannel tail;
    private final StagingBuffers buffers;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ByteBuffer staging;
    private long stagingOffset;

    private DirectWrites(FileChannel direct, FileChannel tail, StagingBuffers buffers, ByteBuffer first) {
        this.direct = direct;
        this.tail = tail;
        this.buffers = buffers;
        this.staging = first;
    }

    static FileChannel openDirect(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    }

    /**
     * Direct writes into the new, empty {@code file}, whose end goes through {@code tail}; null when
     * {@code buffers} is null or lent out, and the caller writes through the page cache instead.
     */
    static DirectWrites open(Path file, FileChannel tail, StagingBuffers buffers) throws IOException {
        return buffers == null ? null : start(() -> openDirect(file), tail, buffers);
    }

    /** Direct writes through an open {@code direct} channel; null when {@code buffers} are all lent. */
    static DirectWrites over(FileChannel direct, FileChannel tail, StagingBuffers buffers) throws IOException {
        return start(() -> direct, tail, buffers);
    }

    private interface ChannelOpener {
        FileChannel open() throws IOException;
    }

    /** Takes the first buffer before opening anything: with none left, there is nothing to undo. */
    private static DirectWrites start(ChannelOpener direct, FileChannel tail, StagingBuffers buffers)
            throws IOException {
        ByteBuffer first = buffers.tryTake();
        if (first == null) {
            return null;
        }
        try {
            return new DirectWrites(direct.open(), tail, buffers, first);
        } catch (IOException | RuntimeException e) {
            buffers.giveBack(first);
            throw e;
        }
    }

    /** Copies the remaining bytes of {@code data} (consuming them), writing every buffer that fills. */
    void append(ByteBuffer data) throws IOException {
        int limit = data.limit();
        while (data.hasRemaining()) {
            data.limit(data.position() + Math.min(data.remaining(), staging.remaining()));
            staging.put(data);
            data.limit(limit);
            if (!staging.hasRemaining()) {
                submit();
            }
        }
    }

    /** Writes what is staged and waits for every write; the file then holds all bytes appended. */
    void finish() throws IOException {
        try {
            ByteBuffer last = staging.flip();
            int aligned = last.remaining() / buffers.alignment() * buffers.alignment();
            writeFully(direct, last.slice(0, aligned), stagingOffset);
            writeFully(tail, last.slice(aligned, last.remaining() - aligned), stagingOffset + aligned);
            while (!inFlight.isEmpty()) {
                buffers.giveBack(awaitOldest());
            }
        } finally {
            release();
        }
    }

    /** Waits for writes still running and returns every buffer; for a file being thrown away. */
    void abandon() {
        release();
    }

    private void submit() throws IOException {
        ByteBuffer full = staging.flip();
        long at = stagingOffset;
        stagingOffset += full.remaining();
        staging = null;
        inFlight.addLast(new InFlight(full, CompletableFuture.runAsync(() -> {
            try {
                writeFully(direct, full, at);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DISK)));
        // A second buffer lets the next one fill while this is written; the budget may say wait instead.
        ByteBuffer spare = inFlight.size() < MIN_BUFFERS ? buffers.tryTake() : null;
        staging = spare != null ? spare : awaitOldest();
    }

    /** The buffer of the oldest write, once that write succeeded (then it throws that write's failure). */
    private ByteBuffer awaitOldest() throws IOException {
        InFlight oldest = inFlight.removeFirst();
        try {
            PipelinedWrites.await(oldest.done());
        } catch (IOException e) {
            buffers.giveBack(oldest.buffer());
            throw e;
        }
        return oldest.buffer().clear();
    }

    private void release() {
        for (InFlight write : inFlight) {
            // A buffer goes back only once the disk no longer reads it, whatever the write's outcome.
            write.done().exceptionally(e -> null).join();
            buffers.giveBack(write.buffer());
        }
        inFlight.clear();
        if (staging != null) {
            buffers.giveBack(staging);
            staging = null;
        }
        try {
            direct.close();
        } catch (IOException ignored) {
            // Nothing is buffered in a direct channel, so closing cannot lose data.
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += channel.write(data, at);
        }
    }
}
