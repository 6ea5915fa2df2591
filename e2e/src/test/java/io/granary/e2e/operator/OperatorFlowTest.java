package io.granary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
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
import io.granary.api.v1alpha1.repository.SloObjective;
import io.granary.api.v1alpha1.repository.SloSpec;
import io.granary.e2e.support.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow as a platform team lives it: apply a Registry and a Repository with the Kubernetes client; the
 * operator (in this JVM) reconciles them on a real API server; a node stand-in runs the Registry's pod as a real
 * registry-runtime process on real PostgreSQL, serving the Repository from the Kubernetes catalog; a client pushes and
 * pulls with the token from the operator's access Secret; the Repository turns Ready and its SLO conditions follow
 * what the runtime measured (a p95 objective the uploads cannot meet turns PushSLOMet False).
 */
class OperatorFlowTest {

    static final String NS = "platform";
    static OperatorStack stack;
    static KubernetesClient client;
    static TestPostgres postgres;
    static NodeStandIn node;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        stack = OperatorStack.start(dir, NS);
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
    void applyServePushPullAndMeasure() throws Exception {
        client.resource(new SecretBuilder().withNewMetadata().withName("granary-db").withNamespace(NS).endMetadata()
                .withStringData(Map.of("url", postgres.url())).build()).create();
        client.resource(registry()).create();
        client.resource(repository()).create();

        // The operator creates the Deployment; the node runs it; the Registry turns Ready.
        await().atMost(Duration.ofSeconds(60)).until(() -> client.apps().deployments().inNamespace(NS).withName("default").get() != null);
        node.run(NS, "default", Duration.ofSeconds(180));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Conditions.isReadyAtLatestGeneration(client.resources(Registry.class).inNamespace(NS).withName("default").get()));

        // The Repository is served from the Kubernetes catalog, gets its access Secret and turns Ready.
        try {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    Conditions.isReadyAtLatestGeneration(client.resources(Repository.class).inNamespace(NS).withName("files").get()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Repository not Ready: " + client.getKubernetesSerialization().asYaml(
                    client.resources(Repository.class).inNamespace(NS).withName("files").get().getStatus()) + "\n" + node.logs(), e);
        }
        Repository files = client.resources(Repository.class).inNamespace(NS).withName("files").get();
        assertThat(Conditions.find(files.getStatus().getConditions(), ConditionTypes.SERVING)).get()
                .extracting(Condition::getReason).isEqualTo(ConditionReasons.SERVING);
        assertThat(files.getStatus().getUrl()).isEqualTo("http://default." + NS + ".svc:8080/generic/files/");
        var secret = client.secrets().inNamespace(NS).withName("files-ci").get();
        String token = decode(secret.getData().get("token"));
        assertThat(decode(secret.getData().get(".netrc"))).contains("password " + token);

        // A real client pushes and pulls with that token through the pod's address.
        String base = node.url("default") + "/generic/files/";
        byte[] body = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(body);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(base + "app/1." + i + "/app.bin"))
                    .header("Authorization", "Bearer " + token)
                    .header("X-Checksum-Sha256", sha256(body))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isBetween(200, 299);
        }
        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(URI.create(base + "app/1.0/app.bin"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(body);
        HttpResponse<Void> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base + "app/1.0/app.bin")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        // Status follows what the runtime measured: usage, pulls within objective, pushes slower than a 1ms p95.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Repository r = client.resources(Repository.class).inNamespace(NS).withName("files").get();
            assertThat(r.getStatus().getUsage().getArtifacts()).isEqualTo(5);
            assertThat(r.getStatus().getUsage().getBytes()).isEqualTo(5L * body.length);
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.PUSH_SLO_MET)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
                assertThat(c.getReason()).isEqualTo(ConditionReasons.OBJECTIVE_MISSED);
                assertThat(c.getMessage()).contains("p95").contains("> 1ms").contains("5 requests");
            });
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.PULL_SLO_MET)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo(Condition.TRUE);
                assertThat(c.getReason()).isEqualTo(ConditionReasons.WITHIN_OBJECTIVE);
            });
            assertThat(r.getStatus().getSli().getPushSuccessRatio()).isEqualTo("1");
        });
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
        AccessSpec access = new AccessSpec();
        AccessRole ci = new AccessRole();
        ci.setName("ci");
        ci.setRole(AccessRoleName.WRITER);
        access.setRoles(List.of(ci));
        spec.setAccess(access);
        SloSpec slo = new SloSpec();
        SloObjective pull = new SloObjective();
        pull.setSuccessRatio("0.99");
        SloObjective push = new SloObjective();
        push.setSuccessRatio("0.99");
        push.setP95("1ms");
        slo.setPull(pull);
        slo.setPush(push);
        slo.setWindow("10m");
        spec.setSlo(slo);
        repository.setSpec(spec);
        return repository;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] body) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    }
}
