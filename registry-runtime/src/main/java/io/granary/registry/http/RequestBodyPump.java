package io.granary.registry.http;

import io.granary.registry.storage.BlobWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams a request body (or one part of a multipart body) into a {@link BlobWriter} without ever
 * holding it whole.
 *
 * <p>Network buffers are small (tens of KiB); writing each one through the worker pool is what makes
 * naive Vert.x uploads slow (STACK.md). So buffers are gathered into large batches on the event loop
 * and each batch is hashed and written (one gathering write) by one ordered blocking task. At most {@link #MAX_IN_FLIGHT}
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
    private final ReadStream<Buffer> request;
    private final BlobWriter writer;
    private final int batchBytes;
    private final long maxBytes;
    private final Promise<Long> done = Promise.promise();
    private List<Buffer> batch = new ArrayList<>();
    private int batched;
    private long received;
    private int inFlight;
    private boolean ended;

    /** {@code maxBytes} &lt; 0 means unlimited. */
    public RequestBodyPump(Context context, ReadStream<Buffer> request, BlobWriter writer, int batchBytes, long maxBytes) {
        this.context = context;
        this.request = request;
        this.writer = writer;
        this.batchBytes = batchBytes;
        this.maxBytes = maxBytes;
    }

    /** Starts pumping; completes with the number of bytes written once the body ended and all batches are written. */
    public Future<Long> run() {
        OffHeapReads offHeap = OffHeapReads.begin(request);
        if (offHeap != null) {
            done.future().onComplete(ar -> offHeap.end());
        }
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

    /**
     * Network buffers are kept as they are (Vert.x already handed over its own heap copies) and
     * written as one batch, so the event loop does no copying at all.
     */
    private void onData(Buffer data) {
        if (done.future().isComplete()) {
            return;
        }
        received += data.length();
        if (maxBytes >= 0 && received > maxBytes) {
            fail(new TooLarge(maxBytes));
            return;
        }
        batch.add(data);
        batched += data.length();
        if (batched >= batchBytes) {
            flush();
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<Buffer> buffers = batch;
        batch = new ArrayList<>(buffers.size());
        batched = 0;
        inFlight++;
        // Pausing an ended request is an error on HTTP/2; after the end there is nothing to hold back.
        if (inFlight >= MAX_IN_FLIGHT && !ended) {
            request.pause();
        }
        context.<Void>executeBlocking(() -> {
            ByteBuffer[] nio = new ByteBuffer[buffers.size()];
            for (int i = 0; i < nio.length; i++) {
                nio[i] = buffers.get(i).getByteBuf().nioBuffer();
            }
            writer.write(nio, () -> OffHeapReads.release(buffers));
            return null;
        }, true).onComplete(ar -> {
            inFlight--;
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
        if (ended && inFlight == 0 && batch.isEmpty()) {
            done.tryComplete(received);
        }
    }

    private void fail(Throwable cause) {
        if (done.tryFail(cause) && !ended && !(request instanceof HttpServerRequest r && r.isEnded())) {
            // Stop reading: whatever else the client sends is discarded with the connection.
            request.handler(null);
        }
    }
}
