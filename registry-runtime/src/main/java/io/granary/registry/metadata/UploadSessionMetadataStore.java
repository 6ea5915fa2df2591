package io.granary.registry.metadata;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Rows of chunked upload sessions: which repository owns a session and when it was last touched. */
@ApplicationScoped
public class UploadSessionMetadataStore {

    private final Mutiny.SessionFactory sessions;

    UploadSessionMetadataStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<Void> insert(String id, long repositoryId, String actor) {
        UploadSessionRecord row = new UploadSessionRecord();
        row.id = id;
        row.repositoryId = repositoryId;
        row.createdBy = actor;
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        return sessions.withTransaction(s -> s.persist(row));
    }

    /** The session if it exists and belongs to the repository, else null. */
    public Uni<UploadSessionRecord> find(String id, long repositoryId) {
        return sessions.withSession(s -> s.find(UploadSessionRecord.class, id))
                .map(row -> row != null && row.repositoryId == repositoryId ? row : null);
    }

    public Uni<Void> touch(String id) {
        return sessions.withTransaction(s -> s.createMutationQuery(
                        "update UploadSessionRecord set updatedAt = :now where id = :id")
                .setParameter("now", Instant.now())
                .setParameter("id", id)
                .executeUpdate()
                .replaceWithVoid());
    }

    /** Deletes the row; true when it existed (so exactly one caller finishes or cancels a session). */
    public Uni<Boolean> delete(String id) {
        return sessions.withTransaction(s -> s.createMutationQuery("delete from UploadSessionRecord where id = :id")
                .setParameter("id", id)
                .executeUpdate()
                .map(n -> n > 0));
    }

    /** Ids of sessions not touched since {@code cutoff}. */
    public Uni<List<String>> idleSince(Instant cutoff, int limit) {
        return sessions.withSession(s -> s.createSelectionQuery(
                        "select id from UploadSessionRecord where updatedAt < :cutoff order by updatedAt", String.class)
                .setParameter("cutoff", cutoff)
                .setMaxResults(limit)
                .getResultList());
    }
}
