package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which Maven versions a repository accepts. */
public enum MavenVersionPolicy {
    @JsonProperty("release")
    RELEASE("release"),
    @JsonProperty("snapshot")
    SNAPSHOT("snapshot"),
    @JsonProperty("mixed")
    MIXED("mixed");

    private final String wireName;

    MavenVersionPolicy(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static MavenVersionPolicy fromWireName(String name) {
        for (MavenVersionPolicy value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown MavenVersionPolicy '" + name + "'");
    }
}
