package io.granary.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.registry.DatabaseSpec;
import io.granary.api.v1alpha1.registry.FilesystemStorageSpec;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.RegistrySpec;
import io.granary.api.v1alpha1.registry.RegistryStorageSpec;
import io.granary.api.v1alpha1.repository.AccessRole;
import io.granary.api.v1alpha1.repository.AccessRoleName;
import io.granary.api.v1alpha1.repository.AccessSpec;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositorySpec;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.e2e.operator.ControlPlane;
import io.granary.e2e.operator.NodeStandIn;
import io.granary.e2e.support.TestPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark (run by e2e/bench/operator-bench.sh, skipped otherwise): the packaged operator as its own process applies
 * N Repositories at once to a Registry served by a real runtime process; reports time until all are Ready, the
 * per-repository median, the operator's peak RSS and CPU seconds, and API server requests per repository. Numbers are
 * printed and written to target/bench/operator-bench.txt; nothing is asserted on them.
 */
class OperatorBench {

    static final String NS = "bench";

    @Test
    @org.junit.jupiter.api.Timeout(value = 20, unit = TimeUnit.MINUTES)
    void hundredRepositoriesAtOnce(@TempDir Path dir) throws Exception {
        assumeTrue(Boolean.getBoolean("granary.bench"), "benchmark: run e2e/bench/operator-bench.sh");
        int count = Integer.getInteger("granary.bench.repositories", 100);
        try (ControlPlane plane = ControlPlane.start(); KubernetesClient client = plane.client(); TestPostgres postgres = TestPostgres.start()) {
            ControlPlane.namespace(client, NS);
            Path kubeconfig = plane.writeKubeconfig(dir);
            try (NodeStandIn node = new NodeStandIn(client, dir, kubeconfig)) {
                client.resource(new SecretBuilder().withNewMetadata().withName("granary-db").withNamespace(NS).endMetadata()
                        .withStringData(Map.of("url", postgres.url())).build()).create();
                client.resource(registry()).create();
                // The pod's port is known only once it runs, so the operator starts after the node ran the pod once:
                // a first, short-lived in-JVM pass is avoided by waiting for the Deployment from the operator process.
                int podPort = freePort();
                Process operator = startOperator(dir, kubeconfig, "http://127.0.0.1:" + podPort);
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (client.apps().deployments().inNamespace(NS).withName("default").get() == null) {
                        if (System.nanoTime() > deadline || !operator.isAlive()) {
                            throw new IllegalStateException("operator created no Deployment; log " + dir.resolve("operator.log"));
                        }
                        Thread.sleep(200);
                    }
                    node.run(NS, "default", Duration.ofSeconds(180), podPort);
                    waitUntil(() -> Conditions.isReadyAtLatestGeneration(client.resources(Registry.class).inNamespace(NS).withName("default").get()),
                            Duration.ofSeconds(120), "Registry Ready");

                    long requestsBefore = apiRequests(client);
                    Map<String, Long> readyAt = new ConcurrentHashMap<>();
                    long start = System.nanoTime();
                    for (int i = 0; i < count; i++) {
                        client.resource(repository(String.format("repo-%03d", i))).create();
                    }
                    long createdNanos = System.nanoTime() - start;
                    long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
                    while (readyAt.size() < count && System.nanoTime() < limit) {
                        for (Repository r : client.resources(Repository.class).inNamespace(NS).list().getItems()) {
                            if (!readyAt.containsKey(r.getMetadata().getName()) && Conditions.isReadyAtLatestGeneration(r)) {
                                readyAt.put(r.getMetadata().getName(), System.nanoTime() - start);
                            }
                        }
                        Thread.sleep(250);
                    }
                    long total = System.nanoTime() - start;
                    long requestsAfter = apiRequests(client);
                    List<Long> times = new ArrayList<>(readyAt.values());
                    times.sort(Long::compare);
                    long median = times.isEmpty() ? -1 : times.get(times.size() / 2);
                    long[] usage = processUsage(operator.pid());
                    // The bench's own requests: creates, and one list per poll round (about 4 per second).
                    long polls = Math.max(1, total / TimeUnit.MILLISECONDS.toNanos(250));
                    String report = String.format("""
                            operator benchmark: %d Repositories applied at once (one access role each) to one Registry
                            applied (client-side create of all)  %.2f s
                            all Ready                              %s
                            ready                                  %d of %d
                            per-repository time to Ready, median   %.2f s (p90 %.2f s)
                            operator peak RSS (VmHWM)              %d MiB
                            operator CPU (user+system, whole run)  %.1f s
                            API server requests during the run     %d (all clients; about %d of them the bench's own polls and creates)
                            API requests per Repository (operator + runtime informer)  %.1f
                            """, count, createdNanos / 1e9, readyAt.size() == count ? String.format("%.2f s", total / 1e9) : "NOT REACHED in 600 s",
                            readyAt.size(), count, median / 1e9, times.isEmpty() ? -1 : times.get((int) (times.size() * 0.9) - 1) / 1e9,
                            usage[0] / 1024, usage[1] / 100.0, requestsAfter - requestsBefore, polls + count,
                            (requestsAfter - requestsBefore - polls - count) / (double) count);
                    System.out.println(report);
                    Path out = Path.of("target", "bench");
                    Files.createDirectories(out);
                    Files.writeString(out.resolve("operator-bench.txt"), report, StandardCharsets.UTF_8);
                    assertThat(readyAt).as("bench completed").isNotEmpty();
                } finally {
                    operator.destroy();
                    if (!operator.waitFor(30, TimeUnit.SECONDS)) {
                        operator.destroyForcibly();
                    }
                }
            }
        }
    }

    private static Process startOperator(Path dir, Path kubeconfig, String endpoint) throws IOException {
        Path jar = Path.of("..", "operator", "target", "quarkus-app", "quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("operator.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("GRANARY_") || k.startsWith("QUARKUS_"));
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("GRANARY_OPERATOR_NAMESPACES", NS);
        builder.environment().put("GRANARY_OPERATOR_LEADER_ELECTION", "false");
        builder.environment().put("GRANARY_OPERATOR_REGISTRY_ENDPOINT", endpoint);
        builder.environment().put("GRANARY_OPERATOR_SLI_INTERVAL", "30s");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
        return builder.start();
    }

    /** Sum of apiserver_request_total over all label sets. */
    private static long apiRequests(KubernetesClient client) {
        String metrics = client.raw("/metrics");
        long sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("apiserver_request_total{")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** {peak RSS KiB, CPU ticks (user+system)} of a process, from /proc. */
    private static long[] processUsage(long pid) throws IOException {
        long hwm = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new long[] {hwm, ticks};
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Registry registry() {
        Registry registry = new Registry();
        registry.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace(NS).build());
        RegistrySpec spec = new RegistrySpec();
        DatabaseSpec db = new DatabaseSpec();
        db.setUrlSecretRef(new SecretKeyReference("granary-db", "url"));
        spec.setDatabase(db);
        RegistryStorageSpec storage = new RegistryStorageSpec();
        FilesystemStorageSpec fs = new FilesystemStorageSpec();
        fs.setPvcName("granary-data");
        storage.setFilesystem(fs);
        spec.setStorage(storage);
        registry.setSpec(spec);
        return registry;
    }

    private static Repository repository(String name) {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        RepositorySpec spec = new RepositorySpec();
        spec.setFormat(RepositoryFormat.GENERIC);
        spec.setType(RepositoryType.HOSTED);
        AccessSpec access = new AccessSpec();
        AccessRole role = new AccessRole();
        role.setName("ci");
        role.setRole(AccessRoleName.WRITER);
        access.setRoles(List.of(role));
        spec.setAccess(access);
        repository.setSpec(spec);
        return repository;
    }
}
