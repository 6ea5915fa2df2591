package io.granary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.registry.DatabaseSpec;
import io.granary.api.v1alpha1.registry.FilesystemStorageSpec;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.RegistrySpec;
import io.granary.api.v1alpha1.registry.RegistryStorageSpec;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositorySpec;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.api.v1alpha1.retention.RetentionPolicy;
import io.granary.api.v1alpha1.retention.RetentionPolicySpec;
import io.granary.api.v1alpha1.retention.RetentionRules;
import io.granary.e2e.support.TestPostgres;
import io.granary.operator.lifecycle.RetentionPolicyReconciler;
import io.granary.operator.registry.RegistryNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RetentionPolicy on the real control plane, executed by the operator against a real runtime process: a dry run
 * lists candidates in status and deletes nothing; the real run deletes them, and the bytes it reports freed are the
 * bytes that left the blob store's directory.
 */
class RetentionPolicyFlowTest {

    static final String NS = "retention";
    static final int FILE_BYTES = 1024 * 1024;
    static OperatorStack stack;
    static KubernetesClient client;
    static TestPostgres postgres;
    static NodeStandIn node;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        // A zero grace lets the run's own collection free what it deleted (production keeps hours).
        stack = OperatorStack.start(dir, NS, Map.of("GRANARY_GC_GRACE", "0s", "GRANARY_GC_MIN_GRACE", "0s"));
        client = stack.client();
        postgres = stack.postgres();
        node = stack.node();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void dryRunDeletesNothingAndTheRealRunFreesTheBytesItReports() throws Exception {
        client.resource(new SecretBuilder().withNewMetadata().withName("granary-db").withNamespace(NS).endMetadata()
                .withStringData(Map.of("url", postgres.url())).build()).create();
        client.resource(registry()).create();
        client.resource(repository()).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> client.apps().deployments().inNamespace(NS).withName("default").get() != null);
        node.run(NS, "default", Duration.ofSeconds(180));
        await().atMost(Duration.ofSeconds(90)).until(() ->
                Conditions.isReadyAtLatestGeneration(client.resources(Repository.class).inNamespace(NS).withName("files").get()));

        Registry registry = client.resources(Registry.class).inNamespace(NS).withName("default").get();
        var ref = RegistryNames.adminToken(registry);
        String token = new String(Base64.getDecoder().decode(client.secrets().inNamespace(NS).withName(ref.getName()).get()
                .getData().get(ref.getKey())), StandardCharsets.UTF_8).strip();
        String base = node.url("default") + "/generic/files/app/";
        Random random = new Random(11);
        for (int i = 1; i <= 4; i++) {
            byte[] body = new byte[FILE_BYTES];
            random.nextBytes(body);
            assertThat(send("PUT", base + "app-" + i + ".bin", token, body)).isEqualTo(201);
        }
        Path pod = node.podDir(NS, "default");
        long before = bytesUnder(pod);

        client.resource(policy(true, "dry")).create();
        RetentionPolicy dry = awaitRun("dry");
        assertThat(dry.getStatus().getLastRunDryRun()).isTrue();
        assertThat(dry.getStatus().getCandidateCount()).isEqualTo(3);
        assertThat(dry.getStatus().getCandidates()).extracting(c -> c.getVersion())
                .containsExactlyInAnyOrder("app-1.bin", "app-2.bin", "app-3.bin");
        assertThat(dry.getStatus().getDeletedCount()).isZero();
        assertThat(dry.getStatus().getBytesFreed()).isZero();
        for (int i = 1; i <= 4; i++) {
            assertThat(send("GET", base + "app-" + i + ".bin", token, null)).isEqualTo(200);
        }
        assertThat(bytesUnder(pod)).isEqualTo(before);

        RetentionPolicy real = client.resources(RetentionPolicy.class).inNamespace(NS).withName("keep-one").get();
        real.getSpec().setDryRun(false);
        real.getMetadata().getAnnotations().put(RetentionPolicyReconciler.RUN_NOW, "real");
        client.resource(real).update();
        RetentionPolicy done = awaitRun("real");
        assertThat(done.getStatus().getDeletedCount()).isEqualTo(3);
        assertThat(done.getStatus().getBytesFreed()).isEqualTo(3L * FILE_BYTES);
        assertThat(before - bytesUnder(pod)).isEqualTo(done.getStatus().getBytesFreed());
        assertThat(send("GET", base + "app-1.bin", token, null)).isEqualTo(404);
        assertThat(send("GET", base + "app-4.bin", token, null)).isEqualTo(200);
        assertThat(Conditions.find(done.getStatus().getConditions(), ConditionTypes.LAST_RUN_SUCCEEDED)).get()
                .extracting(Condition::getStatus).isEqualTo(Condition.TRUE);
        assertThat(Conditions.find(done.getStatus().getConditions(), ConditionTypes.SCHEDULED)).get()
                .extracting(Condition::getStatus).isEqualTo(Condition.TRUE);
        assertThat(done.getStatus().getNextRunTime()).isNotNull();
        assertThat(Conditions.isReadyAtLatestGeneration(done)).isTrue();
    }

    private static RetentionPolicy awaitRun(String request) {
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                RetentionPolicy p = client.resources(RetentionPolicy.class).inNamespace(NS).withName("keep-one").get();
                return p.getStatus() != null && request.equals(p.getStatus().getLastRunRequest());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the run did not happen: " + client.getKubernetesSerialization().asYaml(
                    client.resources(RetentionPolicy.class).inNamespace(NS).withName("keep-one").get()) + "\n" + node.logs(), e);
        }
        return client.resources(RetentionPolicy.class).inNamespace(NS).withName("keep-one").get();
    }

    private static int send(String method, String url, String token, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Bytes of the regular files below the pod's volumes: what the filesystem blob store holds. */
    private static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".log"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static RetentionPolicy policy(boolean dryRun, String request) {
        RetentionPolicy policy = new RetentionPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("keep-one").withNamespace(NS)
                .withAnnotations(new java.util.HashMap<>(Map.of(RetentionPolicyReconciler.RUN_NOW, request))).build());
        RetentionPolicySpec spec = new RetentionPolicySpec();
        spec.setRepositories(List.of("files"));
        RetentionRules rules = new RetentionRules();
        rules.setKeepLastVersions(1);
        rules.setInclude(List.of("app"));
        spec.setRules(rules);
        spec.setSchedule("0 3 * * *");
        spec.setDryRun(dryRun);
        policy.setSpec(spec);
        return policy;
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

    private static Repository repository() {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withName("files").withNamespace(NS).build());
        RepositorySpec spec = new RepositorySpec();
        spec.setFormat(RepositoryFormat.GENERIC);
        spec.setType(RepositoryType.HOSTED);
        repository.setSpec(spec);
        return repository;
    }
}
