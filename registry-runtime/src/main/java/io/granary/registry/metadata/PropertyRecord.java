package io.granary.registry.metadata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A key/value label on an asset or a version (promotion gates and retention rules read them). */
@Entity
@Table(name = "property")
public class PropertyRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "asset_id")
    public Long assetId;
    @Column(name = "version_id")
    public Long versionId;
    public String key;
    public String value;
}
