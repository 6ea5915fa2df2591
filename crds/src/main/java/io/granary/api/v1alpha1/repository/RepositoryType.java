package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kind of repository: stores its own artifacts, caches a remote one, or merges several. */
public enum RepositoryType {
    @JsonProperty("hosted")
    HOSTED("hosted"),
    @JsonProperty("proxy")
    PROXY("proxy"),
    @JsonProperty("group")
    GROUP("group");

    private final String wireName;

    RepositoryType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static RepositoryType fromWireName(String name) {
        for (RepositoryType value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown RepositoryType '" + name + "'");
    }
}
