package io.granary.registry.proxy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.registry.config.GranaryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

/** Picks where upstream Secrets come from: the same source as the repository catalog. */
@ApplicationScoped
class SecretsProducer {

    @Produces
    @ApplicationScoped
    UpstreamSecrets secrets(GranaryConfig config, ProxyConfig proxy, Instance<KubernetesClient> kubernetes) {
        if ("kubernetes".equals(config.catalog().source())) {
            KubernetesClient client = kubernetes.get();
            return new KubernetesSecrets(client, config.catalog().kubernetes().namespace().orElseGet(client::getNamespace));
        }
        Path catalog = Path.of(config.catalog().directory()).toAbsolutePath();
        Path dir = proxy.secretsDirectory().map(Path::of)
                .orElseGet(() -> (catalog.getParent() == null ? catalog : catalog.getParent()).resolve("secrets"));
        return new DirectorySecrets(dir);
    }
}
