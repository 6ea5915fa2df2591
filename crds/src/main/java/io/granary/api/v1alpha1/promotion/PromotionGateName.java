package io.granary.api.v1alpha1.promotion;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The gate (or precondition: notFound, conflict, quota) that blocked an artifact. */
public enum PromotionGateName {
    @JsonProperty("signature")
    SIGNATURE("signature"),
    @JsonProperty("vulnerabilities")
    VULNERABILITIES("vulnerabilities"),
    @JsonProperty("sbom")
    SBOM("sbom"),
    @JsonProperty("minAge")
    MIN_AGE("minAge"),
    @JsonProperty("requiredProperties")
    REQUIRED_PROPERTIES("requiredProperties"),
    @JsonProperty("notFound")
    NOT_FOUND("notFound"),
    @JsonProperty("conflict")
    CONFLICT("conflict"),
    @JsonProperty("quota")
    QUOTA("quota");

    private final String wireName;

    PromotionGateName(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static PromotionGateName fromWireName(String name) {
        for (PromotionGateName value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown PromotionGateName '" + name + "'");
    }
}
