package io.granary.e2e.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.registry.DatabaseSpec;
import io.granary.api.v1alpha1.registry.FilesystemStorageSpec;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.RegistrySpec;
import io.granary.api.v1alpha1.registry.RegistryStorageSpec;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositorySpec;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.e2e.support.TestPostgres;
import io.granary.operator.GranaryOperator;
import io.granary.operator.OperatorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real control plane with the operator in this JVM and Registries run by the node stand-in as local runtime
 * processes, each on its own PostgreSQL: what the lifecycle flow tests (promotion, replication) start from.
 */
final class LoopbackCluster implements AutoCloseable {

    final String namespace;
    final ControlPlane plane;
    final KubernetesClient client;
    final NodeStandIn node;
    final GranaryOperator operator;
    private final List<TestPostgres> databases = new ArrayList<>();

    LoopbackCluster(String namespace, Path dir) throws Exception {
        this.namespace = namespace;
        await().atMost(Duration.ofSeconds(1)); // touch Awaitility before ignoring exceptions globally
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        plane = ControlPlane.start();
        client = plane.client();
        ControlPlane.namespace(client, namespace);
        node = new NodeStandIn(client, dir, plane.writeKubeconfig(dir));
        operator = OperatorStart.started(() -> new GranaryOperator(client, new OperatorSettings(Set.of(namespace),
                "granary/registry-runtime:e2e", r -> node.url(r.getMetadata().getName()), Duration.ofSeconds(2), null)));
    }

    /** Creates a Registry on its own database, runs its pod, and waits until it is Ready. */
    void registry(String name) throws Exception {
        TestPostgres postgres = TestPostgres.start();
        databases.add(postgres);
        client.resource(new SecretBuilder().withNewMetadata().withName(name + "-db").withNamespace(namespace).endMetadata()
                .withStringData(Map.of("url", postgres.url())).build()).create();
        Registry registry = new Registry();
        registry.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        RegistrySpec spec = new RegistrySpec();
        DatabaseSpec db = new DatabaseSpec();
        db.setUrlSecretRef(new SecretKeyReference(name + "-db", "url"));
        spec.setDatabase(db);
        RegistryStorageSpec storage = new RegistryStorageSpec();
        FilesystemStorageSpec fs = new FilesystemStorageSpec();
        fs.setPvcName(name + "-data");
        storage.setFilesystem(fs);
        spec.setStorage(storage);
        registry.setSpec(spec);
        client.resource(registry).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> client.apps().deployments().inNamespace(namespace).withName(name).get() != null);
        node.run(namespace, name, Duration.ofSeconds(180));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Conditions.isReadyAtLatestGeneration(client.resources(Registry.class).inNamespace(namespace).withName(name).get()));
    }

    /** Creates a hosted Repository served by the Registry and waits until it is Ready. */
    void repository(String name, String registry, RepositoryFormat format) {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        RepositorySpec spec = new RepositorySpec();
        spec.setFormat(format);
        spec.setType(RepositoryType.HOSTED);
        spec.setRegistry(registry);
        repository.setSpec(spec);
        client.resource(repository).create();
        await().atMost(Duration.ofSeconds(90)).until(() ->
                Conditions.isReadyAtLatestGeneration(client.resources(Repository.class).inNamespace(namespace).withName(name).get()));
    }

    /** The admin token the operator generated for the Registry. */
    String adminToken(String registry) {
        var secret = client.secrets().inNamespace(namespace).withName(registry + "-admin-token").get();
        return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.close();
        }
        if (node != null) {
            node.close();
        }
        databases.forEach(TestPostgres::close);
        if (client != null) {
            client.close();
        }
        if (plane != null) {
            plane.close();
        }
    }
}
