package io.granary.e2e.operator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a node: runs the first replica of a Deployment's pod template as a local registry-runtime process
 * (the container's env, envFrom ConfigMaps and Secret references resolved as a kubelet would; volume mounts mapped to
 * local directories; the Service's port mapped to a free local port), waits for its readiness probe, and writes the
 * Deployment status back as the deployment controller would. Containers' images are not pulled: the packaged runtime
 * is what the image would contain.
 */
public final class NodeStandIn implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final KubernetesClient client;
    private final Path workDir;
    private final Path kubeconfig;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();
    private final Map<String, String> extraEnv = new ConcurrentHashMap<>();

    public NodeStandIn(KubernetesClient client, Path workDir, Path kubeconfig) {
        this.client = client;
        this.workDir = workDir;
        this.kubeconfig = kubeconfig;
    }

    /** Adds an environment variable to every pod started afterwards (what a kustomize patch would add). */
    public NodeStandIn withEnv(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** The local directory holding a pod's volumes. */
    public Path podDir(String namespace, String deployment) {
        return workDir.resolve(namespace + "-" + deployment);
    }

    /** Base URL at which the Deployment's pod answers locally (what its Service would route to). */
    public String url(String deployment) {
        Integer port = ports.get(deployment);
        return port == null ? "http://127.0.0.1:1" : "http://127.0.0.1:" + port;
    }

    /** Starts the pod of the named Deployment on a free port and reports it ready; bounded by {@code timeout}. */
    public void run(String namespace, String name, Duration timeout) throws Exception {
        run(namespace, name, timeout, freePort());
    }

    /** Starts the pod of the named Deployment on the given local port and reports it ready. */
    public void run(String namespace, String name, Duration timeout, int port) throws Exception {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Path podDir = Files.createDirectories(podDir(namespace, name));
        Map<String, String> env = environment(namespace, container, podDir);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("KUBECONFIG", kubeconfig.toString());
        env.putAll(extraEnv);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", runtimeJar().toString()));
        command.addAll(container.getArgs());
        Path log = podDir.resolve("pod.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("GRANARY_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.put(name, process);
        ports.put(name, port);

        URI ready = URI.create("http://127.0.0.1:" + port + container.getReadinessProbe().getHttpGet().getPath());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log " + log + ":\n" + tail(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready within " + timeout + "; log " + log + ":\n" + tail(log));
            }
            Thread.sleep(250);
        }
        markReady(namespace, name);
    }

    /** The container's environment as a kubelet resolves it; volume mounts become directories under podDir. */
    private Map<String, String> environment(String namespace, Container container, Path podDir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        container.getEnvFrom().forEach(from -> {
            ConfigMap cm = client.configMaps().inNamespace(namespace).withName(from.getConfigMapRef().getName()).get();
            env.putAll(cm.getData());
        });
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
                String value = secret == null ? null : secret.getData() != null && secret.getData().containsKey(ref.getKey())
                        ? new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8)
                        : secret.getStringData() == null ? null : secret.getStringData().get(ref.getKey());
                if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                    throw new IllegalStateException("Secret key " + ref.getName() + "/" + ref.getKey() + " missing for " + var.getName());
                }
                if (value != null) {
                    env.put(var.getName(), value);
                }
            } else {
                env.put(var.getName(), var.getValue());
            }
        }
        for (var mount : container.getVolumeMounts()) {
            Path local = Files.createDirectories(podDir.resolve(mount.getName()));
            env.replaceAll((k, v) -> v != null && v.startsWith(mount.getMountPath()) ? local + v.substring(mount.getMountPath().length()) : v);
        }
        return env;
    }

    /** A Job's pod running as a local process; {@link #finish} reports how it ended, as kubelet and job controller would. */
    public final class JobPod {
        final String namespace;
        final Job job;
        final Process process;
        final Path terminationLog;
        final String podName;
        final java.time.Instant started = java.time.Instant.now();

        JobPod(String namespace, Job job, Process process, Path terminationLog, String podName) {
            this.namespace = namespace;
            this.job = job;
            this.process = process;
            this.terminationLog = terminationLog;
            this.podName = podName;
        }

        public Process process() {
            return process;
        }

        /** Waits for the process (bounded), then writes the pod's terminated state and the Job's counts. */
        public int finish(Duration timeout) throws Exception {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            int exit = process.exitValue();
            String message = Files.exists(terminationLog) ? Files.readString(terminationLog, StandardCharsets.UTF_8) : null;
            Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
            pod.setStatus(new PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed")
                    .addNewContainerStatus().withName(pod.getSpec().getContainers().get(0).getName()).withImage("e2e").withImageID("e2e")
                    .withReady(false).withRestartCount(0)
                    .withNewState().withNewTerminated().withExitCode(exit).withMessage(message)
                    .withFinishedAt(java.time.Instant.now().toString()).endTerminated().endState()
                    .endContainerStatus().build());
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
            Job current = client.batch().v1().jobs().inNamespace(namespace).withName(job.getMetadata().getName()).get();
            var status = current.getStatus() == null ? new JobStatusBuilder().build() : current.getStatus();
            if (status.getStartTime() == null) {
                status.setStartTime(started.toString());
            }
            if (exit == 0) {
                String now = java.time.Instant.now().toString();
                status.setSucceeded((status.getSucceeded() == null ? 0 : status.getSucceeded()) + 1);
                status.setConditions(List.of(
                        new JobConditionBuilder().withType("SuccessCriteriaMet").withStatus("True")
                                .withLastProbeTime(now).withLastTransitionTime(now).build(),
                        new JobConditionBuilder().withType("Complete").withStatus("True")
                                .withLastProbeTime(now).withLastTransitionTime(now).build()));
                status.setCompletionTime(now);
            } else {
                status.setFailed((status.getFailed() == null ? 0 : status.getFailed()) + 1);
            }
            status.setActive(0);
            current.setStatus(status);
            client.batch().v1().jobs().inNamespace(namespace).resource(current).updateStatus();
            return exit;
        }
    }

    /** Starts one pod of the named Job as a local process (its termination message file mapped to a local file). */
    public JobPod startJob(String namespace, String jobName) throws Exception {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        var podSpec = job.getSpec().getTemplate().getSpec();
        Container container = podSpec.getContainers().get(0);
        int attempt = (job.getStatus() == null || job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed()) + 1;
        String podName = jobName + "-" + attempt;
        Path podDir = Files.createDirectories(workDir.resolve(namespace + "-" + podName));
        Map<String, String> env = environment(namespace, container, podDir);
        Path terminationLog = podDir.resolve("termination-log");
        String declared = container.getTerminationMessagePath() == null ? "/dev/termination-log" : container.getTerminationMessagePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", runtimeJar().toString()));
        container.getArgs().forEach(a -> command.add(a.equals(declared) ? terminationLog.toString() : a));
        if (client.serviceAccounts().inNamespace(namespace).withName("default").get() == null) {
            client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName("default")
                    .endMetadata().build()).create();
        }
        Map<String, String> labels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("job-name", jobName);
        client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(podName).withLabels(labels).endMetadata()
                .withSpec(podSpec).build()).create();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(podDir.resolve("pod.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("GRANARY_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.put(podName, process);
        return new JobPod(namespace, job, process, terminationLog, podName);
    }

    /** Writes the status a deployment controller would after a successful rollout of one replica. */
    private void markReady(String namespace, String name) {
        Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
        int replicas = 1;
        current.setStatus(new DeploymentStatusBuilder().withObservedGeneration(current.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
        client.apps().deployments().inNamespace(namespace).resource(current).updateStatus();
    }

    /** The last lines of each pod's log, for failure messages. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : processes.keySet()) {
            out.append("--- ").append(name).append('\n');
            try (var dirs = Files.list(workDir)) {
                dirs.filter(d -> d.getFileName().toString().endsWith("-" + name))
                        .forEach(d -> out.append(tail(d.resolve("pod.log"))).append('\n'));
            } catch (IOException e) {
                out.append(e);
            }
        }
        return out.toString();
    }

    private static Path runtimeJar() {
        String dir = System.getProperty("granary.runtime.dir");
        Path jar = (dir != null ? Path.of(dir) : Path.of("..", "registry-runtime", "target", "quarkus-app")).resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged runtime at " + jar);
        }
        return jar;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
