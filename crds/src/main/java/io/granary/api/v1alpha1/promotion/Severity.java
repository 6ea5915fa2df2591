package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Vulnerability severity, from none to critical. */
public enum Severity {
    @JsonProperty("none")
    NONE("none"),
    @JsonProperty("low")
    LOW("low"),
    @JsonProperty("medium")
    MEDIUM("medium"),
    @JsonProperty("high")
    HIGH("high"),
    @JsonProperty("critical")
    CRITICAL("critical");

    private final String wireName;

    Severity(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static Severity fromWireName(String name) {
        for (Severity value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown Severity '" + name + "'");
    }
}
