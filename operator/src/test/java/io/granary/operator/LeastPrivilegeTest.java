package io.granary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.repository.DeletionPolicy;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.operator.testsupport.ControlPlane;
import io.granary.operator.testsupport.Fixtures;
import io.granary.operator.testsupport.S3Server;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator runs as its ServiceAccount with nothing but the generated config/rbac roles (the API server enforces
 * RBAC): it still reconciles a Registry and a Repository, grants the runtime its Role, and holds the leader Lease.
 */
class LeastPrivilegeTest {

    static KubernetesClient admin;
    static KubernetesClient asOperator;
    static String ns;
    static GranaryOperator operator;
    static S3Server s3;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        s3 = S3Server.start();
        admin = ControlPlane.newClient();
        ns = ControlPlane.newNamespace(admin, "rbac");
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("granary-operator").withNamespace(ns).endMetadata().build()).create();
        var root = ControlPlane.repositoryRoot();
        try (InputStream in = Files.newInputStream(root.resolve("config/rbac/role.yaml"))) {
            ClusterRole role = admin.rbac().clusterRoles().load(in).item();
            role.getMetadata().setName("granary-operator-" + ns);
            admin.resource(role).create();
        }
        admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("granary-operator-" + ns).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("granary-operator-" + ns).endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("granary-operator").withNamespace(ns).endSubject().build()).create();
        try (InputStream in = Files.newInputStream(root.resolve("config/rbac/leader_election_role.yaml"))) {
            Role role = admin.rbac().roles().load(in).item();
            role.getMetadata().setNamespace(ns);
            admin.resource(role).create();
        }
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("granary-operator-leader-election").withNamespace(ns).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("granary-operator-leader-election").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("granary-operator").withNamespace(ns).endSubject().build()).create();

        Config config = Config.fromKubeconfig(ControlPlane.kubeconfig());
        config.setImpersonateUsername("system:serviceaccount:" + ns + ":granary-operator");
        config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
        asOperator = new KubernetesClientBuilder().withConfig(config).build();
        assertThat(asOperator.secrets().inNamespace("kube-system").list().getItems()).as("impersonation works").isNotNull();
        operator = new GranaryOperator(asOperator, new OperatorSettings(Set.of(ns), "granary/registry-runtime:test", null,
                Duration.ofSeconds(5), ns, false)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        operator.close();
        asOperator.close();
        admin.close();
        s3.close();
    }

    @Test
    void reconcilesWithOnlyTheGeneratedRoles() {
        admin.resource(Fixtures.databaseSecret(ns, "db", "postgresql://u:p@db:5432/granary")).create();
        admin.resource(Fixtures.s3Secret(ns, "s3", s3.accessKey(), s3.secretKey())).create();
        admin.resource(Fixtures.s3Registry(ns, "default", s3.endpoint())).create();
        admin.resource(Fixtures.repository(ns, "libs", "default", RepositoryFormat.MAVEN, DeletionPolicy.RETAIN)).create();

        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            assertThat(admin.apps().deployments().inNamespace(ns).withName("default").get()).isNotNull();
            assertThat(admin.rbac().roleBindings().inNamespace(ns).withName("default-registry").get()).isNotNull();
            assertThat(admin.secrets().inNamespace(ns).withName("default-admin-token").get()).isNotNull();
            Repository libs = admin.resources(Repository.class).inNamespace(ns).withName("libs").get();
            assertThat(Conditions.isTrue(libs.getStatus().getConditions(), ConditionTypes.BUCKET_READY)).isTrue();
        });
        Lease lease = admin.leases().inNamespace(ns).withName(GranaryOperator.LEASE_NAME).get();
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
    }

    @Test
    void theRuntimeMayGetExactlyTheSecretsItsProxiesNameAsUpstreamCredentials() {
        // Its own database Secret: the other test of this class creates "db" in the same namespace.
        admin.resource(Fixtures.databaseSecret(ns, "cache-db", "postgresql://u:p@db:5432/granary")).create();
        var registry = Fixtures.filesystemRegistry(ns, "cache");
        registry.getSpec().getDatabase().setUrlSecretRef(new io.granary.api.v1alpha1.common.SecretKeyReference("cache-db", "url"));
        admin.resource(registry).create();
        admin.resource(Fixtures.s3Secret(ns, "mirror-login", "mirror-user", "mirror-password")).create();
        admin.resource(Fixtures.s3Secret(ns, "unrelated", "other-user", "other-password")).create();
        Repository mirror = Fixtures.repository(ns, "mirror", "cache", RepositoryFormat.MAVEN, DeletionPolicy.RETAIN);
        mirror.getSpec().setType(io.granary.api.v1alpha1.repository.RepositoryType.PROXY);
        var upstream = new io.granary.api.v1alpha1.repository.UpstreamSpec();
        upstream.setUrl("http://127.0.0.1:9/maven/");
        upstream.setCredentialsSecretRef(new io.granary.api.v1alpha1.common.SecretReference("mirror-login"));
        mirror.getSpec().setUpstream(upstream);
        admin.resource(mirror).create();

        Config config = Config.fromKubeconfig(ControlPlane.kubeconfig());
        config.setImpersonateUsername("system:serviceaccount:" + ns + ":cache-registry");
        config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
        try (KubernetesClient asRuntime = new KubernetesClientBuilder().withConfig(config).build()) {
            // The API server enforces the Role the operator wrote: the named Secret only, and only get.
            await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() ->
                    assertThat(asRuntime.secrets().inNamespace(ns).withName("mirror-login").get()).isNotNull());
            assertThatThrownBy(() -> asRuntime.secrets().inNamespace(ns).withName("unrelated").get())
                    .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
                    .hasMessageContaining("Forbidden");
            assertThatThrownBy(() -> asRuntime.secrets().inNamespace(ns).list())
                    .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
        }
    }
}
