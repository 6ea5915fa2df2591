package io.granary.registry.proxy;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * An upstream response body read by a worker as an {@link InputStream}, filled by the event loop as
 * Netty reads it: the network is read with Netty's pooled buffers on the connection's own event loop
 * (no extra selector thread), and the connection is paused while the reader is more than
 * {@link #HIGH_WATER} behind. Closing before the end resets the connection, so an unread body never
 * goes back to the pool.
 */
public final class UpstreamBody extends InputStream {

    private static final long HIGH_WATER = 4L * 1024 * 1024;
    private static final long LOW_WATER = 1024 * 1024;
    /** How long a reader waiting for a batch waits once some bytes are there, so a slow upstream still trickles. */
    private static final long BATCH_WAIT_NANOS = 20_000_000;

    private final HttpClientResponse response;
    private final Context context;
    private final long stallNanos;
    private final String repository;
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    /** Read position in the head of the queue. */
    private int headOffset;
    private long queued;
    /** Bytes the reader waits for: the event loop wakes it only once they are there (or the body ended). */
    private long wanted = 1;
    private boolean paused;
    private boolean ended;
    private boolean closed;
    private Throwable failure;

    /** Attaches to {@code response}; call on its event loop, in the callback that delivered it, so no byte is missed. */
    UpstreamBody(HttpClientResponse response, Context context, long stallNanos, String repository) {
        this.response = response;
        this.context = context;
        this.stallNanos = stallNanos;
        this.repository = repository;
        response.handler(this::arrived);
        response.endHandler(v -> ended());
        response.exceptionHandler(this::failed);
    }

    private synchronized void arrived(Buffer buffer) {
        if (closed) {
            return;
        }
        queue.add(buffer);
        queued += buffer.length();
        if (queued > HIGH_WATER && !paused) {
            paused = true;
            response.pause();
        }
        // The first bytes after an empty queue wake the reader too: it then waits a short while at most.
        if (queued >= wanted || queue.size() == 1) {
            notifyAll();
        }
    }

    private synchronized void ended() {
        ended = true;
        notifyAll();
    }

    private synchronized void failed(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    @Override
    public synchronized int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!awaitBytes(1)) {
            return -1;
        }
        int copied = 0;
        while (copied < length && !queue.isEmpty()) {
            Buffer head = queue.peek();
            int n = Math.min(length - copied, head.length() - headOffset);
            head.getBytes(headOffset, headOffset + n, into, offset + copied);
            copied += n;
            headOffset += n;
            if (headOffset == head.length()) {
                queue.poll();
                headOffset = 0;
            }
        }
        queued -= copied;
        resumeIfDrained();
        return copied;
    }

    /**
     * The next pieces of the body as Netty delivered them (no copy): at least {@code atLeast} bytes
     * unless the body ends first, then whole pieces while fewer than {@code atMost} bytes are taken;
     * empty at the end. The pieces are the reader's: nothing else writes to them. The reader sleeps
     * until {@code atLeast} bytes are there, not once per piece: each wake-up is a context switch.
     */
    synchronized List<Buffer> readPieces(long atLeast, long atMost) throws IOException {
        List<Buffer> pieces = new ArrayList<>();
        if (!awaitBytes(Math.min(atLeast, HIGH_WATER))) {
            return pieces;
        }
        long taken = 0;
        while (!queue.isEmpty() && taken < atMost) {
            Buffer head = queue.poll();
            Buffer piece = headOffset == 0 ? head : head.slice(headOffset, head.length());
            headOffset = 0;
            pieces.add(piece);
            taken += piece.length();
            queued -= piece.length();
        }
        resumeIfDrained();
        return pieces;
    }

    private void resumeIfDrained() {
        if (paused && queued < LOW_WATER) {
            paused = false;
            context.runOnContext(v -> response.resume());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, queued);
    }

    /**
     * Waits until {@code bytes} are queued, the body ended, or {@link #BATCH_WAIT_NANOS} passed since
     * the first byte was there (a slow upstream's bytes still flow on): true when any byte is queued,
     * false at the end of the body; throws on a failed transfer or one that stalled (no byte for the
     * stall time).
     */
    private boolean awaitBytes(long bytes) throws IOException {
        long now = System.nanoTime();
        long stallDeadline = now + stallNanos;
        long batchDeadline = 0;
        boolean batching = false;
        long seen = queued;
        wanted = bytes;
        try {
            while (queue.isEmpty() || queued < bytes && !ended && !(batching && now - batchDeadline >= 0)) {
                if (closed) {
                    throw new IOException("upstream body already closed");
                }
                if (failure != null) {
                    throw new UpstreamUnavailableException("upstream transfer for " + repository + " failed: "
                            + failure.getClass().getSimpleName(), failure);
                }
                if (ended) {
                    return false;
                }
                if (queued != seen) {
                    seen = queued;
                    stallDeadline = now + stallNanos;
                }
                if (!queue.isEmpty() && !batching) {
                    batching = true;
                    batchDeadline = now + BATCH_WAIT_NANOS;
                }
                if (stallDeadline - now <= 0) {
                    throw new UpstreamUnavailableException("upstream of " + repository + " timed out mid-transfer");
                }
                long left = batching && batchDeadline - stallDeadline < 0 ? batchDeadline - now : stallDeadline - now;
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UpstreamUnavailableException("interrupted", e);
                }
                now = System.nanoTime();
            }
            return true;
        } finally {
            wanted = 1;
        }
    }

    @Override
    public void close() {
        boolean unread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            unread = !ended;
            queue.clear();
            queued = 0;
            notifyAll();
        }
        if (unread) {
            // The rest of the body is not wanted: the connection cannot be reused, so it is closed.
            context.runOnContext(v -> response.request().reset());
        }
    }
}
