package io.granary.registry.storage.filesystem;

import io.granary.registry.storage.hashing.ChecksumHex;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a {@link FilesystemBlobStore} keeps things below its root:
 * {@code blobs/sha256/ab/<hex>}, {@code tmp/<uuid>} and {@code uploads/<session>/<offset>}.
 *
 * <p>All three areas live on one file system so a rename from {@code tmp} is atomic.
 */
final class FilesystemLayout {

    private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CHUNK_NAME = Pattern.compile("[0-9]{20}");

    private final Path root;
    private final Path blobs;
    private final Path tmp;
    private final Path uploads;
    private final FilesystemSync sync;
    private final long directWriteMemory;
    private StagingBuffers staging;

    /** {@code directWriteMemory}: the most memory staging buffers of direct writes may take (0 = none). */
    FilesystemLayout(Path root, FilesystemSync sync, long directWriteMemory) {
        this.sync = sync;
        this.directWriteMemory = directWriteMemory;
        this.root = root.toAbsolutePath().normalize();
        this.blobs = this.root.resolve("blobs").resolve("sha256");
        this.tmp = this.root.resolve("tmp");
        this.uploads = this.root.resolve("uploads");
    }

    void createDirectories() throws IOException {
        Files.createDirectories(blobs);
        Files.createDirectories(tmp);
        Files.createDirectories(uploads);
        // Decided once the temporary directory exists: whether its file system takes direct writes.
        staging = sync.forces() ? StagingBuffers.forDirectory(tmp, directWriteMemory) : null;
    }

    /** Buffers for direct writes of temporary files; null when uploads go through the page cache. */
    StagingBuffers staging() {
        return staging;
    }

    Path root() {
        return root;
    }

    Path blobsDir() {
        return blobs;
    }

    Path tmpDir() {
        return tmp;
    }

    Path uploadsDir() {
        return uploads;
    }

    Path blob(String sha256) {
        ChecksumHex.requireSha256(sha256);
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    Path newTempFile() {
        return tmp.resolve(UUID.randomUUID().toString());
    }

    static String newSessionId() {
        return UUID.randomUUID().toString();
    }

    /** True for ids this store hands out; anything else (e.g. "../x") must never become a path. */
    static boolean isSessionId(String sessionId) {
        return sessionId != null && SESSION_ID.matcher(sessionId).matches();
    }

    Path session(String sessionId) {
        if (!isSessionId(sessionId)) {
            throw new IllegalArgumentException("not an upload session id");
        }
        return uploads.resolve(sessionId);
    }

    Path chunk(String sessionId, long offset) {
        // Zero padding makes name order equal offset order.
        return session(sessionId).resolve(String.format("%020d", offset));
    }

    /** Start offset of a chunk file, or empty for anything else found in a session directory. */
    static OptionalLong chunkOffset(Path file) {
        String name = file.getFileName().toString();
        return CHUNK_NAME.matcher(name).matches() ? OptionalLong.of(Long.parseLong(name)) : OptionalLong.empty();
    }

    FilesystemSync sync() {
        return sync;
    }

    /** Makes a rename or unlink in {@code dir} durable; without it a crash can forget the entry. */
    void syncDirectory(Path dir) throws IOException {
        if (!sync.forces()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
