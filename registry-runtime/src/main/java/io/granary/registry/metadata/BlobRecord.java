package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A blob committed to the blob store, with every checksum computed while it was written. */
@Entity
@Table(name = "blob")
public class BlobRecord {
    @Id
    public String sha256;
    public long size;
    public String sha1;
    public String md5;
    public String sha512;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
