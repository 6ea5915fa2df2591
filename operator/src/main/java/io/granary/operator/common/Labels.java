package io.granary.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels the operator puts on everything it creates; informers select on {@link #MANAGED_SELECTOR}. */
public final class Labels {

    /** Who manages the object. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY} on the operator's objects. */
    public static final String OPERATOR = "granary-operator";
    /** Label selector every dependent informer uses, so the operator caches only its own objects. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;
    /** The kind of application. */
    public static final String NAME = "app.kubernetes.io/name";
    /** The Registry (or Repository) an object belongs to. */
    public static final String INSTANCE = "app.kubernetes.io/instance";
    /** What the object is within its owner: registry, admin-token, access-token. */
    public static final String COMPONENT = "app.kubernetes.io/component";
    /** The Repository an access Secret belongs to. */
    public static final String REPOSITORY = "granary.io/repository";
    /** The access role name an access Secret carries. */
    public static final String ACCESS_ROLE = "granary.io/access-role";

    private Labels() {
    }

    /** Labels of an object that belongs to the Registry named {@code registry}. */
    public static Map<String, String> forRegistry(String registry, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, "granary-registry");
        labels.put(INSTANCE, registry);
        labels.put(COMPONENT, component);
        labels.put(MANAGED_BY, OPERATOR);
        return labels;
    }

    /** The labels that select a Registry's pods (a stable subset: selectors are immutable). */
    public static Map<String, String> podSelector(String registry) {
        return Map.of(NAME, "granary-registry", INSTANCE, registry);
    }

    /** Namespace/name of a resource, for messages and logs. */
    public static String ref(HasMetadata resource) {
        return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }
}
