package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A movable name within a scope of a repository: an OCI tag (scope = image name, target = manifest
 * digest) or an npm dist-tag (scope = package, target = version).
 */
@Entity
@Table(name = "tag")
public class TagRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "repository_id")
    public Long repositoryId;
    public String scope;
    public String name;
    public String target;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
