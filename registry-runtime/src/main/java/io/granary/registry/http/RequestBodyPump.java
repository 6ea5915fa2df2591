package io.granary.registry.http;

import io.granary.registry.storage.BlobWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Streams a request body into a {@link BlobWriter} without ever holding it whole.
 *
 * <p>Network buffers are small (tens of KiB); writing each one through the worker pool is what makes
 * naive Vert.x uploads slow (STACK.md). So bytes are gathered into large batches on the event loop
 * and each batch is hashed and written by one ordered blocking task. At most {@link #MAX_IN_FLIGHT}
 * batches wait; beyond that the request is paused, which bounds memory whatever the body size.
 */
public final class RequestBodyPump {

    /** Thrown (as the failure of {@link #run}) when the body exceeds the allowed size. */
    public static final class TooLarge extends RuntimeException {
        private final long limit;

        public TooLarge(long limit) {
            super("body exceeds " + limit + " bytes", null, false, false);
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    private static final int MAX_IN_FLIGHT = 2;

    private final Context context;
    private final HttpServerRequest request;
    private final BlobWriter writer;
    private final int batchBytes;
    private final long maxBytes;
    private final Promise<Long> done = Promise.promise();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private byte[] batch;
    private int filled;
    private long received;
    private int inFlight;
    private boolean ended;

    /** {@code maxBytes} &lt; 0 means unlimited. */
    public RequestBodyPump(Context context, HttpServerRequest request, BlobWriter writer, int batchBytes, long maxBytes) {
        this.context = context;
        this.request = request;
        this.writer = writer;
        this.batchBytes = batchBytes;
        this.maxBytes = maxBytes;
    }

    /** Starts pumping; completes with the number of bytes written once the body ended and all batches are written. */
    public Future<Long> run() {
        request.handler(this::onData);
        request.exceptionHandler(this::fail);
        request.endHandler(v -> {
            ended = true;
            flush();
            completeIfDone();
        });
        request.resume();
        return done.future();
    }

    private void onData(Buffer data) {
        if (done.future().isComplete()) {
            return;
        }
        received += data.length();
        if (maxBytes >= 0 && received > maxBytes) {
            fail(new TooLarge(maxBytes));
            return;
        }
        int pos = 0;
        while (pos < data.length()) {
            if (batch == null) {
                batch = free.isEmpty() ? new byte[batchBytes] : free.poll();
                filled = 0;
            }
            int n = Math.min(batchBytes - filled, data.length() - pos);
            data.getBytes(pos, pos + n, batch, filled);
            filled += n;
            pos += n;
            if (filled == batchBytes) {
                flush();
            }
        }
    }

    private void flush() {
        if (batch == null || filled == 0) {
            return;
        }
        byte[] bytes = batch;
        int length = filled;
        batch = null;
        filled = 0;
        inFlight++;
        if (inFlight >= MAX_IN_FLIGHT) {
            request.pause();
        }
        context.<Void>executeBlocking(() -> {
            writer.write(ByteBuffer.wrap(bytes, 0, length));
            return null;
        }, true).onComplete(ar -> {
            inFlight--;
            if (free.size() < MAX_IN_FLIGHT + 1) {
                free.push(bytes);
            }
            if (ar.failed()) {
                fail(ar.cause());
                return;
            }
            if (!ended && inFlight < MAX_IN_FLIGHT && !done.future().isComplete()) {
                request.resume();
            }
            completeIfDone();
        });
    }

    private void completeIfDone() {
        if (ended && inFlight == 0 && batch == null) {
            done.tryComplete(received);
        }
    }

    private void fail(Throwable cause) {
        if (done.tryFail(cause)) {
            // Stop reading: whatever else the client sends is discarded with the connection.
            request.handler(null);
        }
    }
}
