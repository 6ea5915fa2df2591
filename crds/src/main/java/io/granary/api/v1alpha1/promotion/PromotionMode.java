package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether promotion leaves the artifact in the source repository (copy) or removes it there (move). */
public enum PromotionMode {
    @JsonProperty("copy")
    COPY("copy"),
    @JsonProperty("move")
    MOVE("move");

    private final String wireName;

    PromotionMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static PromotionMode fromWireName(String name) {
        for (PromotionMode value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown PromotionMode '" + name + "'");
    }
}
