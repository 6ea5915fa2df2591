package io.granary.operator.repository;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.repository.AccessRole;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.operator.common.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One Secret per declared access role: a token issued by the runtime plus ready-made client configuration. A token is
 * issued once and kept; a role that changes gets a new token (the old one is revoked); a role that disappears loses
 * its Secret and its token. A deleted Secret is how a person rotates a token: the operator issues a new one and revokes
 * every other token of that role, found by its name in the runtime, since the Secret that named it is gone. Secrets
 * are owned by the Repository, so deleting it removes them; {@link #revokeAll} revokes their tokens first.
 */
public final class RepositoryAccessSecrets {

    /** Annotation holding the runtime's id of the token, to revoke it later. */
    public static final String TOKEN_ID = "granary.io/token-id";
    /** Label selector of the access Secrets informer. */
    public static final String SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=access-token";

    private final RegistryAdminApi api;

    public RepositoryAccessSecrets(RegistryAdminApi api) {
        this.api = api;
    }

    /** Name of the Secret of one role. */
    public static String secretName(Repository repository, AccessRole role) {
        return repository.getMetadata().getName() + "-" + role.getName();
    }

    /**
     * Brings the access Secrets in line with spec.access.roles; returns how many exist afterwards.
     *
     * @param existing the access Secrets owned by this Repository (from the informer cache)
     * @param apiBase where the operator reaches the runtime's admin API
     * @param registryUrl the registry's base URL as clients use it (written into the client configs)
     */
    public int reconcile(KubernetesClient client, Repository repository, Collection<Secret> existing, String apiBase,
                         String registryUrl, String adminToken) {
        List<AccessRole> roles = repository.getSpec().getAccess() == null ? List.of() : repository.getSpec().getAccess().getRoles();
        Map<String, Secret> byName = new HashMap<>();
        existing.forEach(s -> byName.put(s.getMetadata().getName(), s));
        String name = repository.getMetadata().getName();
        String repositoryUrl = ClientConfigs.repositoryUrl(repository.getSpec().getFormat(), registryUrl, name);
        for (AccessRole role : roles) {
            String secretName = secretName(repository, role);
            Secret current = byName.get(secretName);
            String roleName = role.getRole().wireName();
            String token = null;
            String tokenId = null;
            if (current != null && roleName.equals(current.getMetadata().getLabels().get(Labels.ACCESS_ROLE)) && current.getData() != null
                    && current.getData().containsKey("token")) {
                token = decode(current.getData().get("token"));
                tokenId = current.getMetadata().getAnnotations() == null ? null : current.getMetadata().getAnnotations().get(TOKEN_ID);
            } else {
                if (current != null) {
                    revoke(current, apiBase, adminToken);
                }
                String tokenName = tokenName(repository, role);
                var issued = api.issueToken(apiBase, adminToken, tokenName, name, roleName);
                token = issued.token();
                tokenId = issued.id();
                revokeOthers(apiBase, adminToken, repository, t -> t.name().equals(tokenName), issued.id());
            }
            Secret desired = desired(repository, role, tokenId,
                    ClientConfigs.of(repository.getSpec().getFormat(), name, registryUrl, repositoryUrl, role.getName(), token));
            if (current == null || !sameContent(current, desired)) {
                client.resource(desired).fieldManager("granary-operator").forceConflicts().serverSideApply();
            }
        }
        Set<String> wanted = roles.stream().map(r -> secretName(repository, r)).collect(Collectors.toSet());
        for (Secret stale : existing) {
            if (!wanted.contains(stale.getMetadata().getName())) {
                revoke(stale, apiBase, adminToken);
                client.resource(stale).delete();
            }
        }
        return roles.size();
    }

    /** Name under which the runtime knows the token of one role: {@code <namespace>.<repository>.<role>}. */
    static String tokenName(Repository repository, AccessRole role) {
        return repository.getMetadata().getNamespace() + "." + repository.getMetadata().getName() + "." + role.getName();
    }

    /**
     * Revokes every token the operator issued for this Repository, whatever role it was for (a Repository being
     * deleted); returns how many were revoked.
     */
    public int revokeAll(String apiBase, String adminToken, Repository repository) {
        String prefix = repository.getMetadata().getNamespace() + "." + repository.getMetadata().getName() + ".";
        return revokeOthers(apiBase, adminToken, repository, t -> t.name().startsWith(prefix), null);
    }

    /**
     * Revokes the active tokens that match and grant exactly this repository (so {@code a.b}'s tokens never match
     * {@code a}'s prefix), except {@code keepId}.
     */
    private int revokeOthers(String apiBase, String adminToken, Repository repository,
                             java.util.function.Predicate<RegistryAdminApi.TokenInfo> matches, String keepId) {
        String name = repository.getMetadata().getName();
        int revoked = 0;
        for (var token : api.tokens(apiBase, adminToken)) {
            if (!token.revoked() && !token.id().equals(keepId) && matches.test(token)
                    && token.repositories().equals(List.of(name))) {
                api.revokeToken(apiBase, adminToken, token.id());
                revoked++;
            }
        }
        return revoked;
    }

    private void revoke(Secret secret, String apiBase, String adminToken) {
        String id = secret.getMetadata().getAnnotations() == null ? null : secret.getMetadata().getAnnotations().get(TOKEN_ID);
        if (id != null && !id.isEmpty()) {
            api.revokeToken(apiBase, adminToken, id);
        }
    }

    static Secret desired(Repository repository, AccessRole role, String tokenId, Map<String, String> data) {
        Map<String, String> labels = new HashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
        labels.put(Labels.COMPONENT, "access-token");
        labels.put(Labels.REPOSITORY, repository.getMetadata().getName());
        labels.put(Labels.ACCESS_ROLE, role.getRole().wireName());
        Map<String, String> encoded = new HashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        boolean docker = data.containsKey(".dockerconfigjson");
        return new SecretBuilder()
                .withNewMetadata()
                .withName(secretName(repository, role))
                .withNamespace(repository.getMetadata().getNamespace())
                .withLabels(labels)
                .addToAnnotations(TOKEN_ID, tokenId == null ? "" : tokenId)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(repository.getApiVersion()).withKind(repository.getKind())
                        .withName(repository.getMetadata().getName()).withUid(repository.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withType(docker ? "kubernetes.io/dockerconfigjson" : "Opaque")
                .withData(encoded)
                .build();
    }

    private static boolean sameContent(Secret current, Secret desired) {
        return desired.getData().equals(current.getData())
                && desired.getType().equals(current.getType())
                && current.getMetadata().getLabels().entrySet().containsAll(desired.getMetadata().getLabels().entrySet());
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
