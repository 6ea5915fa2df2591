package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens to a repository's stored artifacts when the Repository resource is deleted. */
public enum DeletionPolicy {
    @JsonProperty("Retain")
    RETAIN("Retain"),
    @JsonProperty("Delete")
    DELETE("Delete");

    private final String wireName;

    DeletionPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static DeletionPolicy fromWireName(String name) {
        for (DeletionPolicy value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown DeletionPolicy '" + name + "'");
    }
}
