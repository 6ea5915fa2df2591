package io.granary.registry.http;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One response's body copied out of a local file: positional reads into pooled direct buffers, each
 * handed to the response as it is and released once its write is done.
 *
 * <p>Ownership: {@link Buffer#buffer(ByteBuf)} wraps the buffer without a copy, and Vert.x 4.5
 * passes Netty an <em>unreleasable</em> view of it, so neither Vert.x nor Netty ever releases it.
 * This class does, exactly once, in the write's completion, which Netty signals on success and on
 * failure alike (a closed connection fails every pending write), or at once when the response
 * refused the write. No buffer is held between turns, so an abandoned send holds nothing.
 *
 * <p>The reads run on the event loop, between writes, as Netty's own {@code ChunkedNioFile} does for
 * TLS {@code sendFile}: a blob being served sits in the page cache, where a 256 KiB read is a
 * memory copy of a few dozen microseconds, cheaper than handing every chunk to a worker and back.
 * A read that does reach the disk blocks this loop for that one read.
 */
final class FileCopySend {

    /** Chunks written per event-loop turn before yielding, so one fast reader cannot hold the loop. */
    private static final int CHUNKS_PER_TURN = 16;

    private final Context context;
    private final HttpServerResponse response;
    private final SendBuffers buffers;
    private final FileChannel file;
    private final long end;
    private final Promise<Void> done = Promise.promise();
    private long position;
    private boolean finished;

    private FileCopySend(Context context, HttpServerResponse response, SendBuffers buffers, FileChannel file,
                         long offset, long length) {
        this.context = context;
        this.response = response;
        this.buffers = buffers;
        this.file = file;
        this.position = offset;
        this.end = offset + length;
    }

    /** Sends {@code length} bytes of {@code path} from {@code offset}; status and headers must be set. */
    static Future<Void> send(Context context, HttpServerResponse response, SendBuffers buffers, Path path,
                             long offset, long length) {
        FileChannel file;
        try {
            file = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        response.putHeader("Content-Length", Long.toString(length));
        FileCopySend send = new FileCopySend(context, response, buffers, file, offset, length);
        context.runOnContext(v -> send.pump());
        return send.done.future();
    }

    private void pump() {
        for (int turn = 0; !finished && position < end && !response.writeQueueFull(); turn++) {
            if (turn == CHUNKS_PER_TURN) {
                context.runOnContext(v -> pump());
                return;
            }
            ByteBuf chunk = buffers.take((int) Math.min(SendBuffers.CHUNK_BYTES, end - position));
            try {
                readFully(chunk);
            } catch (IOException | RuntimeException e) {
                chunk.release();
                finish(e);
                return;
            }
            write(chunk);
        }
        if (finished) {
            return;
        }
        if (position < end) {
            // A closed connection fails the pending writes, which finishes this send; no close handler needed.
            try {
                response.drainHandler(v -> pump());
            } catch (IllegalStateException e) {
                // Something else ended the response meanwhile; the writes in flight still release their buffers.
                finish(e);
            }
            return;
        }
        Future<Void> ended;
        try {
            ended = response.end();
        } catch (IllegalStateException e) {
            // The stream was reset or the response ended while the last writes were in flight (an
            // HTTP/2 client that went away): nothing to end, but the file must still be closed.
            finish(e);
            return;
        }
        ended.onComplete(ar -> finish(ar.cause()));
    }

    private void readFully(ByteBuf chunk) throws IOException {
        int wanted = chunk.writableBytes();
        while (chunk.writableBytes() > 0) {
            int n = chunk.writeBytes(file, position + chunk.readableBytes(), chunk.writableBytes());
            if (n < 0) {
                throw new EOFException("blob file ended " + (wanted - chunk.readableBytes())
                        + " bytes early at offset " + (position + chunk.readableBytes()));
            }
        }
        position += wanted;
    }

    private void write(ByteBuf chunk) {
        Future<Void> written;
        try {
            written = response.write(Buffer.buffer(chunk));
        } catch (RuntimeException e) {
            // The response refused the chunk (already ended): it never reached Netty.
            chunk.release();
            finish(e);
            return;
        }
        written.onComplete(ar -> {
            chunk.release();
            if (ar.failed()) {
                finish(ar.cause());
            }
        });
    }

    private void finish(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        try {
            file.close();
        } catch (IOException e) {
            failure = failure != null ? failure : e;
        }
        if (failure != null && !response.headWritten()) {
            // The caller answers with an error of its own length instead.
            response.headers().remove("Content-Length");
        }
        if (failure == null) {
            done.complete();
        } else {
            done.fail(failure);
        }
    }
}
