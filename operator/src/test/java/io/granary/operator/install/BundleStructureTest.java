package io.granary.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.granary.operator.testsupport.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The OLM bundle has the shape OLM needs: a CSV that owns exactly the bundled CRDs, examples of each, metadata. */
class BundleStructureTest {

    private final Path bundle = ControlPlane.repositoryRoot().resolve("bundle");

    @Test
    void csvOwnsEveryBundledCrdWithDescriptorsAndExamples() throws Exception {
        JsonNode csv = InstallManifests.YAML.readTree(bundle.resolve("manifests/granary-operator.clusterserviceversion.yaml").toFile());
        assertThat(csv.path("kind").asText()).isEqualTo("ClusterServiceVersion");
        assertThat(csv.at("/spec/version").asText()).isEqualTo(InstallManifests.VERSION);

        Set<String> bundledCrds = new HashSet<>();
        Set<String> bundledKinds = new HashSet<>();
        try (Stream<Path> files = Files.list(bundle.resolve("manifests"))) {
            for (Path f : files.filter(p -> !p.getFileName().toString().contains("clusterserviceversion")).toList()) {
                JsonNode crd = InstallManifests.YAML.readTree(f.toFile());
                assertThat(crd.path("kind").asText()).isEqualTo("CustomResourceDefinition");
                bundledCrds.add(crd.at("/metadata/name").asText());
                bundledKinds.add(crd.at("/spec/names/kind").asText());
            }
        }
        Set<String> owned = new HashSet<>();
        for (JsonNode o : csv.at("/spec/customresourcedefinitions/owned")) {
            owned.add(o.path("name").asText());
            assertThat(o.path("version").asText()).isEqualTo("v1alpha1");
            assertThat(o.path("statusDescriptors")).anySatisfy(d ->
                    assertThat(d.path("x-descriptors").toString()).contains("urn:alm:descriptor:io.kubernetes.conditions"));
            assertThat(o.path("specDescriptors").size()).isPositive();
        }
        assertThat(owned).isEqualTo(bundledCrds).hasSize(5);

        JsonNode examples = InstallManifests.JSON.readTree(csv.at("/metadata/annotations/alm-examples").asText());
        List<String> exampleKinds = new ArrayList<>();
        examples.forEach(e -> exampleKinds.add(e.path("kind").asText()));
        assertThat(exampleKinds).containsAll(bundledKinds);

        List<String> modes = new ArrayList<>();
        csv.at("/spec/installModes").forEach(m -> modes.add(m.path("type").asText()));
        assertThat(modes).containsExactlyInAnyOrder("OwnNamespace", "SingleNamespace", "MultiNamespace", "AllNamespaces");
        assertThat(csv.at("/spec/install/strategy").asText()).isEqualTo("deployment");
        assertThat(csv.at("/spec/install/spec/deployments/0/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(csv.at("/spec/install/spec/clusterPermissions/0/serviceAccountName").asText());
    }

    @Test
    void metadataAnnotationsNameTheBundleFormat() throws Exception {
        JsonNode annotations = InstallManifests.YAML.readTree(bundle.resolve("metadata/annotations.yaml").toFile()).path("annotations");
        assertThat(annotations.path("operators.operatorframework.io.bundle.mediatype.v1").asText()).isEqualTo("registry+v1");
        assertThat(annotations.path("operators.operatorframework.io.bundle.manifests.v1").asText()).isEqualTo("manifests/");
        assertThat(annotations.path("operators.operatorframework.io.bundle.metadata.v1").asText()).isEqualTo("metadata/");
        assertThat(annotations.path("operators.operatorframework.io.bundle.package.v1").asText()).isEqualTo("granary-operator");
    }
}
