package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.operator.common.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Voluntary disruptions (node drains) take at most one registry pod at a time. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RegistryPodDisruptionBudgetDependentResource extends CRUDKubernetesDependentResource<PodDisruptionBudget, Registry> {

    public RegistryPodDisruptionBudgetDependentResource() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(Registry registry, Context<Registry> context) {
        String name = RegistryNames.workload(registry);
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(name, "registry"))
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(Labels.podSelector(name)).endSelector()
                .endSpec()
                .build();
    }
}
