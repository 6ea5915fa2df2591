package io.granary.api.v1alpha1.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.granary.api.v1alpha1.Samples;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import org.junit.jupiter.api.Test;

class RegistrySerializationTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void readsTheDesignExampleIntoTypedFields() {
        Registry registry = SERIALIZATION.unmarshal(Samples.read("registry-default.yaml"), Registry.class);

        RegistrySpec spec = registry.getSpec();
        assertThat(spec.getReplicas()).isEqualTo(2);
        assertThat(spec.getDatabase().getUrlSecretRef()).isEqualTo(new SecretKeyReference("granary-db", "url"));
        S3StorageSpec s3 = spec.getStorage().getS3();
        assertThat(s3.getEndpoint()).isEqualTo("https://s3.example.internal");
        assertThat(s3.getRegion()).isEqualTo("us-east-1");
        assertThat(s3.getCredentialsSecretRef().getName()).isEqualTo("granary-s3");
        assertThat(s3.getBucketTemplate()).isEqualTo("granary-{namespace}-{repository}");
        assertThat(s3.getPathStyle()).isFalse();
        assertThat(s3.getChecksumMode()).isEqualTo(S3ChecksumMode.WHEN_REQUIRED);
        assertThat(spec.getStorage().getFilesystem()).isNull();
        assertThat(spec.getAuth().getAnonymousRead()).isFalse();
        assertThat(registry.getStatus().getEndpoint()).isEqualTo("http://default.platform.svc:8080");
        assertThat(registry.getStatus().getReadyReplicas()).isEqualTo(2);
    }

    @Test
    void readsAFilesystemRegistryWithIngressAndResources() {
        Registry registry = SERIALIZATION.unmarshal(Samples.read("registry-filesystem.yaml"), Registry.class);

        RegistrySpec spec = registry.getSpec();
        assertThat(spec.getReplicas()).as("schema default").isEqualTo(1);
        assertThat(spec.getDatabase().getCnpgClusterName()).isEqualTo("granary-pg");
        assertThat(spec.getStorage().getFilesystem().getSize()).isEqualTo("100Gi");
        assertThat(spec.getResources().getRequests().get("memory").toString()).isEqualTo("1Gi");
        assertThat(spec.getIngress().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
    }
}
