package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The database row of a declared repository; other rows refer to its id. */
@Entity
@Table(name = "repository")
public class RepositoryRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    public String format;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
