package io.granary.api.v1alpha1.common;

/** Identity of the Granary API: group, version and the kubectl category all kinds share. */
public final class GranaryApi {

    /** API group of every Granary kind. */
    public static final String GROUP = "granary.io";
    /** The version these Java types describe. */
    public static final String VERSION = "v1alpha1";
    /** apiVersion as written in YAML. */
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** kubectl category: {@code kubectl get granary} lists every Granary resource. */
    public static final String CATEGORY = "granary";

    /** JSONPath of the Ready condition's status, for printer columns. */
    public static final String READY_STATUS_PATH = ".status.conditions[?(@.type==\"Ready\")].status";

    private GranaryApi() {
    }
}
