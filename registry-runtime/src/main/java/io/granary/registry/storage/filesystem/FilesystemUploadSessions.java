package io.granary.registry.storage.filesystem;

import io.granary.registry.storage.BlobNotFoundException;
import io.granary.registry.storage.BlobStore;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.granary.registry.storage.UploadOffsetException;
import io.granary.registry.storage.UploadSessionStore;
import io.granary.registry.storage.backend.SessionChunks;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Upload sessions as directories of chunk files named by their zero-padded start offset.
 *
 * <p>A chunk is written to {@code tmp/} and renamed into its session directory only once it is
 * complete, so another process sharing the volume never sees a partial chunk.
 */
final class FilesystemUploadSessions implements UploadSessionStore {

    private static final Logger LOG = Logger.getLogger(FilesystemUploadSessions.class);

    private final FilesystemLayout layout;
    private final BlobStore store;

    FilesystemUploadSessions(FilesystemLayout layout, BlobStore store) {
        this.layout = layout;
        this.store = store;
    }

    @Override
    public String create() throws IOException {
        String id = FilesystemLayout.newSessionId();
        Files.createDirectory(layout.session(id));
        layout.syncDirectory(layout.uploadsDir());
        return id;
    }

    @Override
    public long size(String sessionId) throws IOException {
        long size = 0;
        for (long chunkSize : chunks(sessionId).values()) {
            size += chunkSize;
        }
        return size;
    }

    @Override
    public BlobWriter appendChunk(String sessionId, long offset) throws IOException {
        requireOffset(sessionId, offset);
        // Through the page cache, not direct: completing the session reads every chunk back at once,
        // and from the disk that read costs several times what the direct write would save.
        return new FilesystemBlobWriter(layout.newTempFile(), layout.sync(), null, Set.of(),
                (tempFile, checksums, size) -> publishChunk(sessionId, offset, tempFile));
    }

    private void publishChunk(String sessionId, long offset, Path tempFile) throws IOException {
        // Checked again: the session may have grown or vanished while this chunk streamed in.
        requireOffset(sessionId, offset);
        Path sessionDir = existingSession(sessionId);
        Files.move(tempFile, layout.chunk(sessionId, offset), StandardCopyOption.ATOMIC_MOVE);
        layout.syncDirectory(sessionDir);
    }

    private void requireOffset(String sessionId, long offset) throws IOException {
        long size = size(sessionId);
        if (offset != size) {
            throw new UploadOffsetException(offset, size);
        }
    }

    @Override
    public CommittedBlob complete(String sessionId, ExpectedChecksums expected,
                                  Set<ChecksumAlgorithm> extraAlgorithms) throws IOException {
        CommittedBlob blob = SessionChunks.concatenate(store, sessionId, chunks(sessionId), expected, extraAlgorithms,
                (offset, size) -> Files.newInputStream(layout.chunk(sessionId, offset)));
        try {
            abort(sessionId);
        } catch (IOException e) {
            // The blob is safely committed; a leftover session is only garbage for the purge job.
            LOG.warnf(e, "completed upload session %s but could not delete its chunks", sessionId);
        }
        return blob;
    }

    @Override
    public boolean abort(String sessionId) throws IOException {
        if (!FilesystemLayout.isSessionId(sessionId)) {
            return false;
        }
        Path dir = layout.session(sessionId);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        // No directory fsync: nothing needs a deletion to be durable. Should a power loss bring the
        // session back, it has no database row any more and the purge job removes it as an orphan;
        // every OCI push ends here, and the journal commit of that fsync is time the client waits.
        Files.deleteIfExists(dir);
        return true;
    }

    @Override
    public List<String> idleSince(Instant cutoff) throws IOException {
        List<String> idle = new ArrayList<>();
        try (DirectoryStream<Path> sessions = Files.newDirectoryStream(layout.uploadsDir())) {
            for (Path dir : sessions) {
                String id = dir.getFileName().toString();
                if (FilesystemLayout.isSessionId(id) && lastActivity(dir).isBefore(cutoff)) {
                    idle.add(id);
                }
            }
        }
        return idle;
    }

    private static Instant lastActivity(Path dir) throws IOException {
        // The directory's mtime moves on every chunk rename; chunk mtimes cover copied volumes.
        FileTime newest = lastModified(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                FileTime time = lastModified(file);
                if (time.compareTo(newest) > 0) {
                    newest = time;
                }
            }
        } catch (NoSuchFileException e) {
            // Completed or aborted while we looked: not idle, just gone.
        }
        return newest.toInstant();
    }

    private static FileTime lastModified(Path path) throws IOException {
        try {
            return Files.getLastModifiedTime(path);
        } catch (NoSuchFileException e) {
            // Vanishing concurrently means someone is working on it: never report it as idle.
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }

    private Path existingSession(String sessionId) throws BlobNotFoundException {
        if (!FilesystemLayout.isSessionId(sessionId) || !Files.isDirectory(layout.session(sessionId))) {
            throw new BlobNotFoundException("upload session " + sessionId + " not found");
        }
        return layout.session(sessionId);
    }

    /** Chunk start offsets mapped to chunk sizes, in offset order. */
    private TreeMap<Long, Long> chunks(String sessionId) throws IOException {
        Path dir = existingSession(sessionId);
        TreeMap<Long, Long> chunks = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                OptionalLong offset = FilesystemLayout.chunkOffset(file);
                if (offset.isPresent()) {
                    chunks.put(offset.getAsLong(), Files.size(file));
                }
            }
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException("upload session " + sessionId + " not found");
        }
        return chunks;
    }
}
