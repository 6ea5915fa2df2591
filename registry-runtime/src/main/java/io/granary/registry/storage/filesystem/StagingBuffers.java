package io.granary.registry.storage.filesystem;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * A bounded pool of direct buffers aligned for {@code O_DIRECT} writes to one file system: the
 * memory {@link DirectWrites} stages uploads in. Buffers are made on first need and kept for reuse,
 * never more than the pool's budget; when all are lent, new uploads go through the page cache.
 */
final class StagingBuffers {

    private static final Logger LOG = Logger.getLogger(StagingBuffers.class);

    /** One disk write: large enough that the per-request cost of a direct write disappears. */
    static final int BUFFER_BYTES = 4 << 20;

    private final int alignment;
    private final int maxBuffers;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int made;

    StagingBuffers(int alignment, int maxBuffers) {
        this.alignment = alignment;
        this.maxBuffers = maxBuffers;
    }

    /**
     * A pool of at most {@code memoryBytes} for files in {@code dir}, or null when that budget is below
     * {@link DirectWrites#MIN_BUFFERS} buffers or the file system refuses direct writes (tmpfs, some
     * network file systems): uploads then go through the page cache as before.
     */
    static StagingBuffers forDirectory(Path dir, long memoryBytes) {
        int buffers = (int) Math.min(Integer.MAX_VALUE, memoryBytes / BUFFER_BYTES);
        if (buffers < DirectWrites.MIN_BUFFERS) {
            return null;
        }
        try {
            int alignment = Math.toIntExact(Files.getFileStore(dir).getBlockSize());
            probe(dir, alignment);
            return new StagingBuffers(alignment, buffers);
        } catch (IOException | RuntimeException e) {
            LOG.infof("Direct writes unavailable in %s (%s); uploads are written through the page cache",
                    dir, e.toString());
            return null;
        }
    }

    /** Writes one aligned block with O_DIRECT, as every upload would, and removes the file. */
    private static void probe(Path dir, int alignment) throws IOException {
        Path file = Files.createTempFile(dir, "direct-probe", null);
        try (FileChannel channel = DirectWrites.openDirect(file)) {
            ByteBuffer block = ByteBuffer.allocateDirect(2 * alignment).alignedSlice(alignment);
            block.limit(alignment);
            channel.write(block, 0);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    int alignment() {
        return alignment;
    }

    /** An empty buffer of {@link #BUFFER_BYTES}, or null when the budget is lent out. */
    synchronized ByteBuffer tryTake() {
        if (!free.isEmpty()) {
            return free.pop();
        }
        if (made >= maxBuffers) {
            return null;
        }
        made++;
        return ByteBuffer.allocateDirect(BUFFER_BYTES + alignment).alignedSlice(alignment);
    }

    /** Returns a buffer no write uses any more. */
    synchronized void giveBack(ByteBuffer buffer) {
        buffer.clear();
        free.push(buffer);
    }

    /** Buffers currently lent out. */
    synchronized int lent() {
        return made - free.size();
    }
}
