package io.granary.registry.storage.filesystem;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts flushing a file being written while the upload goes on, so the one fsync at commit finds
 * little left to write. Without it the kernel keeps a whole upload in dirty pages until that fsync,
 * and the disk sits idle while the network and hashing work, then the client waits for both in turn.
 */
class EarlyWriteback {

    /** Bytes written between two background flushes. */
    static final long INTERVAL = 64L * 1024 * 1024;

    private static final ExecutorService FLUSHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "granary-fs-writeback");
        t.setDaemon(true);
        return t;
    });

    /** Does nothing: for files that are never forced to disk. */
    static final EarlyWriteback NONE = new EarlyWriteback(null) {
        @Override
        void written(long size) {
        }

        @Override
        void settle() {
        }
    };

    private final FileChannel channel;
    private long flushedUpTo;
    private CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

    EarlyWriteback(FileChannel channel) {
        this.channel = channel;
    }

    /** Called after each write with the file's size; starts a flush when enough is pending and none runs. */
    void written(long size) {
        if (size - flushedUpTo < INTERVAL || !running.isDone()) {
            return;
        }
        flushedUpTo = size;
        running = CompletableFuture.runAsync(() -> {
            try {
                channel.force(false);
            } catch (IOException ignored) {
                // The commit's own fsync reports real I/O errors; this one is only an early start.
            }
        }, FLUSHER);
    }

    /** Waits for a background flush still running, before the commit's fsync or a close. */
    void settle() {
        running.join();
    }
}
