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
@jakarta.persistence.NamedQuery(name = AssetRecord.FIND_WITH_BLOB, query = "select a, b from AssetRecord a, BlobRecord b "
        + "where b.sha256 = a.blobSha256 and a.repositoryId = :repo and a.path = :path")
@jakarta.persistence.NamedQuery(name = AssetRecord.BY_PATH,
        query = "from AssetRecord where repositoryId = :repo and path = :path")
public class AssetRecord {
    /** Named queries are parsed at boot rather than on an event loop at the first request. */
    public static final String FIND_WITH_BLOB = "Asset.findWithBlob";
    public static final String BY_PATH = "Asset.byPath";
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
