package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.operator.OperatorSettings;
import io.granary.operator.common.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The stable in-cluster address of a Registry: {@code http://<name>.<namespace>.svc:8080}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RegistryServiceDependentResource extends CRUDKubernetesDependentResource<Service, Registry> {

    public RegistryServiceDependentResource() {
        super(Service.class);
    }

    @Override
    protected Service desired(Registry registry, Context<Registry> context) {
        String name = RegistryNames.workload(registry);
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(name, "registry"))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Labels.podSelector(name))
                .addNewPort().withName("http").withPort(OperatorSettings.HTTP_PORT).withTargetPort(new IntOrString("http"))
                .withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }
}
