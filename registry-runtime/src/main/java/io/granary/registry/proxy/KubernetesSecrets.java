package io.granary.registry.proxy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Secrets of the Registry's namespace, read through the API server (the runtime's RBAC allows get on Secrets). */
final class KubernetesSecrets implements UpstreamSecrets {

    private final KubernetesClient client;
    private final String namespace;

    KubernetesSecrets(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public Optional<Map<String, String>> read(String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        Map<String, String> keys = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> keys.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            keys.putAll(secret.getStringData());
        }
        return Optional.of(keys);
    }
}
