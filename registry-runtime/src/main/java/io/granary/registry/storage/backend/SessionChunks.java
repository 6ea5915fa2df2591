package io.granary.registry.storage.backend;

import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/** Rules and plumbing shared by every backend's upload sessions when they turn chunks into a blob. */
public final class SessionChunks {

    /** Copy buffer size: large enough that writers see the same ~1 MiB batches as an HTTP upload. */
    private static final int BUFFER_SIZE = 1 << 20;

    private SessionChunks() {
    }

    /**
     * Fails when the chunks (start offset to size, in order) do not tile the upload without gaps or
     * overlaps; that can only follow a manual edit or a bug, and must not produce a blob.
     */
    public static void requireContiguous(String sessionId, SortedMap<Long, Long> chunks) throws IOException {
        long expectedOffset = 0;
        for (Map.Entry<Long, Long> chunk : chunks.entrySet()) {
            if (chunk.getKey() != expectedOffset) {
                throw new IOException("upload session " + sessionId + " is corrupt: chunk at "
                        + chunk.getKey() + " but previous chunks end at " + expectedOffset);
            }
            expectedOffset += chunk.getValue();
        }
    }

    /** Opens the bytes of one stored chunk. */
    @FunctionalInterface
    public interface ChunkOpener {
        InputStream open(long offset, long size) throws IOException;
    }

    /**
     * Re-reads and re-hashes the chunks (start offset to size) in order into a new blob of
     * {@code store} and commits it against {@code expected}. Re-hashing what is stored is what lets
     * any process finish a session (see UploadSessionStore).
     */
    public static CommittedBlob concatenate(BlobStore store, String sessionId, SortedMap<Long, Long> chunks,
                                            ExpectedChecksums expected, Set<ChecksumAlgorithm> extraAlgorithms,
                                            ChunkOpener opener) throws IOException {
        requireContiguous(sessionId, chunks);
        EnumSet<ChecksumAlgorithm> algorithms = EnumSet.noneOf(ChecksumAlgorithm.class);
        algorithms.addAll(extraAlgorithms);
        algorithms.addAll(expected.values().keySet());
        byte[] buffer = newCopyBuffer();
        try (BlobWriter writer = store.openWriter(algorithms)) {
            for (Map.Entry<Long, Long> chunk : chunks.entrySet()) {
                if (chunk.getValue() == 0) {
                    continue;
                }
                try (InputStream in = opener.open(chunk.getKey(), chunk.getValue())) {
                    copy(in, writer, buffer);
                }
            }
            return writer.commit(expected);
        }
    }

    /** A buffer for {@link #copy}; one per completion, reused for all of its chunks. */
    public static byte[] newCopyBuffer() {
        return new byte[BUFFER_SIZE];
    }

    /** Streams {@code in} into {@code writer} in batches of up to {@code buffer.length} bytes. */
    public static void copy(InputStream in, BlobWriter writer, byte[] buffer) throws IOException {
        int read;
        while ((read = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            writer.write(ByteBuffer.wrap(buffer, 0, read));
        }
    }
}
