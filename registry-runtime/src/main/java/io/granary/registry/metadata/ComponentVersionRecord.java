package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One version of a component; its files are assets pointing at it. */
@Entity
@Table(name = "component_version")
public class ComponentVersionRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "component_id")
    public Long componentId;
    public String version;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
