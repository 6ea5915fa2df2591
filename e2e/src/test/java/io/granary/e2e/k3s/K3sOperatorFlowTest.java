package io.granary.e2e.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.e2e.support.Content;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The operator flow on a real Kubernetes node: K3s in a container, the images {@code .ci/build-images.sh} built
 * (imported into K3s's containerd, never pulled), {@code kubectl apply -k config/default} as a user installs it, then a
 * Registry (filesystem on a PVC, PostgreSQL in the cluster) and a Repository that turns Ready and serves a push and a
 * pull with the token from its access Secret. Runs only where a Docker engine exists; skipped otherwise, with the
 * reason. Needs {@code target/images/*.oci.tar} (run {@code .ci/build-images.sh} first).
 */
@EnabledIf(value = "dockerAvailable", disabledReason = "no Docker engine here: the K3s path of the e2e suite needs one"
        + " (OperatorFlowTest and OperatorS3FlowTest cover the flow on kube-api-test with a node stand-in)")
class K3sOperatorFlowTest {

    private static final String NS = "k3s-e2e";
    private static final Path IMAGES = Path.of("..", "target", "images");
    private static final String K3S_IMAGE = System.getProperty("granary.k3s.image", "rancher/k3s:v1.34.1-k3s1");
    private static final String POSTGRES_IMAGE = System.getProperty("granary.k3s.postgres-image", "postgres:16-alpine");

    private static K3sContainer k3s;
    private static KubernetesClient client;
    private static String tag;

    @BeforeAll
    static void start() throws Exception {
        for (String image : new String[] {"registry-runtime", "operator"}) {
            assertThat(IMAGES.resolve(image + ".oci.tar")).as("run .ci/build-images.sh first").isRegularFile();
        }
        tag = Files.readString(Path.of("..", "pom.xml")).replaceAll("(?s).*?<artifactId>granary-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE).asCompatibleSubstituteFor("rancher/k3s"));
        k3s.start();
        for (String image : new String[] {"registry-runtime", "operator"}) {
            k3s.copyFileToContainer(MountableFile.forHostPath(IMAGES.resolve(image + ".oci.tar")), "/tmp/" + image + ".oci.tar");
            exec("ctr", "-n", "k8s.io", "images", "import", "/tmp/" + image + ".oci.tar");
            // The archive names the image granary/<name>:<tag>; the cluster uses a name no registry answers to.
            exec("ctr", "-n", "k8s.io", "images", "tag", "--force", "granary/" + image + ":" + tag, localImage(image));
        }
        k3s.copyFileToContainer(MountableFile.forHostPath(Path.of("..", "config")), "/granary/config");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    @Test
    void installedOperatorRunsARegistryThatServesPushAndPull() throws Exception {
        exec("kubectl", "apply", "--server-side", "-k", "/granary/config/default");
        exec("kubectl", "-n", "granary-system", "set", "image", "deployment/granary-operator", "operator=" + localImage("operator"));
        exec("kubectl", "-n", "granary-system", "set", "env", "deployment/granary-operator",
                "GRANARY_OPERATOR_RUNTIME_IMAGE=" + localImage("registry-runtime"));
        exec("kubectl", "-n", "granary-system", "rollout", "status", "deployment/granary-operator", "--timeout=300s");

        exec("kubectl", "create", "namespace", NS);
        exec("kubectl", "-n", NS, "create", "deployment", "postgres", "--image=" + POSTGRES_IMAGE, "--port=5432");
        exec("kubectl", "-n", NS, "set", "env", "deployment/postgres", "POSTGRES_PASSWORD=granary", "POSTGRES_DB=granary");
        exec("kubectl", "-n", NS, "expose", "deployment", "postgres", "--port=5432");
        exec("kubectl", "-n", NS, "create", "secret", "generic", "granary-db",
                "--from-literal=url=postgresql://postgres:granary@postgres." + NS + ".svc:5432/granary");
        client.resource(registry()).inNamespace(NS).create();
        client.resource(repository()).inNamespace(NS).create();

        await().atMost(Duration.ofMinutes(5)).until(() -> Conditions.isReadyAtLatestGeneration(
                client.resources(Registry.class).inNamespace(NS).withName("default").get()));
        await().atMost(Duration.ofMinutes(3)).until(() -> Conditions.isReadyAtLatestGeneration(
                client.resources(Repository.class).inNamespace(NS).withName("files").get()));
        String token = new String(Base64.getDecoder().decode(
                client.secrets().inNamespace(NS).withName("files-ci").get().getData().get("token")), StandardCharsets.UTF_8);

        byte[] body = Content.random(256 * 1024, 5);
        HttpClient http = HttpClient.newHttpClient();
        try (LocalPortForward forward = client.services().inNamespace(NS).withName("default").portForward(8080)) {
            String url = "http://127.0.0.1:" + forward.getLocalPort() + "/generic/files/k3s/app.bin";
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(body);
        }
    }

    private static String localImage(String name) {
        return "localhost/granary/" + name + ":" + tag;
    }

    private static void exec(String... command) throws Exception {
        ExecResult result = k3s.execInContainer(command);
        assertThat(result.getExitCode()).as(String.join(" ", command) + "\n" + result.getStdout() + result.getStderr()).isZero();
    }

    private static String registry() {
        return """
                apiVersion: granary.io/v1alpha1
                kind: Registry
                metadata: {name: default}
                spec:
                  image: %s
                  database: {urlSecretRef: {name: granary-db, key: url}}
                  storage: {filesystem: {size: 1Gi}}
                """.formatted(localImage("registry-runtime"));
    }

    private static String repository() {
        return """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: files}
                spec:
                  format: generic
                  type: hosted
                  access: {roles: [{name: ci, role: writer}]}
                """;
    }
}
