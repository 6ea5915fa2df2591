package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.operator.common.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Binds the Registry's ServiceAccount to its read-only Role. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RegistryRoleBindingDependentResource extends CRUDKubernetesDependentResource<RoleBinding, Registry> {

    public RegistryRoleBindingDependentResource() {
        super(RoleBinding.class);
    }

    @Override
    protected RoleBinding desired(Registry registry, Context<Registry> context) {
        String name = RegistryNames.serviceAccount(registry);
        return new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(registry.getMetadata().getName(), "registry"))
                .endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(name).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(registry.getMetadata().getNamespace()).endSubject()
                .build();
    }
}
