package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.granary.api.v1alpha1.common.GranaryApi;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.operator.common.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;
import java.util.Set;

/**
 * Read-only access to the Repository resources of the namespace (all the runtime's catalog needs), and
 * {@code get} on exactly the Secrets its proxy Repositories name as upstream credentials, which the
 * runtime reads through the API server when it asks the upstream.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RegistryRoleDependentResource extends CRUDKubernetesDependentResource<Role, Registry> {

    public RegistryRoleDependentResource() {
        super(Role.class);
    }

    @Override
    protected Role desired(Registry registry, Context<Registry> context) {
        RoleBuilder role = new RoleBuilder()
                .withNewMetadata()
                .withName(RegistryNames.serviceAccount(registry))
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(registry.getMetadata().getName(), "registry"))
                .endMetadata()
                .addNewRule()
                .withApiGroups(GranaryApi.GROUP)
                .withResources("repositories")
                .withVerbs("get", "list", "watch")
                .endRule();
        List<String> credentials = upstreamCredentials(context.getSecondaryResources(Repository.class));
        if (!credentials.isEmpty()) {
            // Never a rule without names: that would grant every Secret of the namespace.
            role.addNewRule().withApiGroups("").withResources("secrets").withResourceNames(credentials)
                    .withVerbs("get").endRule();
        }
        return role.build();
    }

    /** The Secrets the proxy Repositories of this Registry read their upstream credentials from, sorted. */
    static List<String> upstreamCredentials(Set<Repository> repositories) {
        return repositories.stream()
                .filter(r -> r.getSpec() != null && r.getSpec().getType() == RepositoryType.PROXY)
                .map(r -> r.getSpec().getUpstream())
                .filter(upstream -> upstream != null && upstream.getCredentialsSecretRef() != null)
                .map(upstream -> upstream.getCredentialsSecretRef().getName())
                .filter(name -> name != null && !name.isBlank())
                .distinct()
                .sorted()
                .toList();
    }
}
