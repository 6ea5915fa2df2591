package io.granary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.registry.FilesystemStorageSpec;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.S3StorageSpec;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.operator.testsupport.ControlPlane;
import io.granary.operator.testsupport.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated CRDs on a real API server: bad specs are refused with messages a person can act on. */
class CrdSchemaTest {

    static KubernetesClient client;
    static String ns;

    @BeforeAll
    static void start() {
        client = ControlPlane.newClient();
        ns = ControlPlane.newNamespace(client, "schema");
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void proxyWithoutUpstreamIsRefusedByTheCelRule() {
        Repository repository = Fixtures.repository(ns, "proxy-no-upstream", "default", RepositoryFormat.MAVEN, null);
        repository.getSpec().setType(RepositoryType.PROXY);
        assertThatThrownBy(() -> client.resource(repository).create())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("upstream is required when type is proxy");
    }

    @Test
    void groupMembersOnlyForGroups() {
        Repository repository = Fixtures.repository(ns, "hosted-with-members", "default", RepositoryFormat.NPM, null);
        repository.getSpec().setMembers(List.of("a", "b"));
        assertThatThrownBy(() -> client.resource(repository).create())
                .hasMessageContaining("members are required when type is group and allowed only then");
    }

    @Test
    void unknownFormatIsRefusedByTheEnum() {
        var raw = Map.of("apiVersion", "granary.io/v1alpha1", "kind", "Repository",
                "metadata", Map.of("name", "rpm", "namespace", ns),
                "spec", Map.of("format", "rpm", "type", "hosted"));
        assertThatThrownBy(() -> client.resource(client.getKubernetesSerialization().convertValue(raw,
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).create())
                .hasMessageContaining("spec.format")
                .hasMessageContaining("Unsupported value: \"rpm\"");
    }

    @Test
    void registryNeedsExactlyOneStorage() {
        Registry registry = Fixtures.filesystemRegistry(ns, "both");
        registry.getSpec().getStorage().setS3(new S3StorageSpec());
        assertThatThrownBy(() -> client.resource(registry).create())
                .hasMessageContaining("set exactly one of s3 and filesystem");
    }

    @Test
    void bucketTemplateMustNameTheRepository() {
        Registry registry = Fixtures.s3Registry(ns, "shared-bucket", "http://127.0.0.1:9000");
        registry.getSpec().getStorage().getS3().setBucketTemplate("granary-{namespace}");
        assertThatThrownBy(() -> client.resource(registry).create())
                .hasMessageContaining("bucketTemplate must contain {repository}");
    }

    @Test
    void secretReferencesNeedNameAndKey() {
        Registry registry = Fixtures.filesystemRegistry(ns, "no-key");
        registry.getSpec().getDatabase().setUrlSecretRef(new SecretKeyReference("db", null));
        assertThatThrownBy(() -> client.resource(registry).create())
                .hasMessageContaining("spec.database.urlSecretRef.key")
                .hasMessageContaining("Required value");
    }

    @Test
    void defaultsAreFilledInByTheServer() {
        Registry registry = Fixtures.filesystemRegistry(ns, "defaults");
        registry.getSpec().getStorage().setFilesystem(new FilesystemStorageSpec());
        registry.getSpec().getStorage().getFilesystem().setPvcName("data");
        client.resource(registry).create();
        var stored = client.genericKubernetesResources("granary.io/v1alpha1", "Registry").inNamespace(ns).withName("defaults").get();
        assertThat((Object) stored.get("spec", "replicas")).isEqualTo(1);
        assertThat((Object) stored.get("spec", "storage", "filesystem", "pvcName")).isEqualTo("data");
    }
}
