package io.granary.registry.core;

import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.metadata.RepositoryIds;
import io.granary.registry.metadata.UploadSessionMetadataStore;
import io.granary.registry.storage.BlobNotFoundException;
import io.granary.registry.storage.UploadSessionStore;
import io.granary.registry.storage.routing.RepositoryBlobStores;
import io.granary.registry.storage.BlobWriter;
import io.granary.registry.storage.ChecksumAlgorithm;
import io.granary.registry.storage.CommittedBlob;
import io.granary.registry.storage.ExpectedChecksums;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Chunked uploads (the OCI blob upload protocol builds on this): a row in PostgreSQL says which
 * repository owns a session, the bytes live in the blob store. Both are shared by every runtime
 * process, so a session started on one replica can be continued and completed on another, and
 * survives restarts.
 */
@ApplicationScoped
public class BlobUploadSessions {

    private final RepositoryIds repositoryIds;
    private final UploadSessionMetadataStore rows;
    private final RepositoryBlobStores stores;

    BlobUploadSessions(RepositoryIds repositoryIds, UploadSessionMetadataStore rows, RepositoryBlobStores stores) {
        this.repositoryIds = repositoryIds;
        this.rows = rows;
        this.stores = stores;
    }

    /** Starts a session in the repository and returns its id. */
    public Uni<String> start(RepositoryDefinition repository, String actor) {
        return idOf(repository).chain(repoId -> WorkerCalls.run(() -> uploads(repository).create())
                .call(id -> rows.insert(id, repoId, actor)));
    }

    /** Bytes received so far; fails with {@link BlobNotFoundException} when the session is unknown here. */
    public Uni<Long> size(RepositoryDefinition repository, String id) {
        return owned(repository, id).chain(() -> WorkerCalls.run(() -> uploads(repository).size(id)));
    }

    /**
     * Opens a writer for the next chunk at {@code offset}; the caller streams into it and then calls
     * {@link #finishChunk}. Fails with {@code UploadOffsetException} when the offset is not the end.
     */
    public Uni<BlobWriter> openChunk(RepositoryDefinition repository, String id, long offset) {
        return owned(repository, id).chain(() -> WorkerCalls.run(() -> uploads(repository).appendChunk(id, offset)));
    }

    /** Makes a streamed chunk part of the session; returns the session's new size. */
    public Uni<Long> finishChunk(RepositoryDefinition repository, String id, BlobWriter chunk) {
        return WorkerCalls.run(() -> {
            chunk.commit(ExpectedChecksums.NONE);
            return uploads(repository).size(id);
        }).call(() -> rows.touch(id));
    }

    /** Verifies and commits the whole upload as a blob, then forgets the session. */
    public Uni<CommittedBlob> complete(RepositoryDefinition repository, String id, ExpectedChecksums expected,
                                      Set<ChecksumAlgorithm> extraAlgorithms) {
        return owned(repository, id)
                .chain(() -> WorkerCalls.run(() -> uploads(repository).complete(id, expected, extraAlgorithms)))
                .call(() -> rows.delete(id));
    }

    /** Cancels a session and drops its bytes; false when there was no such session. */
    public Uni<Boolean> cancel(RepositoryDefinition repository, String id) {
        return idOf(repository).chain(repoId -> rows.find(id, repoId)).chain(row -> row == null
                ? Uni.createFrom().item(false)
                : rows.delete(id).call(deleted -> WorkerCalls.run(() -> uploads(repository).abort(id))));
    }

    /** Sessions live in the repository's store, so completing one commits the blob where the repository keeps it. */
    private UploadSessionStore uploads(RepositoryDefinition repository) {
        return stores.of(repository.name()).uploads();
    }

    private Uni<Void> owned(RepositoryDefinition repository, String id) {
        return idOf(repository).chain(repoId -> rows.find(id, repoId)).map(row -> {
            if (row == null) {
                throw new SessionUnknownException(id);
            }
            return null;
        });
    }

    private Uni<Long> idOf(RepositoryDefinition repository) {
        return repositoryIds.idOf(repository.name(), repository.format().wireName());
    }

    /** The session does not exist, or belongs to another repository (which must look the same). */
    public static final class SessionUnknownException extends RuntimeException {
        public SessionUnknownException(String id) {
            super("upload session " + id + " is unknown", null, false, false);
        }
    }
}
