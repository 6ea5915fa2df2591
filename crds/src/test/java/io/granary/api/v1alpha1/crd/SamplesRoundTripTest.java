package io.granary.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.granary.api.v1alpha1.Samples;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every sample manifest reads into its typed class and writes back with nothing lost or renamed. */
class SamplesRoundTripTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(strings = {
        "registry-default.yaml",
        "registry-filesystem.yaml",
        "repository-maven-releases.yaml",
        "repository-pypi-proxy.yaml",
        "retentionpolicy-snapshots.yaml",
        "replication-to-eu.yaml",
        "promotionrule-to-releases.yaml",
    })
    void writesBackEverythingItRead(String sample) throws IOException {
        String original = Samples.read(sample);
        JsonNode originalTree = YAML.readTree(original);
        Class<? extends CustomResource<?, ?>> type = GranaryKinds.byKind(originalTree.get("kind").asText());

        CustomResource<?, ?> resource = SERIALIZATION.unmarshal(original, type);
        JsonNode written = YAML.readTree(SERIALIZATION.asYaml(resource));

        assertThat(resource.getSpec()).isNotNull();
        // Written may add the schema defaults the getters answer; everything the sample says must come back unchanged.
        assertContains(written, originalTree, "");
    }

    private static void assertContains(JsonNode actual, JsonNode expected, String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as("%s is an object", path).isTrue();
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertThat(actual.has(field.getKey())).as("%s/%s is written", path, field.getKey()).isTrue();
                assertContains(actual.get(field.getKey()), field.getValue(), path + "/" + field.getKey());
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).as("%s has as many items", path).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertContains(actual.get(i), expected.get(i), path + "/" + i);
            }
        } else {
            assertThat(actual.asText()).as(path).isEqualTo(expected.asText());
        }
    }
}
