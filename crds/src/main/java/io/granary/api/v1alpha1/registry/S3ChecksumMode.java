package io.granary.api.v1alpha1.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** When the S3 client adds and checks request/response checksums; many S3-compatible stores reject the SDK's default trailing checksums. */
public enum S3ChecksumMode {
    @JsonProperty("whenRequired")
    WHEN_REQUIRED("whenRequired"),
    @JsonProperty("whenSupported")
    WHEN_SUPPORTED("whenSupported");

    private final String wireName;

    S3ChecksumMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and JSON. */
    public String wireName() {
        return wireName;
    }

    /** The constant whose {@link #wireName()} is {@code name}. */
    public static S3ChecksumMode fromWireName(String name) {
        for (S3ChecksumMode value : values()) {
            if (value.wireName.equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown S3ChecksumMode '" + name + "'");
    }
}
