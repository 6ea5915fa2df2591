package io.granary.e2e.operator;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real kube-apiserver + etcd (kube-api-test, offline; binaries from .ci/kube-binaries.sh) with Granary's CRDs. */
public final class ControlPlane implements AutoCloseable {

    private final KubeAPIServer server;
    private final String kubeconfig;

    private ControlPlane(KubeAPIServer server) {
        this.server = server;
        this.kubeconfig = server.getKubeConfigYaml();
    }

    /** Starts the API server and installs crds/generated. */
    public static ControlPlane start() throws IOException {
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig().withOfflineMode(true)
                .withApiServerVersion(System.getProperty("granary.kube.version", "1.34.2")).withStartupTimeout(120_000).build());
        server.start();
        ControlPlane plane = new ControlPlane(server);
        try (KubernetesClient client = plane.client(); Stream<Path> files = Files.list(Path.of("..", "crds", "generated"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    client.resource(crd).create();
                    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                            .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                                    && c.getStatus().getConditions().stream().anyMatch(
                                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())), 60, TimeUnit.SECONDS);
                }
            }
        }
        return plane;
    }

    /** A new client (closed by the caller). */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    }

    /** Writes the kubeconfig for processes (the runtime reads KUBECONFIG). */
    public Path writeKubeconfig(Path dir) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
        return file;
    }

    /** Creates a namespace. */
    public static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    @Override
    public void close() {
        server.stop();
    }
}
