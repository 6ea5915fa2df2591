package io.granary.operator.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.granary.operator.OperatorPermissions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Renders the generated install files: the CRD copies under config/crd/bases, the RBAC roles from
 * {@link OperatorPermissions}, and the OLM bundle (CSV with owned CRDs, descriptors, alm-examples from config/samples,
 * install modes, the operator Deployment from config/operator; CRDs; metadata/annotations.yaml).
 */
public final class InstallManifests {

    /** Command that rewrites the generated files. */
    public static final String REFRESH_COMMAND = "mvn -B -pl operator -am verify -Dtest=InstallManifestsUpToDateTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dgranary.config.update=true";
    /** Version of the bundle. */
    public static final String VERSION = "0.1.0";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    static final ObjectMapper JSON = new ObjectMapper();

    private record Kind(String kind, String plural, String displayName, String description) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("Registry", "registries", "Registry", "A running Granary registry service: pods, database, blob storage, auth."),
            new Kind("Repository", "repositories", "Repository", "One repository (OCI, Maven, npm, PyPI, Helm, generic) with its bucket, access Secrets and SLOs."),
            new Kind("RetentionPolicy", "retentionpolicies", "Retention Policy", "Which artifacts to delete and when (execution not built yet)."),
            new Kind("Replication", "replications", "Replication", "Copies a repository to another repository or registry (execution not built yet)."),
            new Kind("PromotionRule", "promotionrules", "Promotion Rule", "Promotes artifacts between repositories through gates (execution not built yet)."));

    private InstallManifests() {
    }

    /** Relative path → content of every generated file. */
    public static Map<String, String> render(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (Path crd : crdFiles(root)) {
            String content = Files.readString(crd, StandardCharsets.UTF_8);
            files.put("config/crd/bases/" + crd.getFileName(), content);
            files.put("bundle/manifests/" + crd.getFileName(), content);
        }
        files.put("config/rbac/role.yaml", header() + YAML.writeValueAsString(role("ClusterRole", "granary-operator",
                OperatorPermissions.clusterRules())));
        files.put("config/rbac/leader_election_role.yaml", header() + YAML.writeValueAsString(role("Role",
                "granary-operator-leader-election", OperatorPermissions.leaderElectionRules())));
        files.put("bundle/manifests/granary-operator.clusterserviceversion.yaml", header() + YAML.writeValueAsString(csv(root)));
        files.put("bundle/metadata/annotations.yaml", header() + YAML.writeValueAsString(Map.of("annotations", new TreeMap<>(Map.of(
                "operators.operatorframework.io.bundle.mediatype.v1", "registry+v1",
                "operators.operatorframework.io.bundle.manifests.v1", "manifests/",
                "operators.operatorframework.io.bundle.metadata.v1", "metadata/",
                "operators.operatorframework.io.bundle.package.v1", "granary-operator",
                "operators.operatorframework.io.bundle.channels.v1", "alpha",
                "operators.operatorframework.io.bundle.channel.default.v1", "alpha")))));
        return files;
    }

    /** Writes the files below {@code root}. */
    public static void write(Path root, Map<String, String> files) throws IOException {
        for (var e : files.entrySet()) {
            Path target = root.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
        }
    }

    static List<Path> crdFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("crds/generated"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static String header() {
        return "# Generated by the operator build (InstallManifests) - do not edit; refresh with:\n# " + REFRESH_COMMAND + "\n";
    }

    private static ObjectNode role(String kind, String name, List<PolicyRule> rules) {
        ObjectNode role = JSON.createObjectNode();
        role.put("apiVersion", "rbac.authorization.k8s.io/v1").put("kind", kind);
        role.putObject("metadata").put("name", name).putObject("labels").put("app.kubernetes.io/name", "granary-operator");
        role.set("rules", rules(rules));
        return role;
    }

    private static ArrayNode rules(List<PolicyRule> rules) {
        ArrayNode array = JSON.createArrayNode();
        for (PolicyRule r : rules) {
            ObjectNode rule = array.addObject();
            r.getApiGroups().forEach(rule.putArray("apiGroups")::add);
            r.getResources().forEach(rule.putArray("resources")::add);
            if (r.getResourceNames() != null && !r.getResourceNames().isEmpty()) {
                r.getResourceNames().forEach(rule.putArray("resourceNames")::add);
            }
            r.getVerbs().forEach(rule.putArray("verbs")::add);
        }
        return array;
    }

    private static ObjectNode csv(Path root) throws IOException {
        ObjectNode csv = JSON.createObjectNode();
        csv.put("apiVersion", "operators.coreos.com/v1alpha1").put("kind", "ClusterServiceVersion");
        ObjectNode metadata = csv.putObject("metadata");
        metadata.put("name", "granary-operator.v" + VERSION);
        ObjectNode annotations = metadata.putObject("annotations");
        annotations.put("alm-examples", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(samples(root)));
        annotations.put("capabilities", "Basic Install");
        annotations.put("categories", "Developer Tools");
        annotations.put("description", "Kubernetes-native universal binary repository");
        annotations.put("containerImage", "granary/operator:" + VERSION + "-SNAPSHOT");
        ObjectNode spec = csv.putObject("spec");
        spec.put("displayName", "Granary");
        spec.put("description", "Granary turns Registry and Repository resources into running registries (OCI, Maven, npm, "
                + "PyPI, Helm, generic), their buckets and access Secrets, with kstatus-compatible conditions and SLOs.");
        spec.put("version", VERSION);
        spec.put("maturity", "alpha");
        spec.put("minKubeVersion", "1.30.0");
        spec.putArray("keywords").add("artifact repository").add("registry").add("maven").add("npm").add("oci");
        spec.putObject("provider").put("name", "Granary");
        ArrayNode modes = spec.putArray("installModes");
        modes.addObject().put("type", "OwnNamespace").put("supported", true);
        modes.addObject().put("type", "SingleNamespace").put("supported", true);
        modes.addObject().put("type", "MultiNamespace").put("supported", true);
        modes.addObject().put("type", "AllNamespaces").put("supported", true);
        ObjectNode install = spec.putObject("install");
        install.put("strategy", "deployment");
        ObjectNode installSpec = install.putObject("spec");
        ObjectNode clusterPermissions = installSpec.putArray("clusterPermissions").addObject();
        clusterPermissions.put("serviceAccountName", "granary-operator");
        clusterPermissions.set("rules", rules(OperatorPermissions.clusterRules()));
        ObjectNode permissions = installSpec.putArray("permissions").addObject();
        permissions.put("serviceAccountName", "granary-operator");
        permissions.set("rules", rules(OperatorPermissions.leaderElectionRules()));
        JsonNode deployment = YAML.readTree(root.resolve("config/operator/deployment.yaml").toFile());
        ObjectNode deploymentSpec = (ObjectNode) deployment.get("spec").deepCopy();
        ((ObjectNode) deploymentSpec.at("/template/spec/containers/0")).put("image", "granary/operator:" + VERSION + "-SNAPSHOT");
        installSpec.putArray("deployments").addObject().put("name", "granary-operator").set("spec", deploymentSpec);
        ArrayNode owned = spec.putObject("customresourcedefinitions").putArray("owned");
        for (Kind kind : KINDS) {
            ObjectNode crd = owned.addObject();
            crd.put("name", kind.plural() + ".granary.io").put("version", "v1alpha1").put("kind", kind.kind())
                    .put("displayName", kind.displayName()).put("description", kind.description());
            ArrayNode status = crd.putArray("statusDescriptors");
            status.addObject().put("path", "conditions").put("displayName", "Conditions")
                    .put("description", "Ready, Reconciling, Stalled and the kind's specific conditions")
                    .putArray("x-descriptors").add("urn:alm:descriptor:io.kubernetes.conditions");
            status.addObject().put("path", "observedGeneration").put("displayName", "Observed Generation")
                    .put("description", "The spec generation this status describes");
            ArrayNode specDescriptors = crd.putArray("specDescriptors");
            switch (kind.kind()) {
                case "Registry" -> {
                    specDescriptors.addObject().put("path", "replicas").put("displayName", "Replicas")
                            .put("description", "Number of registry pods").putArray("x-descriptors").add("urn:alm:descriptor:com.tectonic.ui:podCount");
                    specDescriptors.addObject().put("path", "database.urlSecretRef.name").put("displayName", "Database Secret")
                            .put("description", "Secret with the PostgreSQL URL").putArray("x-descriptors")
                            .add("urn:alm:descriptor:io.kubernetes:Secret");
                    status.addObject().put("path", "endpoint").put("displayName", "Endpoint").put("description", "In-cluster URL")
                            .putArray("x-descriptors").add("urn:alm:descriptor:org.w3:link");
                }
                case "Repository" -> {
                    specDescriptors.addObject().put("path", "format").put("displayName", "Format").put("description", "Wire protocol");
                    specDescriptors.addObject().put("path", "type").put("displayName", "Type").put("description", "hosted, proxy or group");
                    specDescriptors.addObject().put("path", "registry").put("displayName", "Registry").put("description", "Serving Registry");
                    status.addObject().put("path", "url").put("displayName", "URL").put("description", "Where clients reach it")
                            .putArray("x-descriptors").add("urn:alm:descriptor:org.w3:link");
                }
                default -> specDescriptors.addObject().put("path", "schedule").put("displayName", "Schedule")
                        .put("description", "Cron schedule, when the kind has one");
            }
        }
        return csv;
    }

    /** Every sample document of config/samples (kustomization excluded), in file order. */
    static ArrayNode samples(Path root) throws IOException {
        ArrayNode all = JSON.createArrayNode();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(root.resolve("config/samples"))) {
            list.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().forEach(files::add);
        }
        for (Path file : files) {
            try (var parser = YAML.getFactory().createParser(file.toFile())) {
                var docs = YAML.readValues(parser, JsonNode.class);
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && doc.has("kind")) {
                        all.add(doc);
                    }
                }
            }
        }
        return all;
    }
}
