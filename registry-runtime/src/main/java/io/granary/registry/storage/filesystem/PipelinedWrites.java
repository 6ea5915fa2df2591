package io.granary.registry.storage.filesystem;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs one file's writes on a separate thread, in order, so hashing the next batch overlaps with
 * the kernel copying the previous one into the page cache (on this kind of machine a write of a
 * GiB costs about as much CPU as hashing it). At most {@link #MAX_PENDING} batches wait; the
 * caller blocks beyond that, which keeps memory bounded.
 */
final class PipelinedWrites {

    /** An ordered write of one batch. */
    @FunctionalInterface
    interface Write {
        void run() throws IOException;
    }

    static final int MAX_PENDING = 2;

    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "granary-fs-writer");
        t.setDaemon(true);
        return t;
    });

    private final ArrayDeque<CompletableFuture<Void>> pending = new ArrayDeque<>();
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    /** Queues a write after the earlier ones; throws the failure of an earlier write, if any. */
    void submit(Write write) throws IOException {
        while (pending.size() >= MAX_PENDING) {
            await(pending.removeFirst());
        }
        if (tail.isCompletedExceptionally()) {
            await(tail);
        }
        tail = tail.thenRunAsync(() -> {
            try {
                write.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, WRITERS);
        pending.addLast(tail);
    }

    /** Waits until every queued write finished; throws the first failure. */
    void drain() throws IOException {
        pending.clear();
        await(tail);
    }

    /** Waits for queued writes, ignoring failures (the file is being thrown away). */
    void drainQuietly() {
        try {
            drain();
        } catch (IOException ignored) {
            // Discarding: nothing of this file will be kept.
        }
    }

    static void await(CompletableFuture<Void> future) throws IOException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("write failed: " + cause, cause);
        }
    }
}
