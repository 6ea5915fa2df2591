package io.granary.operator.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.operator.OperatorSettings;
import io.granary.operator.repository.RepositoryReconciler;

/**
 * How a lifecycle reconciler reaches the runtime serving a local Repository: the Registry's admin URL and token,
 * or why it cannot yet (a reason and message for the Ready condition).
 */
record RegistryOfRepository(Registry registry, String baseUrl, String adminToken, String reason, String message) {

    boolean reachable() {
        return reason == null;
    }

    static RegistryOfRepository of(KubernetesClient client, OperatorSettings settings, String namespace, String repositoryName) {
        Repository repository = client.resources(Repository.class).inNamespace(namespace).withName(repositoryName).get();
        if (repository == null) {
            return failed(ConditionReasons.REPOSITORY_NOT_FOUND, "Repository " + repositoryName + " does not exist in namespace " + namespace);
        }
        String registryName = RepositoryReconciler.registryName(repository);
        Registry registry = client.resources(Registry.class).inNamespace(namespace).withName(registryName).get();
        if (registry == null) {
            return failed(ConditionReasons.REGISTRY_NOT_FOUND, "Registry " + registryName + " does not exist in namespace " + namespace);
        }
        if (!Conditions.isTrue(registry.getStatus() == null ? null : registry.getStatus().getConditions(), ConditionTypes.READY)) {
            return new RegistryOfRepository(registry, null, null, ConditionReasons.REGISTRY_NOT_READY, "Registry " + registryName + " is not Ready");
        }
        try {
            return new RegistryOfRepository(registry, settings.endpoints().apply(registry), RepositoryReconciler.adminToken(client, registry),
                    null, null);
        } catch (RuntimeException e) {
            return new RegistryOfRepository(registry, null, null, ConditionReasons.SECRET_NOT_FOUND, e.getMessage());
        }
    }

    private static RegistryOfRepository failed(String reason, String message) {
        return new RegistryOfRepository(null, null, null, reason, message);
    }
}
