package io.granary.operator.testsupport;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real kube-apiserver + etcd per test JVM (kube-api-test, offline: the binaries come from
 * {@code .ci/kube-binaries.sh}), with Granary's generated CRDs installed. There is no controller manager, so nothing
 * garbage-collects owned objects or runs Deployments: tests check owner references and act as the node themselves.
 */
public final class ControlPlane {

    /** The version .ci/kube-binaries.sh builds. */
    public static final String KUBE_VERSION = System.getProperty("granary.kube.version", "1.34.2");

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static KubeAPIServer server;
    private static String kubeconfig;

    private ControlPlane() {
    }

    /** Starts the API server once and installs the CRDs; returns its kubeconfig YAML. */
    public static synchronized String kubeconfig() {
        if (server == null) {
            Path binaries = Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s", KUBE_VERSION + "-linux-amd64");
            if (!Files.isExecutable(binaries.resolve("kube-apiserver"))) {
                throw new IllegalStateException("no kube-apiserver in " + binaries + ": run `bash .ci/kube-binaries.sh` once");
            }
            KubeAPIServer started = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                    .withOfflineMode(true)
                    .withApiServerVersion(KUBE_VERSION)
                    .withStartupTimeout(120_000)
                    .build());
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
            kubeconfig = started.getKubeConfigYaml();
            server = started;
            try (KubernetesClient client = newClient()) {
                installCrds(client);
            }
        }
        return kubeconfig;
    }

    /** A new client of the test API server; the caller closes it. */
    public static KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig())).build();
    }

    /** A fresh namespace for one test, so tests never see each other's objects. */
    public static String newNamespace(KubernetesClient client, String prefix) {
        String name = prefix + "-" + NAMESPACES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        return name;
    }

    /** The checked-in CRD files. */
    public static List<Path> crdFiles() {
        Path dir = repositoryRoot().resolve("crds/generated");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository root (the parent of this module). */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++) {
            if (Files.isDirectory(dir.resolve("crds/generated"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }

    private static void installCrds(KubernetesClient client) {
        for (Path file : crdFiles()) {
            try (InputStream in = Files.newInputStream(file)) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.resource(crd).serverSideApply();
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                                && c.getStatus().getConditions().stream().anyMatch(
                                        cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())),
                                60, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Generous bound for operator convergence on a shared 2-core machine. */
    public static Duration convergeTimeout() {
        return Duration.ofSeconds(60);
    }
}
