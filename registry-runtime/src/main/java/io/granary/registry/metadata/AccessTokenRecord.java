package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An issued token; only the sha256 of its secret is kept. */
@Entity
@Table(name = "access_token")
public class AccessTokenRecord {
    @Id
    public UUID id;
    public String name;
    @Column(name = "secret_hash")
    public String secretHash;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;
}
