package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.operator.common.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The identity of a Registry's pods, bound to the Role that lets them read their Repositories. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RegistryServiceAccountDependentResource extends CRUDKubernetesDependentResource<ServiceAccount, Registry> {

    public RegistryServiceAccountDependentResource() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(Registry registry, Context<Registry> context) {
        return new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(RegistryNames.serviceAccount(registry))
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(registry.getMetadata().getName(), "registry"))
                .endMetadata()
                .build();
    }
}
