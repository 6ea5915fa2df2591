package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.granary.api.v1alpha1.common.GranaryApi;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.operator.common.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Read-only access to the Repository resources of the namespace: all the runtime's catalog needs. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RegistryRoleDependentResource extends CRUDKubernetesDependentResource<Role, Registry> {

    public RegistryRoleDependentResource() {
        super(Role.class);
    }

    @Override
    protected Role desired(Registry registry, Context<Registry> context) {
        return new RoleBuilder()
                .withNewMetadata()
                .withName(RegistryNames.serviceAccount(registry))
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(registry.getMetadata().getName(), "registry"))
                .endMetadata()
                .addNewRule()
                .withApiGroups(GranaryApi.GROUP)
                .withResources("repositories")
                .withVerbs("get", "list", "watch")
                .endRule()
                .build();
    }
}
