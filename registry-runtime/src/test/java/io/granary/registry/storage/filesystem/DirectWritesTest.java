package io.granary.registry.storage.filesystem;

import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ExpectedChecksums;
import io.granary.registry.storage.ChecksumAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Durable uploads written with O_DIRECT: whole and byte-exact at every length around the block and
 * staging-buffer bounds, through both write paths, with failures and the memory budget handled.
 * Runs in a directory under the module's build output, on the disk the checkout lives on (a tmpfs
 * /tmp would refuse direct I/O); that file system must accept it (ext4, xfs): the first test fails
 * otherwise, rather than testing the page-cache path twice.
 */
class DirectWritesTest {

    private static final int MIB = 1 << 20;

    @TempDir(factory = UnderBuildDirectory.class)
    Path dir;

    private StagingBuffers buffers;

    @BeforeEach
    void pool() {
        buffers = StagingBuffers.forDirectory(dir, 4L * StagingBuffers.BUFFER_BYTES);
        assertThat(buffers).as("direct I/O in %s", dir).isNotNull();
    }

    @Test
    void aDurableStoreWritesBlobsDirectlyUnlessItsBudgetIsZeroOrItDoesNotSync() throws Exception {
        FilesystemBlobStore store = new FilesystemBlobStore(dir.resolve("a"));
        try (BlobWriter writer = store.openWriter(Set.of())) {
            assertThat(((FilesystemBlobWriter) writer).writesDirect()).isTrue();
        }
        // Session chunks are read back when the session completes: they stay in the page cache.
        try (BlobWriter chunk = store.uploads().appendChunk(store.uploads().create(), 0)) {
            assertThat(((FilesystemBlobWriter) chunk).writesDirect()).isFalse();
        }
        try (BlobWriter writer = new FilesystemBlobStore(dir.resolve("b"), FilesystemSync.COMMIT, 0).openWriter(Set.of())) {
            assertThat(((FilesystemBlobWriter) writer).writesDirect()).isFalse();
        }
        try (BlobWriter writer = new FilesystemBlobStore(dir.resolve("c"), FilesystemSync.NONE).openWriter(Set.of())) {
            assertThat(((FilesystemBlobWriter) writer).writesDirect()).isFalse();
        }
    }

    @Test
    void filesOfEveryLengthAroundTheBlockAndBufferBoundsAreStoredWhole() throws Exception {
        int block = buffers.alignment();
        int buffer = StagingBuffers.BUFFER_BYTES;
        for (int length : new int[] {0, 1, block - 1, block, block + 1, buffer - 1, buffer, buffer + 1,
                2 * buffer + block, 9 * MIB + 123}) {
            byte[] content = random(length);
            assertThat(storeAndRead(content, true)).as("%d bytes, network batches", length).isEqualTo(content);
            assertThat(storeAndRead(content, false)).as("%d bytes, single writes", length).isEqualTo(content);
            assertThat(buffers.lent()).as("buffers lent after %d bytes", length).isZero();
        }
    }

    @Test
    void uploadsBeyondTheMemoryBudgetGoThroughThePageCacheAndStayWhole() throws Exception {
        buffers = new StagingBuffers(buffers.alignment(), 2);
        byte[] content = random(3 * StagingBuffers.BUFFER_BYTES + 5);
        AtomicReference<Path> first = new AtomicReference<>();
        AtomicReference<Path> second = new AtomicReference<>();
        AtomicReference<Path> third = new AtomicReference<>();
        try (FilesystemBlobWriter a = writer(first); FilesystemBlobWriter b = writer(second);
             FilesystemBlobWriter c = writer(third)) {
            assertThat(a.writesDirect()).isTrue();
            assertThat(b.writesDirect()).isTrue();
            assertThat(c.writesDirect()).as("no buffer left for a third upload").isFalse();
            // Interleaved: each direct writer finds the pool empty and reuses its own buffer.
            for (int at = 0; at < content.length; at += MIB) {
                ByteBuffer piece = ByteBuffer.wrap(content, at, Math.min(MIB, content.length - at));
                for (FilesystemBlobWriter w : new FilesystemBlobWriter[] {a, b, c}) {
                    w.write(piece.duplicate());
                }
            }
            for (FilesystemBlobWriter w : new FilesystemBlobWriter[] {a, b, c}) {
                w.commit(sha256Of(content));
            }
        }
        for (AtomicReference<Path> stored : java.util.List.of(first, second, third)) {
            assertThat(Files.readAllBytes(stored.get())).isEqualTo(content);
        }
        assertThat(buffers.lent()).isZero();
    }

