package io.granary.operator.lifecycle;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.retention.RetentionPolicySpec;
import io.granary.operator.registry.RegistryNames;
import io.granary.operator.repository.RepositoryReconciler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The Repositories a RetentionPolicy selects, each with how to reach the runtime that serves it. */
final class RetentionTargets {

    /** A selected Repository and its runtime's admin API. */
    record Target(String repository, String baseUrl, String adminToken) {
    }

    /** A reference that cannot be resolved yet; the message says what a person must do. */
    static final class Unresolved extends Exception {
        final String reason;

        Unresolved(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private RetentionTargets() {
    }

    /** Resolves named and label-selected Repositories in the namespace. */
    static List<Target> resolve(KubernetesClient client, String namespace, RetentionPolicySpec spec,
                                Function<Registry, String> endpoints) throws Unresolved {
        Map<String, Repository> selected = new LinkedHashMap<>();
        var repositories = client.resources(Repository.class).inNamespace(namespace);
        for (String name : spec.getRepositories() == null ? List.<String>of() : spec.getRepositories()) {
            Repository repository = repositories.withName(name).get();
            if (repository == null) {
                throw new Unresolved(io.granary.api.v1alpha1.common.ConditionReasons.REPOSITORY_NOT_FOUND,
                        "Repository " + name + " does not exist in namespace " + namespace);
            }
            selected.put(name, repository);
        }
        if (spec.getSelector() != null) {
            for (Repository repository : repositories.withLabelSelector(spec.getSelector()).list().getItems()) {
                selected.putIfAbsent(repository.getMetadata().getName(), repository);
            }
        }
        List<Target> targets = new java.util.ArrayList<>();
        for (Repository repository : selected.values()) {
            String registryName = RepositoryReconciler.registryName(repository);
            Registry registry = client.resources(Registry.class).inNamespace(namespace).withName(registryName).get();
            if (registry == null || !Conditions.isTrue(registry.getStatus() == null ? null : registry.getStatus().getConditions(),
                    ConditionTypes.READY)) {
                throw new Unresolved(io.granary.api.v1alpha1.common.ConditionReasons.REGISTRY_NOT_READY,
                        "Registry " + registryName + " serving " + repository.getMetadata().getName() + " is not Ready");
            }
            targets.add(new Target(repository.getMetadata().getName(), endpoints.apply(registry), adminToken(client, registry)));
        }
        return targets;
    }

    private static String adminToken(KubernetesClient client, Registry registry) throws Unresolved {
        var ref = RegistryNames.adminToken(registry);
        String namespace = registry.getMetadata().getNamespace();
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        if (secret == null || secret.getData() == null || !secret.getData().containsKey(ref.getKey())) {
            throw new Unresolved(io.granary.api.v1alpha1.common.ConditionReasons.SECRET_NOT_FOUND,
                    "Secret key " + ref.getName() + "/" + ref.getKey() + " does not exist in namespace " + namespace);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8).strip();
    }
}
