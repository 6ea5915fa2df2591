package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A named thing a format publishes versions of: a Maven groupId:artifactId (namespace = groupId), an
 * npm package (namespace = scope), an OCI image name, a PyPI project, a Helm chart.
 */
@Entity
@Table(name = "component")
public class ComponentRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "repository_id")
    public Long repositoryId;
    public String namespace;
    public String name;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
