package io.granary.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRDs carry what kubectl users and the API server rely on: scope, names, columns, defaults, CEL rules, docs. */
class GeneratedCrdContentTest {

    // Fields of Kubernetes' own types (fabric8's model has no descriptions for them).
    private static final Set<String> FOREIGN_TYPES = Set.of(".spec.resources", ".spec.selector");

    private static final List<CustomResourceDefinition> CRDS = CrdFiles.pluginOutput();

    @ParameterizedTest
    @ValueSource(strings = {"Registry", "Repository", "RetentionPolicy", "Replication", "PromotionRule"})
    void everyKindIsANamespacedGranaryResourceWithStatusAndAgeLast(String kind) {
        CustomResourceDefinition crd = crd(kind);
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);

        assertThat(crd.getSpec().getGroup()).isEqualTo("granary.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("granary");
        assertThat(crd.getSpec().getNames().getShortNames()).hasSize(1);
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(version.getSchema().getOpenAPIV3Schema().getDescription()).isNotBlank();
        assertThat(columns(version)).contains("Ready").last().isEqualTo("Age");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Registry", "Repository", "RetentionPolicy", "Replication", "PromotionRule"})
    void everyGranaryFieldIsDescribedForKubectlExplain(String kind) {
        JSONSchemaProps root = crd(kind).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        List<String> undescribed = new ArrayList<>();

        collectUndescribed(root.getProperties().get("spec"), ".spec", undescribed);
        collectUndescribed(root.getProperties().get("status"), ".status", undescribed);

        assertThat(undescribed).isEmpty();
    }

    @Test
    void repositoryHasItsColumnsDefaultsAndCrossFieldRules() {
        CustomResourceDefinition crd = crd("Repository");
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");

        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("grepo");
        assertThat(columns(version)).containsExactly("Format", "Type", "Ready", "Pull-SLO", "Push-SLO", "URL", "Age");
        assertThat(column(version, "URL").getJsonPath()).isEqualTo(".status.url");
        assertThat(column(version, "Push-SLO").getPriority()).isEqualTo(1);
        assertThat(spec.getRequired()).containsExactly("format");
        assertThat(spec.getProperties().get("format").getEnum()).extracting(Object::toString)
                .containsExactlyInAnyOrder("\"oci\"", "\"maven\"", "\"npm\"", "\"pypi\"", "\"helm\"", "\"generic\"");
        assertThat(spec.getProperties().get("registry").getDefault().asText()).isEqualTo("default");
        assertThat(spec.getProperties().get("type").getDefault().asText()).isEqualTo("hosted");
        assertThat(prop(spec, "storage", "deletionPolicy").getDefault().asText()).isEqualTo("Retain");
        assertThat(prop(spec, "slo", "window").getDefault().asText()).isEqualTo("30m");
        assertThat(prop(spec, "upstream", "allowPrivateAddresses").getDefault().asBoolean()).isFalse();
        assertThat(rules(spec)).contains(
                "self.type == 'proxy' ? has(self.upstream) : !has(self.upstream)",
                "self.type == 'group' ? (has(self.members) && size(self.members) > 0) : (!has(self.members) || size(self.members) == 0)");
        assertThat(messages(spec)).contains(
                "deployMember must be one of the members of a group repository",
                "only the section of the repository's own format (maven, npm, oci, pypi or helm) may be set");
        assertThat(rules(spec.getProperties().get("format"))).containsExactly("self == oldSelf");
        assertThat(messages(prop(spec, "access", "roles"))).containsExactly("role names must be unique");
    }

    @Test
    void registryIsScalableAndRequiresExactlyOneDatabaseAndStorage() {
        CustomResourceDefinitionVersion version = crd("Registry").getSpec().getVersions().get(0);
        JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");

        assertThat(version.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
        assertThat(version.getSubresources().getScale().getStatusReplicasPath()).isEqualTo(".status.replicas");
        assertThat(columns(version)).containsExactly("Replicas", "Ready", "Ready-Replicas", "Endpoint", "URL", "Age");
        assertThat(spec.getRequired()).containsExactlyInAnyOrder("database", "storage");
        assertThat(messages(spec.getProperties().get("database"))).containsExactly("set exactly one of urlSecretRef and cnpgClusterName");
        assertThat(messages(spec.getProperties().get("storage"))).containsExactly("set exactly one of s3 and filesystem");
        assertThat(prop(spec, "storage", "s3").getProperties().get("bucketTemplate").getDefault().asText())
                .isEqualTo("granary-{namespace}-{repository}");
    }

    @Test
    void otherKindsCarryTheirRulesAndColumns() {
        assertThat(columns(crd("RetentionPolicy").getSpec().getVersions().get(0)))
                .containsExactly("Schedule", "Dry-Run", "Ready", "Last-Run", "Deleted", "Freed-Bytes", "Next-Run", "Age");
        assertThat(messages(specOf("RetentionPolicy"))).containsExactly("select repositories with selector, repositories or both");
        assertThat(messages(specOf("RetentionPolicy").getProperties().get("rules")))
                .containsExactly("bound deletion with keepLastVersions, keepLastSnapshotBuilds or maxAge, or delete only untaggedManifests");

        assertThat(columns(crd("Replication").getSpec().getVersions().get(0)))
                .containsExactly("Mode", "Source", "Target", "Target-URL", "Ready", "In-Sync", "Lag", "Last-Sync", "Age");
        assertThat(messages(specOf("Replication"))).contains(
                "push mode needs a local source repository, pull mode a local target repository", "source and target must differ");

        assertThat(columns(crd("PromotionRule").getSpec().getVersions().get(0)))
                .containsExactly("From", "To", "Mode", "Ready", "Gates", "Promoted", "Blocked", "Age");
        assertThat(messages(specOf("PromotionRule")))
                .containsExactly("set exactly one of artifacts and selector", "from and to must be different repositories");
    }

    private static void collectUndescribed(JSONSchemaProps schema, String path, List<String> undescribed) {
        if (FOREIGN_TYPES.contains(path)) {
            return;
        }
        if (schema.getProperties() != null) {
            for (Map.Entry<String, JSONSchemaProps> property : schema.getProperties().entrySet()) {
                String child = path + "." + property.getKey();
                if (property.getValue().getDescription() == null || property.getValue().getDescription().isBlank()) {
                    undescribed.add(child);
                }
                collectUndescribed(property.getValue(), child, undescribed);
            }
        }
        if (schema.getItems() != null && schema.getItems().getSchema() != null) {
            collectUndescribed(schema.getItems().getSchema(), path + "[]", undescribed);
        }
    }

    private static CustomResourceDefinition crd(String kind) {
        return CRDS.stream()
                .filter(crd -> crd.getSpec().getNames().getKind().equals(kind))
                .findFirst()
                .orElseThrow();
    }

    private static JSONSchemaProps specOf(String kind) {
        return crd(kind).getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    }

    private static JSONSchemaProps prop(JSONSchemaProps schema, String... names) {
        JSONSchemaProps current = schema;
        for (String name : names) {
            current = current.getProperties().get(name);
        }
        return current;
    }

    private static List<String> columns(CustomResourceDefinitionVersion version) {
        return version.getAdditionalPrinterColumns().stream().map(CustomResourceColumnDefinition::getName).toList();
    }

    private static CustomResourceColumnDefinition column(CustomResourceDefinitionVersion version, String name) {
        return version.getAdditionalPrinterColumns().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> rules(JSONSchemaProps schema) {
        return schema.getXKubernetesValidations().stream().map(ValidationRule::getRule).toList();
    }

    private static List<String> messages(JSONSchemaProps schema) {
        return schema.getXKubernetesValidations().stream().map(ValidationRule::getMessage).toList();
    }
}
