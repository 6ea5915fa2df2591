package io.granary.registry.catalog.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositorySpec;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.registry.catalog.RepositoryDefinition;
import io.granary.registry.config.GranaryConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-cluster catalog on a real API server (kube-api-test offline, binaries from .ci/kube-binaries.sh): it serves
 * exactly the Repositories that name its Registry, and follows adds, edits and deletes.
 */
class KubernetesRepositoryCatalogTest {

    static KubeAPIServer server;
    static KubernetesClient client;
    static final String NS = "catalog";

    @BeforeAll
    static void start() throws Exception {
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig().withOfflineMode(true)
                .withApiServerVersion(System.getProperty("granary.kube.version", "1.34.2")).withStartupTimeout(120_000).build());
        server.start();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.getKubeConfigYaml())).build();
        Path crd = Path.of("..", "crds", "generated", "repositories.granary.io.yaml");
        try (InputStream in = Files.newInputStream(crd)) {
            var definition = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.resource(definition).create();
            client.apiextensions().v1().customResourceDefinitions().withName(definition.getMetadata().getName())
                    .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus()
                            .getConditions().stream().anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                            60, TimeUnit.SECONDS);
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void servesTheRepositoriesOfItsRegistryAndFollowsChanges() {
        client.resource(repository("before-start", "main")).create();
        client.resource(repository("other-registry", "secondary")).create();
        KubernetesRepositoryCatalog catalog = KubernetesRepositoryCatalog.start(client, config("main"));
        try {
            List<Collection<RepositoryDefinition>> changes = new CopyOnWriteArrayList<>();
            catalog.onChange(changes::add);
            assertThat(catalog.all()).extracting(RepositoryDefinition::name).containsExactly("before-start");

            client.resource(repository("added", "main")).create();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(catalog.find("added")).get().extracting(RepositoryDefinition::format).isEqualTo(RepositoryFormat.GENERIC));
            assertThat(changes).isNotEmpty();

            client.resources(Repository.class).inNamespace(NS).withName("added").edit(r -> {
                var access = new io.granary.api.v1alpha1.repository.AccessSpec();
                access.setAnonymousRead(true);
                r.getSpec().setAccess(access);
                return r;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find("added").map(RepositoryDefinition::anonymousRead).orElse(false));

            client.resources(Repository.class).inNamespace(NS).withName("added").delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> catalog.find("added").isEmpty());
            client.resources(Repository.class).inNamespace(NS).withName("before-start").delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> catalog.all().isEmpty());
            assertThat(catalog.find("other-registry")).isEmpty();
        } finally {
            catalog.close();
        }
    }

    private static Repository repository(String name, String registry) {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        RepositorySpec spec = new RepositorySpec();
        spec.setRegistry(registry);
        spec.setFormat(RepositoryFormat.GENERIC);
        spec.setType(RepositoryType.HOSTED);
        repository.setSpec(spec);
        return repository;
    }

    private static GranaryConfig.Catalog.Kubernetes config(String registry) {
        return new GranaryConfig.Catalog.Kubernetes() {
            @Override
            public Optional<String> namespace() {
                return Optional.of(NS);
            }

            @Override
            public String registry() {
                return registry;
            }
        };
    }

}
