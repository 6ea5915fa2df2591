package io.granary.registry.storage.filesystem;

import io.granary.registry.storage.BlobContent;
import io.granary.registry.storage.BlobNotFoundException;
import io.granary.registry.storage.BlobRanges;
import io.granary.registry.storage.BlobStat;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.Checksums;
import io.granary.registry.storage.UploadSessionStore;
import io.granary.registry.storage.hashing.ChecksumHex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link BlobStore} on a local or shared POSIX file system (a PersistentVolume in Kubernetes).
 *
 * <p>Blobs are immutable files at {@code blobs/sha256/ab/<hex>}; they appear by atomic rename
 * from {@code tmp/}, so readers see a whole blob or none, and {@link #open} exposes the file
 * itself for zero-copy sending.
 */
public final class FilesystemBlobStore implements BlobStore {

    private final FilesystemLayout layout;
    private final FilesystemUploadSessions uploads;

    /** Staging memory for direct writes unless configured otherwise: 8 uploads at full speed. */
    public static final long DEFAULT_DIRECT_WRITE_MEMORY = 64L << 20;

    /** Opens (creating if needed) a store below {@code root} that syncs on commit. */
    public FilesystemBlobStore(Path root) throws IOException {
        this(root, FilesystemSync.COMMIT);
    }

    /** Opens (creating if needed) a store below {@code root} with the given durability. */
    public FilesystemBlobStore(Path root, FilesystemSync sync) throws IOException {
        this(root, sync, DEFAULT_DIRECT_WRITE_MEMORY);
    }

    /**
     * Opens (creating if needed) a store below {@code root} with the given durability, writing
     * uploads that are forced to disk with O_DIRECT from at most {@code directWriteMemory} bytes of
     * staging buffers (0 = through the page cache).
     */
    public FilesystemBlobStore(Path root, FilesystemSync sync, long directWriteMemory) throws IOException {
        this.layout = new FilesystemLayout(root, sync, directWriteMemory);
        layout.createDirectories();
        this.uploads = new FilesystemUploadSessions(layout, this);
    }

    /** Root directory of this store. */
    public Path root() {
        return layout.root();
    }

    @Override
    public String kind() {
        return "filesystem";
    }

    @Override
    public BlobWriter openWriter(Set<ChecksumAlgorithm> extraAlgorithms) throws IOException {
        return new FilesystemBlobWriter(layout.newTempFile(), layout.sync(), layout.staging(), extraAlgorithms, this::publishBlob);
    }

    private void publishBlob(Path tempFile, Checksums checksums, long size) throws IOException {
        Path target = layout.blob(checksums.sha256());
        if (Files.exists(target)) {
            // Same digest, same bytes: keep the existing file so open readers are undisturbed.
            Files.deleteIfExists(tempFile);
            return;
        }
        Path prefixDir = target.getParent();
        if (!Files.isDirectory(prefixDir)) {
            Files.createDirectories(prefixDir);
            layout.syncDirectory(prefixDir.getParent());
        }
        // rename(2) replaces atomically: a concurrent writer of the same digest just wins or loses
        // the race with identical bytes.
        Files.move(tempFile, target, StandardCopyOption.ATOMIC_MOVE);
        layout.syncDirectory(prefixDir);
    }

    @Override
    public Optional<BlobStat> stat(String sha256) throws IOException {
        Path file = layout.blob(sha256);
        try {
            return Optional.of(toStat(sha256, Files.readAttributes(file, BasicFileAttributes.class)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public BlobContent open(String sha256, long offset, long length) throws IOException {
        Path file = layout.blob(sha256);
        long total;
        try {
            total = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException("blob sha256:" + sha256 + " not found");
        }
        long rangeLength = BlobRanges.length(offset, length, total);
        return new BlobContent(offset, rangeLength, total, Optional.of(file),
                () -> openRange(file, offset, rangeLength));
    }

    private static InputStream openRange(Path file, long offset, long length) throws IOException {
        return new FileRangeInputStream(file, offset, length);
    }

    @Override
    public int purgeTemporaries(java.time.Instant olderThan) throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(layout.tmpDir())) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(olderThan) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (NoSuchFileException raced) {
                    // Committed or aborted meanwhile: nothing to purge.
                }
            }
        }
        return removed;
    }

    @Override
    public Optional<Path> localPath(String sha256) {
        return Optional.of(layout.blob(sha256));
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        Path file = layout.blob(sha256);
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            layout.syncDirectory(file.getParent());
        }
        return deleted;
    }

    @Override
    public void list(Consumer<BlobStat> visitor) throws IOException {
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(layout.blobsDir())) {
            for (Path prefix : prefixes) {
                if (Files.isDirectory(prefix)) {
                    listPrefix(prefix, visitor);
                }
            }
        }
    }

    private static void listPrefix(Path prefix, Consumer<BlobStat> visitor) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!ChecksumHex.isValid(ChecksumAlgorithm.SHA256, name)) {
                    continue;
                }
                try {
                    visitor.accept(toStat(name, Files.readAttributes(file, BasicFileAttributes.class)));
                } catch (NoSuchFileException e) {
                    // Deleted by GC while we walked: simply no longer part of the listing.
                }
            }
        }
    }

    @Override
    public UploadSessionStore uploads() {
        return uploads;
    }

    @Override
    public void checkHealth() throws IOException {
        // A probe file proves the volume is mounted and writable, which a mere exists() does not.
        Path probe = layout.newTempFile();
        Files.write(probe, new byte[0]);
        Files.delete(probe);
    }

    private static BlobStat toStat(String sha256, BasicFileAttributes attributes) {
        return new BlobStat(sha256, attributes.size(), attributes.lastModifiedTime().toInstant());
    }
}
