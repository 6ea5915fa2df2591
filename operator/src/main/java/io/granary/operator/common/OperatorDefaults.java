package io.granary.operator.common;

/**
 * Process-wide defaults the desired-state functions read; set once from configuration before the operator starts
 * (environment variable GRANARY_OPERATOR_RUNTIME_IMAGE or {@code granary.operator.runtime-image}).
 */
public final class OperatorDefaults {

    /** Image of the registry runtime when a Registry names none. */
    public static final String BUILT_IN_RUNTIME_IMAGE = "granary/registry-runtime:0.1.0-SNAPSHOT";

    private static volatile String runtimeImage = BUILT_IN_RUNTIME_IMAGE;

    private OperatorDefaults() {
    }

    /** The runtime image used when a Registry's spec.image is absent. */
    public static String runtimeImage() {
        return runtimeImage;
    }

    /** Sets the runtime image default (at start-up). */
    public static void runtimeImage(String image) {
        if (image != null && !image.isBlank()) {
            runtimeImage = image;
        }
    }
}