    @Test
    void anAbortedUploadLeavesNoFileAndReturnsItsBuffers() throws Exception {
        AtomicReference<Path> published = new AtomicReference<>();
        FilesystemBlobWriter writer = writer(published);
        writer.write(new ByteBuffer[] {ByteBuffer.wrap(random(9 * MIB + 1))});
        writer.abort();
        assertThat(published.get()).isNull();
        try (var left = Files.list(dir.resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
        assertThat(buffers.lent()).isZero();
    }

    @Test
    void aFailedDiskWriteFailsTheWritesAndReturnsTheBuffers() throws Exception {
        Path file = dir.resolve("failing");
        Files.createFile(file);
        // The fault: a disk write that fails on the writing thread. A channel opened without write
        // access fails every write for real, which no healthy disk here would do on demand.
        try (FileChannel readOnly = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel tail = FileChannel.open(file, StandardOpenOption.WRITE)) {
            DirectWrites writes = DirectWrites.over(readOnly, tail, buffers);
            assertThat(writes).isNotNull();
            ByteBuffer body = ByteBuffer.wrap(random(3 * StagingBuffers.BUFFER_BYTES));
            assertThatThrownBy(() -> {
                writes.append(body);
                writes.finish();
            }).isInstanceOf(IOException.class);
            writes.abandon();
        }
        assertThat(buffers.lent()).isZero();
    }

    @Test
    void aCommitThatCannotPublishFailsAndReturnsTheBuffers() throws Exception {
        AtomicReference<Path> published = new AtomicReference<>();
        FilesystemBlobWriter writer = writer(published);
        writer.write(ByteBuffer.wrap(random(StagingBuffers.BUFFER_BYTES + 1)));
        // A real failure after the direct writes finished: the temporary file was removed behind the
        // writer, so the commit's move into place fails.
        try (var files = Files.list(dir.resolve("tmp"))) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        assertThatThrownBy(() -> writer.commit(ExpectedChecksums.NONE)).isInstanceOf(IOException.class);
        assertThat(published.get()).isNull();
        assertThat(buffers.lent()).isZero();
    }

    private byte[] storeAndRead(byte[] content, boolean batches) throws Exception {
        AtomicReference<Path> published = new AtomicReference<>();
        try (FilesystemBlobWriter writer = writer(published)) {
            assertThat(writer.writesDirect()).isTrue();
            // Odd piece sizes, as network reads come: no piece is aligned to anything.
            int at = 0;
            for (int piece = 1; at < content.length; piece = piece * 3 + 7) {
                int n = Math.min(piece % (3 * MIB) + 1, content.length - at);
                if (batches) {
                    writer.write(new ByteBuffer[] {ByteBuffer.wrap(content, at, n / 2),
                            ByteBuffer.wrap(content, at + n / 2, n - n / 2)});
                } else {
                    writer.write(ByteBuffer.wrap(content, at, n));
                }
                at += n;
            }
            writer.commit(sha256Of(content));
        }
        return Files.readAllBytes(published.get());
    }

    /** A durable writer in dir/tmp whose commit moves the file to dir/published-N. */
    private FilesystemBlobWriter writer(AtomicReference<Path> published) throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        Path temp = dir.resolve("tmp").resolve(java.util.UUID.randomUUID().toString());
        return new FilesystemBlobWriter(temp, FilesystemSync.COMMIT, buffers, Set.of(), (file, checksums, size) -> {
            Path target = dir.resolve("published-" + java.util.UUID.randomUUID());
            Files.move(file, target);
            published.set(target);
        });
    }

    private static ExpectedChecksums sha256Of(byte[] content) throws Exception {
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        return new ExpectedChecksums(Map.of(ChecksumAlgorithm.SHA256, hex));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    /** Temporary directories under {@code target/}, which is on the checkout's disk. */
    static final class UnderBuildDirectory implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "direct-writes-");
        }
    }
}
