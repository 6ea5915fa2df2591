package io.granary.api.v1alpha1.replication;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which side is local: push sends from a local source, pull fetches into a local target. */
public enum ReplicationMode {
    @JsonProperty("push")
    PUSH("push"),
    @JsonProperty("pull")
    PULL("pull");

    private final String wireName;

    ReplicationMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static ReplicationMode fromWireName(String name) {
        for (ReplicationMode value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown ReplicationMode '" + name + "'");
    }
}
