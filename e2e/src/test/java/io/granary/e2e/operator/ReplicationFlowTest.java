package io.granary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.common.SecretReference;
import io.granary.api.v1alpha1.replication.Replication;
import io.granary.api.v1alpha1.replication.ReplicationEndpoint;
import io.granary.api.v1alpha1.replication.ReplicationSpec;
import io.granary.api.v1alpha1.replication.ReplicationTrigger;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Replication between two Registries on loopback, on a real control plane: the operator creates the Job, the node
 * stand-in runs its pod as a registry-runtime process in replicate mode, the pod is killed midway (SIGKILL), the
 * next pod of the Job resumes, and the Replication ends InSync with identical digests on both sides.
 */
class ReplicationFlowTest {

    static final String NS = "replication";
    static final int FILES = 12;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static LoopbackCluster cluster;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        cluster = new LoopbackCluster(NS, dir);
        cluster.registry("default");
        cluster.registry("remote");
        cluster.repository("files", "default", RepositoryFormat.GENERIC);
        cluster.repository("mirror", "remote", RepositoryFormat.GENERIC);
        cluster.repository("pushed", "default", RepositoryFormat.GENERIC);
        cluster.repository("pushed-mirror", "remote", RepositoryFormat.GENERIC);
        cluster.client.resource(new SecretBuilder().withNewMetadata().withName("remote-credentials").withNamespace(NS).endMetadata()
                .withStringData(Map.of("token", cluster.adminToken("remote"))).build()).create();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killedReplicationResumesAndEndsInSync() throws Exception {
        String source = cluster.node.url("default");
        String target = cluster.node.url("remote");
        String sourceToken = cluster.adminToken("default");
        String targetToken = cluster.adminToken("remote");
        Random random = new Random(5);
        for (int i = 0; i < FILES; i++) {
            byte[] body = new byte[512 * 1024];
            random.nextBytes(body);
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(source + "/generic/files/releases/part-" + i + ".bin"))
                    .header("Authorization", "Bearer " + sourceToken).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        }
        cluster.client.resource(replication(target)).create();

        String job = "to-remote-replicate-1";
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.client.batch().v1().jobs().inNamespace(NS).withName(job).get() != null);

        // First pod: throttled to 512 KiB/s, killed once a few files arrived.
        NodeStandIn.JobPod first = cluster.node.startJob(NS, job);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> listing(target, "mirror", targetToken).size() >= 3 || !first.process().isAlive());
        first.process().destroyForcibly();
        assertThat(first.finish(Duration.ofSeconds(30))).isNotZero();
        int partial = listing(target, "mirror", targetToken).size();
        assertThat(partial).as("files copied before the kill").isBetween(3, FILES - 1);
        Replication midway = get();
        assertThat(midway.getStatus() != null && Conditions.isTrue(midway.getStatus().getConditions(), ConditionTypes.IN_SYNC)).isFalse();

        // The Job's next pod resumes.
        NodeStandIn.JobPod second = cluster.node.startJob(NS, job);
        assertThat(second.finish(Duration.ofSeconds(180))).isZero();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Replication r = get();
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.IN_SYNC)).isTrue();
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.LAST_RUN_SUCCEEDED)).isTrue();
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.READY)).isTrue();
                assertThat(r.getStatus().getItemsCopied() + r.getStatus().getItemsSkipped()).isEqualTo(FILES);
                assertThat(r.getStatus().getItemsSkipped()).isGreaterThanOrEqualTo(partial);
                assertThat(r.getStatus().getItemsFailed()).isZero();
                assertThat(r.getStatus().getLagSeconds()).isZero();
                assertThat(r.getStatus().getLastSyncTime()).isNotBlank();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(cluster.client.getKubernetesSerialization().asYaml(get().getStatus()) + cluster.node.logs(), e);
        }
        assertThat(listing(target, "mirror", targetToken)).isEqualTo(listing(source, "files", sourceToken)).hasSize(FILES);
    }

    @Test
    void aPushToTheSourceStartsARun() throws Exception {
        String source = cluster.node.url("default");
        String target = cluster.node.url("remote");
        String sourceToken = cluster.adminToken("default");
        String targetToken = cluster.adminToken("remote");
        Replication replication = replication("on-push", "pushed", target, "pushed-mirror");
        replication.getSpec().setBandwidthLimit(null);
        cluster.client.resource(replication).create();
        String first = "on-push-replicate-1";
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.client.batch().v1().jobs().inNamespace(NS).withName(first).get() != null);
        assertThat(cluster.node.startJob(NS, first).finish(Duration.ofSeconds(120))).isZero();

        // Without a push, polls (every 2 s here) start nothing.
        Thread.sleep(8_000);
        assertThat(pushJobs()).isEmpty();

        byte[] body = "pushed after the first run".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(source + "/generic/pushed/releases/new.txt"))
                .header("Authorization", "Bearer " + sourceToken).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> pushJobs().size() == 1);
        String pushJob = pushJobs().get(0);
        assertThat(cluster.node.startJob(NS, pushJob).finish(Duration.ofSeconds(120))).isZero();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Replication r = cluster.client.resources(Replication.class).inNamespace(NS).withName("on-push").get();
                assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.IN_SYNC)).isTrue();
                assertThat(r.getStatus().getItemsCopied()).isEqualTo(1);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(cluster.client.getKubernetesSerialization().asYaml(
                    cluster.client.resources(Replication.class).inNamespace(NS).withName("on-push").get().getStatus()) + cluster.node.logs(), e);
        }
        assertThat(listing(target, "pushed-mirror", targetToken)).isEqualTo(listing(source, "pushed", sourceToken))
                .containsKey("releases/new.txt");
        // The finished push run is the new baseline: no further run without a further push.
        Thread.sleep(6_000);
        assertThat(pushJobs()).containsExactly(pushJob);
    }

    private static java.util.List<String> pushJobs() {
        return cluster.client.batch().v1().jobs().inNamespace(NS).withLabel("granary.io/replication", "on-push").list().getItems().stream()
                .map(j -> j.getMetadata().getName()).filter(n -> n.startsWith("on-push-push-")).toList();
    }

    private static Replication get() {
        return cluster.client.resources(Replication.class).inNamespace(NS).withName("to-remote").get();
    }

    private static Replication replication(String targetUrl) {
        return replication("to-remote", "files", targetUrl, "mirror");
    }

    private static Replication replication(String name, String from, String targetUrl, String to) {
        Replication replication = new Replication();
        replication.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        ReplicationSpec spec = new ReplicationSpec();
        ReplicationEndpoint source = new ReplicationEndpoint();
        source.setRepository(from);
        ReplicationEndpoint target = new ReplicationEndpoint();
        target.setUrl(targetUrl);
        target.setRepository(to);
        target.setCredentialsSecretRef(new SecretReference("remote-credentials"));
        target.setAllowPrivateAddresses(true);
        spec.setSource(source);
        spec.setTarget(target);
        ReplicationTrigger trigger = new ReplicationTrigger();
        trigger.setOnPush(true);
        spec.setTrigger(trigger);
        spec.setBandwidthLimit("512Ki");
        spec.setConcurrency(2);
        replication.setSpec(spec);
        return replication;
    }

    /** path → sha256 of the files under releases/. */
    private static Map<String, String> listing(String base, String repository, String token) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/generic/" + repository + "/releases/"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> files = new TreeMap<>();
        if (r.statusCode() == 200) {
            for (JsonNode child : JSON.readTree(r.body()).path("children")) {
                files.put(child.path("path").asText(), child.path("sha256").asText());
            }
        }
        return files;
    }
}
