package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Wire protocol a repository speaks (oci, maven, npm, pypi, helm or generic). */
public enum RepositoryFormat {
    @JsonProperty("oci")
    OCI("oci"),
    @JsonProperty("maven")
    MAVEN("maven"),
    @JsonProperty("npm")
    NPM("npm"),
    @JsonProperty("pypi")
    PYPI("pypi"),
    @JsonProperty("helm")
    HELM("helm"),
    @JsonProperty("generic")
    GENERIC("generic");

    private final String wireName;

    RepositoryFormat(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static RepositoryFormat fromWireName(String name) {
        for (RepositoryFormat value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown RepositoryFormat '" + name + "'");
    }
}
