package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A chunked upload in progress; its bytes live in the blob store's session of the same id. */
@Entity
@Table(name = "upload_session")
public class UploadSessionRecord {
    @Id
    public String id;
    @Column(name = "repository_id")
    public Long repositoryId;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
