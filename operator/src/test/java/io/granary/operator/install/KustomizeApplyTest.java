package io.granary.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.operator.testsupport.ControlPlane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl (built with the API server) applies config/default and config/samples to the real API server, dry-run=server. */
class KustomizeApplyTest {

    static KubernetesClient client;
    static Path kubeconfig;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        client = ControlPlane.newClient();
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, ControlPlane.kubeconfig(), StandardCharsets.UTF_8);
        // A server-side dry run of namespaced objects needs their namespace to exist.
        if (client.namespaces().withName("granary-system").get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("granary-system").endMetadata().build()).create();
        }
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void defaultInstallsCrdsRbacAndTheOperator() throws Exception {
        String out = kubectl("apply", "-k", ControlPlane.repositoryRoot().resolve("config/default").toString(), "--dry-run=server");
        assertThat(out)
                .contains("customresourcedefinition.apiextensions.k8s.io/registries.granary.io")
                .contains("customresourcedefinition.apiextensions.k8s.io/repositories.granary.io")
                .contains("clusterrole.rbac.authorization.k8s.io/granary-operator")
                .contains("role.rbac.authorization.k8s.io/granary-operator-leader-election")
                .contains("serviceaccount/granary-operator")
                .contains("deployment.apps/granary-operator")
                .contains("(server dry run)");
    }

    @Test
    void everySampleIsAcceptedByTheSchema() throws Exception {
        String ns = ControlPlane.newNamespace(client, "samples");
        String out = kubectl("apply", "-k", ControlPlane.repositoryRoot().resolve("config/samples").toString(), "-n", ns,
                "--dry-run=server");
        assertThat(out).contains("registry.granary.io/default", "repository.granary.io/generic-local",
                "retentionpolicy.granary.io/snapshots", "replication.granary.io/releases-to-eu",
                "promotionrule.granary.io/app-to-releases");
    }

    private static String kubectl(String... args) throws Exception {
        Path kubectl = Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s", ControlPlane.KUBE_VERSION + "-linux-amd64", "kubectl");
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("kubectl did not finish in 120 s: " + command);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).withFailMessage("kubectl %s failed:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
