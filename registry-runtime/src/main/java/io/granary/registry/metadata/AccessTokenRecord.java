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
@jakarta.persistence.NamedQuery(name = AccessTokenRecord.FIND_ACTIVE, query = "from AccessTokenRecord where secretHash = :h "
        + "and revokedAt is null and (expiresAt is null or expiresAt > :now)")
public class AccessTokenRecord {
    /** Named so it is parsed at boot rather than on an event loop at the first request. */
    public static final String FIND_ACTIVE = "AccessToken.findActive";
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
