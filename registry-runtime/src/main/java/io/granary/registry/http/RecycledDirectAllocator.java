package io.granary.registry.http;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers for the socket reads of an upload, recycled instead of allocated per read.
 *
 * <p>{@link ByteBuffer#allocateDirect} zeroes every new buffer before the kernel overwrites it: on
 * a 1 GiB PUT that memset cost the event loop more CPU than copying the bytes out of the socket
 * (plus a malloc, a free and a cleaner per 64 KiB read). Buffers whose size is one of the read
 * sizes Netty picks (powers of two from {@link #MIN_RECYCLED} to {@link #MAX_RECYCLED}) go back to
 * a free list when released, up to {@link #MAX_IDLE_BYTES} in all, and are reused as they are.
 *
 * <p>Deliberately not a {@code PooledByteBufAllocator}: Vert.x copies every chunk from such an
 * allocator into a fresh heap buffer, which is the copy {@link OffHeapReads} exists to avoid.
 * Buffers are taken on an event loop and given back on a writer thread, hence the concurrent lists.
 */
final class RecycledDirectAllocator extends AbstractByteBufAllocator {

    static final int MIN_RECYCLED = 16 * 1024;
    static final int MAX_RECYCLED = 1024 * 1024;
    /** Idle memory kept for the next uploads; a few MiB covers the batches of several at once. */
    static final long MAX_IDLE_BYTES = 32L * 1024 * 1024;

    private static final int CLASSES = Integer.numberOfTrailingZeros(MAX_RECYCLED)
            - Integer.numberOfTrailingZeros(MIN_RECYCLED) + 1;

    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedQueue<ByteBuffer>[] idle = new ConcurrentLinkedQueue[CLASSES];
    private final AtomicLong idleBytes = new AtomicLong();

    RecycledDirectAllocator() {
        super(true);
        for (int i = 0; i < CLASSES; i++) {
            idle[i] = new ConcurrentLinkedQueue<>();
        }
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return new RecycledByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** Bytes currently held idle for reuse (for tests and diagnostics). */
    long idleBytes() {
        return idleBytes.get();
    }

    ByteBuffer take(int capacity) {
        int sizeClass = sizeClass(capacity);
        if (sizeClass >= 0) {
            ByteBuffer reused = idle[sizeClass].poll();
            if (reused != null) {
                idleBytes.addAndGet(-capacity);
                return reused.clear();
            }
        }
        return ByteBuffer.allocateDirect(capacity);
    }

    void giveBack(ByteBuffer buffer) {
        int capacity = buffer.capacity();
        int sizeClass = sizeClass(capacity);
        if (sizeClass >= 0 && idleBytes.addAndGet(capacity) <= MAX_IDLE_BYTES) {
            idle[sizeClass].offer(buffer);
            return;
        }
        if (sizeClass >= 0) {
            idleBytes.addAndGet(-capacity);
        }
        PlatformDependent.freeDirectBuffer(buffer);
    }

    private static int sizeClass(int capacity) {
        if (capacity < MIN_RECYCLED || capacity > MAX_RECYCLED || Integer.bitCount(capacity) != 1) {
            return -1;
        }
        return Integer.numberOfTrailingZeros(capacity) - Integer.numberOfTrailingZeros(MIN_RECYCLED);
    }

    /** An unpooled direct buffer whose memory comes from, and returns to, the allocator's free lists. */
    private static final class RecycledByteBuf extends UnpooledDirectByteBuf {

        RecycledByteBuf(ByteBufAllocator alloc, int initialCapacity, int maxCapacity) {
            super(alloc, initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuffer allocateDirect(int initialCapacity) {
            // Called from the super constructor: alloc() is set by then, fields of this class are not.
            return ((RecycledDirectAllocator) alloc()).take(initialCapacity);
        }

        @Override
        protected void freeDirect(ByteBuffer buffer) {
            ((RecycledDirectAllocator) alloc()).giveBack(buffer);
        }
    }
}
