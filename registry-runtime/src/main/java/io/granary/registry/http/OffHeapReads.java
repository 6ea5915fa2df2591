package io.granary.registry.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.streams.ReadStream;
import java.util.List;

/**
 * Lets a large upload reach the blob store without Vert.x's copy of every network chunk.
 *
 * <p>Vert.x copies each chunk read with a pooled allocator into a fresh heap buffer (its
 * "safe buffer"), which on a 1 GiB PUT costs the event loop about half its time, and the file
 * write then copies the heap bytes into a direct buffer again. While a body is pumped, the
 * connection reads with a {@link RecycledDirectAllocator} instead: Vert.x hands those chunks over
 * as they are, and the pump gives each one back as soon as the store has written it (see
 * {@link io.granary.registry.storage.BlobWriter#write(java.nio.ByteBuffer[], Runnable)}), so memory
 * stays bounded by the batches in flight. A chunk that escapes that path (a failed upload) is
 * still freed by the garbage collector through its cleaner.
 *
 * <p>Uses Vert.x's internal {@link ConnectionBase} to reach the channel; where the stream is not
 * such a connection's request (HTTP/2 multiplexing aside, a multipart part), nothing changes.
 */
final class OffHeapReads {

    /** Direct, not pooled in Netty's sense (see {@link RecycledDirectAllocator}), recycled on release. */
    private static final ByteBufAllocator DIRECT = new RecycledDirectAllocator();

    private final Channel channel;
    private final ByteBufAllocator previous;

    private OffHeapReads(Channel channel) {
        this.channel = channel;
        this.previous = channel.config().getAllocator();
    }

    /** Switches the connection behind {@code stream} to direct reads, or returns null when it cannot. */
    static OffHeapReads begin(ReadStream<Buffer> stream) {
        if (!(stream instanceof io.vertx.core.http.HttpServerRequest request)
                || request.version() == io.vertx.core.http.HttpVersion.HTTP_2
                || !(request.connection() instanceof ConnectionBase connection)) {
            return null;
        }
        Channel channel = connection.channel();
        if (!(channel.config().getAllocator() instanceof PooledByteBufAllocator)
                && channel.config().getAllocator() != DIRECT) {
            return null;
        }
        OffHeapReads reads = new OffHeapReads(channel);
        channel.config().setAllocator(DIRECT);
        return reads;
    }

    /** Restores the connection's allocator for the requests that follow on it. */
    void end() {
        if (channel.config().getAllocator() == DIRECT && previous != DIRECT) {
            channel.config().setAllocator(previous);
        }
    }

    /**
     * Frees the direct chunks among {@code buffers}; heap copies are left to the garbage collector.
     * Vert.x hands out its buffers wrapped as unreleasable; the view inside shares the chunk's
     * reference count, so releasing it once frees the chunk.
     */
    static void release(List<Buffer> buffers) {
        for (Buffer buffer : buffers) {
            ByteBuf view = buffer.getByteBuf();
            ByteBuf chunk = view.unwrap() != null ? view.unwrap() : view;
            if (chunk.alloc() == DIRECT && chunk.refCnt() > 0) {
                chunk.release();
            }
        }
    }
}
