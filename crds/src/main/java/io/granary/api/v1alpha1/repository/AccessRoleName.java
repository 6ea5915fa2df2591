package io.granary.api.v1alpha1.repository;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Permission a role token grants on one repository; each includes the ones before it. */
public enum AccessRoleName {
    @JsonProperty("reader")
    READER("reader"),
    @JsonProperty("writer")
    WRITER("writer"),
    @JsonProperty("admin")
    ADMIN("admin");

    private final String wireName;

    AccessRoleName(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static AccessRoleName fromWireName(String name) {
        for (AccessRoleName value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown AccessRoleName '" + name + "'");
    }
}
