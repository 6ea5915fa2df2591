package io.granary.api.v1alpha1.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.granary.api.v1alpha1.Samples;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RepositorySerializationTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void readsTheDesignExampleIntoTypedFields() throws IOException {
        Repository repository = SERIALIZATION.unmarshal(Samples.read("repository-maven-releases.yaml"), Repository.class);

        RepositorySpec spec = repository.getSpec();
        assertThat(repository.getMetadata().getLabels()).containsEntry("tier", "release");
        assertThat(spec.getRegistry()).isEqualTo("default");
        assertThat(spec.getFormat()).isEqualTo(RepositoryFormat.MAVEN);
        assertThat(spec.getType()).isEqualTo(RepositoryType.HOSTED);
        assertThat(spec.getMaven().getVersionPolicy()).isEqualTo(MavenVersionPolicy.RELEASE);
        assertThat(spec.getImmutability().getEnabled()).isTrue();
        assertThat(spec.getAccess().getAnonymousRead()).isFalse();
        assertThat(spec.getAccess().getRoles())
                .extracting(AccessRole::getName, AccessRole::getRole)
                .containsExactly(
                        tuple("ci", AccessRoleName.WRITER),
                        tuple("deploy", AccessRoleName.READER));
        assertThat(spec.getStorage().getDeletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
        assertThat(spec.getStorage().getQuota()).isEqualTo("500Gi");
        assertThat(spec.getSlo().getPull().getSuccessRatio()).isEqualTo("0.999");
        assertThat(spec.getSlo().getPull().getP95()).isEqualTo("500ms");
        assertThat(spec.getSlo().getPush().getP95()).isEqualTo("5s");
        assertThat(spec.getSlo().getWindow()).isEqualTo("30m");

        RepositoryStatus status = repository.getStatus();
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(status.getUrl()).isEqualTo("http://default.platform.svc:8080/maven/maven-releases/");
        assertThat(status.getUsage().getArtifacts()).isEqualTo(1204L);
        assertThat(status.getUsage().getBytes()).isEqualTo(7_340_032_000L);
        assertThat(status.getSli().getPullP95()).isEqualTo("41ms");
        assertThat(status.getSli().getPushSuccessRatio()).isEqualTo("1.0");
        assertThat(Conditions.find(status.getConditions(), ConditionTypes.PULL_SLO_MET).orElseThrow().getMessage())
                .isEqualTo("99.96% ≥ 99.9%, p95 41ms ≤ 500ms over 30m");
    }

    @Test
    void writesBackExactlyWhatItRead() throws IOException {
        String original = Samples.read("repository-maven-releases.yaml");

        String written = SERIALIZATION.asYaml(SERIALIZATION.unmarshal(original, Repository.class));

        JsonNode tree = tree(written);
        assertThat(tree).isEqualTo(tree(original));
        assertThat(tree.at("/spec/format").asText()).isEqualTo("maven");
        assertThat(tree.at("/spec/type").asText()).isEqualTo("hosted");
        assertThat(tree.at("/spec/maven/versionPolicy").asText()).isEqualTo("release");
        assertThat(tree.at("/spec/access/roles/0/role").asText()).isEqualTo("writer");
        assertThat(tree.at("/spec/storage/deletionPolicy").asText()).isEqualTo("Retain");
        assertThat(tree.at("/spec").has("members")).as("empty lists are left out").isFalse();
    }

    @Test
    void roundTripsAProxyWithAnEmptyFormatSection() throws IOException {
        String original = Samples.read("repository-pypi-proxy.yaml");

        Repository repository = SERIALIZATION.unmarshal(original, Repository.class);
        String written = SERIALIZATION.asYaml(repository);

        assertThat(repository.getSpec().getType()).isEqualTo(RepositoryType.PROXY);
        assertThat(repository.getSpec().getUpstream().getCredentialsSecretRef().getName()).isEqualTo("pypi-upstream");
        assertThat(repository.getSpec().getPypi()).isNotNull();
        JsonNode spec = tree(written).get("spec");
        assertThat(spec.get("pypi").isObject()).isTrue();
        assertThat(spec.get("format").asText()).isEqualTo("pypi");
        assertThat(spec.get("type").asText()).isEqualTo("proxy");
        // Defaults the API server would fill in are also what the Java getters answer.
        assertThat(spec.get("registry").asText()).isEqualTo("default");
        assertThat(spec.at("/upstream/metadataTtl").asText()).isEqualTo("15m");
        assertThat(spec.at("/upstream/negativeCacheTtl").asText()).isEqualTo("5m");
        assertThat(spec.at("/upstream/serveStaleOnError").asBoolean()).isTrue();
        assertThat(spec.at("/upstream/allowPrivateAddresses").asBoolean()).isFalse();
    }

    @Test
    void gettersAnswerTheSchemaDefaultsWhenFieldsAreAbsent() {
        RepositorySpec spec = new RepositorySpec();

        assertThat(spec.getRegistry()).isEqualTo("default");
        assertThat(spec.getType()).isEqualTo(RepositoryType.HOSTED);
        assertThat(spec.getMembers()).isEmpty();
        assertThat(new AccessSpec().getAnonymousRead()).isFalse();
        assertThat(new AccessSpec().getRoles()).isEmpty();
        assertThat(new StorageSpec().getDeletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
        assertThat(new SloSpec().getWindow()).isEqualTo("30m");
        assertThat(new UpstreamSpec().getAllowPrivateAddresses()).isFalse();
        assertThat(new ImmutabilitySpec().getEnabled()).isFalse();
        assertThat(new MavenSpec().getVersionPolicy()).isEqualTo(MavenVersionPolicy.RELEASE);
        assertThat(new NpmSpec().getAllowUnpublish()).isFalse();
    }

    @Test
    void enumsKnowTheirWireNames() {
        assertThat(RepositoryFormat.OCI.wireName()).isEqualTo("oci");
        assertThat(RepositoryFormat.fromWireName("pypi")).isEqualTo(RepositoryFormat.PYPI);
        assertThat(DeletionPolicy.DELETE.wireName()).isEqualTo("Delete");
        assertThat(AccessRoleName.ADMIN.wireName()).isEqualTo("admin");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RepositoryFormat.fromWireName("OCI"));
    }

    private static JsonNode tree(String yaml) throws IOException {
        return YAML.readTree(yaml);
    }
}
