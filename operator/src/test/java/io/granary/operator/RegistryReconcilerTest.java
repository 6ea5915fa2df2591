package io.granary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.operator.registry.RegistryDeploymentDependentResource;
import io.granary.operator.registry.RegistryNames;
import io.granary.operator.testsupport.ControlPlane;
import io.granary.operator.testsupport.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registry → its dependents on a real API server: created, updated, healed, owned, and a truthful status. */
class RegistryReconcilerTest {

    static KubernetesClient client;
    static String ns;
    static GranaryOperator operator;

    @BeforeAll
    static void start() {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        client = ControlPlane.newClient();
        ns = ControlPlane.newNamespace(client, "registry");
        operator = startOperator();
    }

    static GranaryOperator startOperator() {
        return new GranaryOperator(client, new OperatorSettings(Set.of(ns), "granary/registry-runtime:test", null,
                Duration.ofSeconds(5), null)).start();
    }

    @AfterAll
    static void stop() {
        operator.close();
        client.close();
    }

    @Test
    void createsEveryDependentOwnedByTheRegistry() {
        client.resource(Fixtures.databaseSecret(ns, "db", "postgresql://u:p@db:5432/granary")).create();
        Registry registry = client.resource(Fixtures.filesystemRegistry(ns, "main")).create();

        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            List<HasMetadata> owned = java.util.Arrays.asList(
                    client.apps().deployments().inNamespace(ns).withName("main").get(),
                    client.services().inNamespace(ns).withName("main").get(),
                    client.configMaps().inNamespace(ns).withName("main-config").get(),
                    client.secrets().inNamespace(ns).withName("main-admin-token").get(),
                    client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("main").get(),
                    client.serviceAccounts().inNamespace(ns).withName("main-registry").get(),
                    client.rbac().roles().inNamespace(ns).withName("main-registry").get(),
                    client.rbac().roleBindings().inNamespace(ns).withName("main-registry").get());
            List<String> kinds = List.of("Deployment", "Service", "ConfigMap", "Secret", "PodDisruptionBudget", "ServiceAccount",
                    "Role", "RoleBinding");
            for (int i = 0; i < owned.size(); i++) {
                HasMetadata o = owned.get(i);
                assertThat(o).as(kinds.get(i)).isNotNull();
                // Garbage collection of these follows from a controller owner reference to the Registry.
                assertThat(o.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
                    assertThat(ref.getUid()).isEqualTo(registry.getMetadata().getUid());
                    assertThat(ref.getKind()).isEqualTo("Registry");
                });
            }
        });
        var claim = client.persistentVolumeClaims().inNamespace(ns).withName("main-data").get();
        assertThat(claim.getMetadata().getOwnerReferences()).as("the data claim outlives its Registry").isEmpty();

        Deployment deployment = client.apps().deployments().inNamespace(ns).withName("main").get();
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("granary/registry-runtime:test");
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("GRANARY_DATABASE_URL");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("db");
        });
        assertThat(client.secrets().inNamespace(ns).withName("main-admin-token").get().getData()).containsKey("token");
        String token = client.secrets().inNamespace(ns).withName("main-admin-token").get().getData().get("token");

        // Without a node, the Registry waits for its rollout and says so.
        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            Registry r = client.resources(Registry.class).inNamespace(ns).withName("main").get();
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.READY)).get()
                    .extracting(Condition::getStatus).isEqualTo("False");
            assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.RECONCILING)).isTrue();
            assertThat(r.getStatus().getEndpoint()).isEqualTo("http://main." + ns + ".svc:8080");
        });

        Fixtures.markDeploymentReady(client, ns, "main");
        await().atMost(ControlPlane.convergeTimeout()).until(() ->
                Conditions.isReadyAtLatestGeneration(client.resources(Registry.class).inNamespace(ns).withName("main").get()));
        Registry ready = client.resources(Registry.class).inNamespace(ns).withName("main").get();
        assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(Conditions.isTrue(ready.getStatus().getConditions(), ConditionTypes.AVAILABLE)).isTrue();
        assertThat(Conditions.isTrue(ready.getStatus().getConditions(), ConditionTypes.STALLED)).isFalse();
        assertThat(client.secrets().inNamespace(ns).withName("main-admin-token").get().getData().get("token"))
                .as("the admin token is never rotated by reconciling").isEqualTo(token);
    }

    @Test
    void specChangesRollThePodsAndDeletedDependentsComeBack() {
        client.resource(Fixtures.databaseSecret(ns, "db2", "postgresql://u:p@db:5432/granary")).create();
        Registry registry = Fixtures.filesystemRegistry(ns, "roll");
        registry.getSpec().getDatabase().getUrlSecretRef().setName("db2");
        client.resource(registry).create();
        await().atMost(ControlPlane.convergeTimeout()).until(() -> client.apps().deployments().inNamespace(ns).withName("roll").get() != null);
        String hash = podAnnotation("roll");

        // Replicas: applied in place, no new configuration.
        Fixtures.edit(client, Registry.class, ns, "roll", r -> {
            r.getSpec().setReplicas(3);
            return r;
        });
        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() ->
                assertThat(client.apps().deployments().inNamespace(ns).withName("roll").get().getSpec().getReplicas()).isEqualTo(3));
        assertThat(podAnnotation("roll")).isEqualTo(hash);

        // Configuration: the ConfigMap changes and the pod template's hash with it, which rolls the pods.
        Fixtures.edit(client, Registry.class, ns, "roll", r -> {
            r.getSpec().getStorage().getFilesystem().setSize(null);
            r.getSpec().getStorage().getFilesystem().setPvcName("shared-volume");
            r.getSpec().getDatabase().getUrlSecretRef().setKey("other");
            return r;
        });
        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            assertThat(podAnnotation("roll")).isNotEqualTo(hash);
            Deployment d = client.apps().deployments().inNamespace(ns).withName("roll").get();
            assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).singleElement()
                    .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("shared-volume"));
        });
        // The missing key stalls the Registry with a message naming it.
        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            Registry r = client.resources(Registry.class).inNamespace(ns).withName("roll").get();
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.STALLED)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getReason()).isEqualTo(ConditionReasons.SECRET_NOT_FOUND);
                assertThat(c.getMessage()).contains("db2/other");
            });
        });

        // Drift: a deleted Service and a hand-edited ConfigMap are put back.
        String uid = client.services().inNamespace(ns).withName("roll").get().getMetadata().getUid();
        client.services().inNamespace(ns).withName("roll").delete();
        client.configMaps().inNamespace(ns).withName("roll-config").edit(cm -> {
            cm.getData().put("GRANARY_STORAGE_KIND", "s3");
            return cm;
        });
        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            var service = client.services().inNamespace(ns).withName("roll").get();
            assertThat(service).isNotNull();
            assertThat(service.getMetadata().getUid()).isNotEqualTo(uid);
            assertThat(client.configMaps().inNamespace(ns).withName("roll-config").get().getData())
                    .containsEntry("GRANARY_STORAGE_KIND", "filesystem");
        });
    }

    @Test
    void aRestartedOperatorConvergesOnWhatChangedWhileItWasDown() {
        client.resource(Fixtures.databaseSecret(ns, "db3", "postgresql://u:p@db:5432/granary")).create();
        Registry registry = Fixtures.filesystemRegistry(ns, "restart");
        registry.getSpec().getDatabase().getUrlSecretRef().setName("db3");
        client.resource(registry).create();
        await().atMost(ControlPlane.convergeTimeout()).until(() -> client.apps().deployments().inNamespace(ns).withName("restart").get() != null);

        operator.close();
        try {
            Fixtures.edit(client, Registry.class, ns, "restart", r -> {
                r.getSpec().setImage("granary/registry-runtime:next");
                return r;
            });
            client.services().inNamespace(ns).withName("restart").delete();
        } finally {
            operator = startOperator();
        }
        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(ns).withName("restart").get().getSpec().getTemplate().getSpec()
                    .getContainers().get(0).getImage()).isEqualTo("granary/registry-runtime:next");
            assertThat(client.services().inNamespace(ns).withName("restart").get()).isNotNull();
        });
        assertThat(RegistryDeploymentDependentResource.image(client.resources(Registry.class).inNamespace(ns).withName("restart").get()))
                .isEqualTo("granary/registry-runtime:next");
        assertThat(RegistryNames.configMap(registry)).isEqualTo("restart-config");
    }

    private static String podAnnotation(String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get().getSpec().getTemplate().getMetadata()
                .getAnnotations().get(RegistryDeploymentDependentResource.CONFIG_HASH);
    }
}
