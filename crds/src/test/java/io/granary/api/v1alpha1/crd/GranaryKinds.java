package io.granary.api.v1alpha1.crd;

import io.fabric8.kubernetes.client.CustomResource;
import io.granary.api.v1alpha1.promotion.PromotionRule;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.replication.Replication;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.retention.RetentionPolicy;
import java.util.List;

/** Every custom resource class of the API; a new kind must be added here so its CRD is checked. */
final class GranaryKinds {

    static final List<Class<? extends CustomResource<?, ?>>> ALL = List.of(
            Registry.class,
            Repository.class,
            RetentionPolicy.class,
            Replication.class,
            PromotionRule.class);

    private GranaryKinds() {
    }

    static Class<? extends CustomResource<?, ?>> byKind(String kind) {
        return ALL.stream()
                .filter(type -> type.getSimpleName().equals(kind))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("kind " + kind + " is generated but missing from GranaryKinds.ALL"));
    }
}
