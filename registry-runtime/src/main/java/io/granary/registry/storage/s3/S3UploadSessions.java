package io.granary.registry.storage.s3;

import io.granary.registry.storage.BlobNotFoundException;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.granary.registry.storage.UploadOffsetException;
import io.granary.registry.storage.UploadSessionStore;
import io.granary.registry.storage.backend.SessionChunks;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Upload sessions as objects below {@code uploads/<session>/}: a marker object created with the
 * session, plus one object per chunk keyed by its zero-padded start offset.
 *
 * <p>A chunk object is written only after the whole chunk arrived (see {@link S3BlobWriter}), so
 * other replicas listing the session never count a partial chunk.
 */
final class S3UploadSessions implements UploadSessionStore {

    private static final Logger LOG = Logger.getLogger(S3UploadSessions.class);

    private final S3Bucket bucket;
    private final S3BlobStore store;

    S3UploadSessions(S3Bucket bucket, S3BlobStore store) {
        this.bucket = bucket;
        this.store = store;
    }

    @Override
    public String create() throws IOException {
        String id = S3Keys.newSessionId();
        // Without a marker an empty session would be indistinguishable from an unknown one.
        bucket.put(S3Keys.sessionMarker(id), new byte[0], 0);
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
        return store.newWriter(Set.of(), (checksums, size) -> {
            // Checked again: the session may have grown or vanished while this chunk streamed in.
            requireOffset(sessionId, offset);
            return Optional.of(S3Keys.chunk(sessionId, offset));
        });
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
                (offset, size) -> bucket.get(S3Keys.chunk(sessionId, offset), 0, size));
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
        if (!S3Keys.isSessionId(sessionId)) {
            return false;
        }
        List<String> keys = new ArrayList<>();
        bucket.list(S3Keys.sessionPrefix(sessionId), object -> keys.add(object.key()));
        if (keys.isEmpty()) {
            return false;
        }
        // Marker last: a session stays recognisable (and abortable again) until its chunks are gone.
        keys.remove(S3Keys.sessionMarker(sessionId));
        bucket.deleteAll(keys);
        bucket.delete(S3Keys.sessionMarker(sessionId));
        return true;
    }

    @Override
    public List<String> idleSince(Instant cutoff) throws IOException {
        Map<String, Instant> lastActivity = new HashMap<>();
        bucket.list(S3Keys.UPLOADS, object -> {
            String id = S3Keys.sessionOf(object.key());
            if (id != null) {
                lastActivity.merge(id, object.lastModified(), (a, b) -> a.isAfter(b) ? a : b);
            }
        });
        List<String> idle = new ArrayList<>();
        lastActivity.forEach((id, last) -> {
            if (last.isBefore(cutoff)) {
                idle.add(id);
            }
        });
        return idle;
    }

    /** Chunk start offsets mapped to chunk sizes, in offset order. */
    private TreeMap<Long, Long> chunks(String sessionId) throws IOException {
        if (!S3Keys.isSessionId(sessionId)) {
            throw notFound(sessionId);
        }
        TreeMap<Long, Long> chunks = new TreeMap<>();
        boolean[] exists = {false};
        bucket.list(S3Keys.sessionPrefix(sessionId), (S3Object object) -> {
            exists[0] = true;
            OptionalLong offset = S3Keys.chunkOffset(object.key());
            if (offset.isPresent()) {
                chunks.put(offset.getAsLong(), object.size());
            }
        });
        if (!exists[0]) {
            throw notFound(sessionId);
        }
        return chunks;
    }

    private static BlobNotFoundException notFound(String sessionId) {
        return new BlobNotFoundException("upload session " + sessionId + " not found");
    }
}
