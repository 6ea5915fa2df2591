package io.granary.operator.registry;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.operator.common.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The generated admin token, when the Registry names no Secret of its own. The token is created once and then
 * carried forward from the existing Secret, so reconciling never rotates it.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=admin-token"))
public class RegistryAdminTokenDependentResource extends CRUDKubernetesDependentResource<Secret, Registry> {

    private static final SecureRandom RANDOM = new SecureRandom();

    public RegistryAdminTokenDependentResource() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(Registry registry, Context<Registry> context) {
        String existing = context.getSecondaryResource(Secret.class)
                .map(Secret::getData)
                .map(d -> d.get(RegistryNames.ADMIN_TOKEN_KEY))
                .orElse(null);
        String encoded = existing != null ? existing
                : Base64.getEncoder().encodeToString(newToken().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String name = RegistryNames.workload(registry);
        return new SecretBuilder()
                .withNewMetadata()
                .withName(RegistryNames.generatedAdminTokenSecret(registry))
                .withNamespace(registry.getMetadata().getNamespace())
                .withLabels(Labels.forRegistry(name, "admin-token"))
                .endMetadata()
                .withType("Opaque")
                .addToData(RegistryNames.ADMIN_TOKEN_KEY, encoded)
                .build();
    }

    /** 32 random bytes, URL-safe: well above the runtime's minimum token length. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "gra_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Reconcile precondition: generate only when spec.auth.adminTokenSecretRef is absent. */
    public static class Generated implements io.javaoperatorsdk.operator.processing.dependent.workflow.Condition<Secret, Registry> {
        @Override
        public boolean isMet(io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource<Secret, Registry> dependent,
                             Registry registry, Context<Registry> context) {
            return RegistryNames.generatesAdminToken(registry);
        }
    }
}
