package io.granary.registry.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecycledDirectAllocatorTest {

    private final RecycledDirectAllocator allocator = new RecycledDirectAllocator();

    @Test
    void aReleasedReadBufferIsReusedWithItsBytesUntouched() {
        ByteBuf first = allocator.ioBuffer(64 * 1024, 64 * 1024);
        long memory = address(first);
        first.writeBytes(new byte[] {1, 2, 3});
        first.release();
        assertThat(allocator.idleBytes()).isEqualTo(64 * 1024);

        ByteBuf second = allocator.ioBuffer(64 * 1024, 64 * 1024);
        assertThat(address(second)).isEqualTo(memory);
        // Reused as is, not zeroed: the kernel overwrites what a read needs.
        assertThat(second.getByte(1)).isEqualTo((byte) 2);
        assertThat(second.readableBytes()).isZero();
        assertThat(allocator.idleBytes()).isZero();
        second.release();
    }

    private static long address(ByteBuf buffer) {
        return PlatformDependent.directBufferAddress(buffer.nioBuffer(0, buffer.capacity()));
    }

    @Test
    void buffersVertxWouldCopyAreNeverHandedOut() {
        ByteBuf buffer = allocator.ioBuffer(1024);
        // Vert.x copies chunks of PooledByteBufAllocator to the heap; these must reach the store as they are.
        assertThat(buffer.alloc()).isNotInstanceOf(PooledByteBufAllocator.class);
        assertThat(buffer.isDirect()).isTrue();
        buffer.release();
    }

    @Test
    void oddSizesAreFreedAndIdleMemoryIsBounded() {
        allocator.ioBuffer(100_000, 100_000).release();
        assertThat(allocator.idleBytes()).isZero();

        List<ByteBuf> held = new ArrayList<>();
        int count = (int) (RecycledDirectAllocator.MAX_IDLE_BYTES / RecycledDirectAllocator.MAX_RECYCLED) + 8;
        for (int i = 0; i < count; i++) {
            held.add(allocator.ioBuffer(RecycledDirectAllocator.MAX_RECYCLED, RecycledDirectAllocator.MAX_RECYCLED));
        }
        held.forEach(ByteBuf::release);
        assertThat(allocator.idleBytes()).isEqualTo(RecycledDirectAllocator.MAX_IDLE_BYTES);
    }
}
