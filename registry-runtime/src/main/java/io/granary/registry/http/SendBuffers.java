package io.granary.registry.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pool of direct buffers a copying send reads file bytes into; every buffer taken must be
 * released exactly once, after the socket write that carried it completed or failed.
 *
 * <p>Its own pool rather than Netty's shared one, so that {@link #inUse()} counts exactly the
 * buffers of sends under way (tests and the {@code granary.http.send.buffers} gauge watch it return
 * to zero). Buffers of {@link #CHUNK_BYTES} are above Netty's thread-cache limit (32 KiB), so every
 * release really returns to the arena and the arena's counts are exact.
 */
@ApplicationScoped
public class SendBuffers {

    /**
     * Bytes read from the file per write. 256 KiB rather than nginx's 32 KiB or 64 KiB: fewer reads,
     * writes and receiver wake-ups per GiB; in generic-bench runs at load 12–15, 64 KiB cost curl
     * 0.58 s of CPU per GiB against 0.43 s at 256 KiB, the server about the same (e2e/bench/README.md).
     */
    static final int CHUNK_BYTES = 256 * 1024;

    private static final int PAGE_SIZE = 8192;
    /** 8 KiB pages, order 9: 4 MiB chunks, each holding sixteen 256 KiB buffers. */
    private static final int MAX_ORDER = 9;

    private final PooledByteBufAllocator pool = new PooledByteBufAllocator(true, 0,
            Math.max(1, Runtime.getRuntime().availableProcessors()), PAGE_SIZE, MAX_ORDER, 0, 0, false);

    SendBuffers(MeterRegistry meters) {
        Gauge.builder("granary.http.send.buffers", this, SendBuffers::inUse)
                .description("Direct buffers of copying blob sends in flight")
                .register(meters);
    }

    /** A direct buffer with room for {@code bytes} bytes; the caller owns it and must release it. */
    ByteBuf take(int bytes) {
        return pool.directBuffer(bytes, bytes);
    }

    /** Buffers taken and not yet released. */
    public long inUse() {
        long active = 0;
        for (PoolArenaMetric arena : pool.metric().directArenas()) {
            active += arena.numActiveAllocations();
        }
        return active;
    }

    /** Buffers taken since start, released or not. */
    public long taken() {
        long taken = 0;
        for (PoolArenaMetric arena : pool.metric().directArenas()) {
            taken += arena.numAllocations();
        }
        return taken;
    }
}
