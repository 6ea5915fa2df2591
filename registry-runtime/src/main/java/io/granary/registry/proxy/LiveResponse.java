package io.granary.registry.proxy;

import io.granary.registry.http.StoredAssetResponder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;

/**
 * One client's answer streamed from a {@link LiveFetch}: the headers with the upstream's length go out
 * first, each chunk is written on the request's own context as it arrives, and a failed transfer
 * closes the connection (HTTP/1.1) or resets the stream (HTTP/2) before the announced length is
 * reached, so the client sees a truncated transfer, never a complete answer.
 */
final class LiveResponse implements LiveFetch.Listener {

    /** Bytes a client may have queued before the fetch waits for it. */
    private static final long HIGH_WATER = 8L * 1024 * 1024;

    private final RoutingContext ctx;
    private final Context context;
    private final LiveFetch fetch;
    private final Consumer<Throwable> beforeBytes;
    private long pending;
    private boolean closed;

    private LiveResponse(RoutingContext ctx, LiveFetch fetch, Consumer<Throwable> beforeBytes) {
        this.ctx = ctx;
        this.context = Vertx.currentContext();
        this.fetch = fetch;
        this.beforeBytes = beforeBytes;
    }

    /**
     * Sends the headers and follows the fetch; false (nothing sent) when the request cannot follow it
     * any more and must be served from the stored copy. Call on the request's context, with any
     * format headers already set. {@code beforeBytes} answers a failure that comes before any byte went out.
     */
    static boolean start(RoutingContext ctx, LiveFetch fetch, LiveFetch.Head head,
                         Consumer<Throwable> beforeBytes) {
        LiveResponse live = new LiveResponse(ctx, fetch, beforeBytes);
        HttpServerResponse response = ctx.response();
        response.setStatusCode(200)
                .putHeader("Content-Length", Long.toString(head.length()))
                .putHeader("Content-Type", head.contentType())
                .putHeader("Last-Modified", StoredAssetResponder.httpDate(head.answeredAt()))
                // This answer is whole, but the copy being stored serves ranges from the next request on.
                .putHeader("Accept-Ranges", "bytes");
        // The checksum headers the stored copy will have, as far as the upstream published them.
        head.published().values().forEach((algorithm, hex) -> {
            switch (algorithm) {
                case SHA256 -> response.putHeader("ETag", "\"" + hex + "\"").putHeader("X-Checksum-Sha256", hex);
                case SHA1 -> response.putHeader("X-Checksum-Sha1", hex);
                case MD5 -> response.putHeader("X-Checksum-Md5", hex);
                default -> { }
            }
        });
        response.closeHandler(v -> live.close());
        if (!fetch.attach(live)) {
            response.closeHandler(null);
            response.headers().remove("Content-Length");
            return false;
        }
        return true;
    }

    @Override
    public void chunk(Buffer chunk) {
        int length = chunk.length();
        synchronized (this) {
            if (closed) {
                return;
            }
            pending += length;
        }
        context.runOnContext(v -> {
            if (ctx.response().closed() || ctx.response().ended()) {
                close();
                return;
            }
            ctx.response().write(chunk).onComplete(ar -> written(length));
        });
    }

    @Override
    public void finished() {
        context.runOnContext(v -> {
            if (!ctx.response().closed() && !ctx.response().ended()) {
                ctx.response().end();
            }
        });
    }

    @Override
    public void failed(Throwable cause) {
        context.runOnContext(v -> {
            HttpServerResponse response = ctx.response();
            if (response.closed() || response.ended()) {
                return;
            }
            if (!response.headWritten()) {
                // Nothing went out yet (the body fit in the held-back chunk): a plain error still fits.
                response.headers().remove("Content-Length");
                beforeBytes.accept(cause);
                return;
            }
            if (ctx.request().version() == HttpVersion.HTTP_2) {
                response.reset();
            } else {
                ctx.request().connection().close();
            }
        });
        close();
    }

    @Override
    public synchronized boolean drain(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!closed && pending > HIGH_WATER) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private synchronized void written(long length) {
        pending -= length;
        notifyAll();
    }

    private void close() {
        synchronized (this) {
            closed = true;
            pending = 0;
            notifyAll();
        }
        fetch.detach(this);
    }
}
