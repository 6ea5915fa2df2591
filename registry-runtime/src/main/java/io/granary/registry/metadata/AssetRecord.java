package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A path in a repository pointing at a blob. */
@Entity
@Table(name = "asset")
public class AssetRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "repository_id")
    public Long repositoryId;
    public String path;
    @Column(name = "blob_sha256")
    public String blobSha256;
    public long size;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "version_id")
    public Long versionId;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "last_downloaded_at")
    public Instant lastDownloadedAt;
}
