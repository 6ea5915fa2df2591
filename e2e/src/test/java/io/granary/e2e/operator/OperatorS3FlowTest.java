package io.granary.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.Condition;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.common.SecretKeyReference;
import io.granary.api.v1alpha1.common.SecretReference;
import io.granary.api.v1alpha1.registry.DatabaseSpec;
import io.granary.api.v1alpha1.registry.Registry;
import io.granary.api.v1alpha1.registry.RegistrySpec;
import io.granary.api.v1alpha1.registry.RegistryStorageSpec;
import io.granary.api.v1alpha1.registry.S3StorageSpec;
import io.granary.api.v1alpha1.repository.AccessRole;
import io.granary.api.v1alpha1.repository.AccessRoleName;
import io.granary.api.v1alpha1.repository.AccessSpec;
import io.granary.api.v1alpha1.repository.DeletionPolicy;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.api.v1alpha1.repository.RepositorySpec;
import io.granary.api.v1alpha1.repository.RepositoryType;
import io.granary.api.v1alpha1.repository.SloObjective;
import io.granary.api.v1alpha1.repository.SloSpec;
import io.granary.api.v1alpha1.repository.StorageSpec;
import io.granary.e2e.support.Content;
import io.granary.e2e.support.TestPostgres;
import io.granary.e2e.support.TestS3;
import io.granary.operator.registry.RegistryNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A Registry on S3 (S3Proxy), reconciled on a real API server and run by the node stand-in as a real runtime process:
 * each Repository's blobs land in its own bucket; a deleted access Secret gets a new token and the old one stops
 * working; an S3 outage (the S3 API really goes down) turns into 5xx answers that flip PullSLOMet/PushSLOMet to False
 * with the measured ratio, and back to True once the failures leave the 1m window; deleting a Repository with
 * deletionPolicy Delete revokes its tokens and removes exactly its bucket.
 */
class OperatorS3FlowTest {

    static final String NS = "s3-platform";
    static final String TEMPLATE = "e2e-{namespace}-{repository}";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static OperatorStack stack;
    static KubernetesClient client;
    static TestPostgres postgres;
    static TestS3 s3;
    static NodeStandIn node;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        s3 = TestS3.start();
        stack = OperatorStack.start(dir, NS);
        client = stack.client();
        postgres = stack.postgres();
        node = stack.node();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void bucketsTokensAndSloFollowRealFaults() throws Exception {
        client.resource(secret("granary-db", Map.of("url", postgres.url()))).create();
        client.resource(secret("granary-s3", Map.of("accessKeyId", s3.accessKey(), "secretAccessKey", s3.secretKey()))).create();
        client.resource(registry()).create();
        client.resource(repository("apps", DeletionPolicy.DELETE)).create();
        client.resource(repository("libs", DeletionPolicy.RETAIN)).create();

        await().atMost(Duration.ofSeconds(60)).until(() -> client.apps().deployments().inNamespace(NS).withName("default").get() != null);
        node.run(NS, "default", Duration.ofSeconds(180));
        awaitReady("apps");
        awaitReady("libs");

        // 1. Each repository's bytes land in its own bucket, read back through S3 itself.
        String appsToken = token("apps-ci");
        String libsToken = token("libs-ci");
        byte[] appsFile = Content.random(64 * 1024, 1);
        byte[] libsFile = Content.random(64 * 1024, 2);
        assertThat(send("PUT", appsToken, "apps", "a/1/a.bin", appsFile)).isEqualTo(201);
        assertThat(send("PUT", libsToken, "libs", "b/1/b.bin", libsFile)).isEqualTo(201);
        try (S3Client store = s3.client()) {
            assertThat(keys(store, bucket("apps"))).contains(blobKey(appsFile)).doesNotContain(blobKey(libsFile));
            assertThat(keys(store, bucket("libs"))).contains(blobKey(libsFile)).doesNotContain(blobKey(appsFile));
        }

        // 2. Deleting the access Secret rotates the token: a new one is issued, the old one is revoked.
        client.secrets().inNamespace(NS).withName("apps-ci").delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String current = tokenOrNull("apps-ci");
            return current != null && !current.equals(appsToken);
        });
        String rotated = token("apps-ci");
        await().atMost(Duration.ofSeconds(10)).until(() -> send("GET", appsToken, "apps", "a/1/a.bin", null) == 401);
        assertThat(send("GET", rotated, "apps", "a/1/a.bin", null)).isEqualTo(200);

        // 3. A real S3 outage: pushes and pulls answer 5xx, and the SLO conditions say so once the operator looks again.
        byte[] unread = Content.random(32 * 1024, 3);
        assertThat(send("PUT", rotated, "apps", "a/2/never-read.bin", unread)).isEqualTo(201);
        s3.stop();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(send("PUT", rotated, "apps", "a/3/during-outage-" + i + ".bin", Content.random(1024, 10 + i)))
                        .isGreaterThanOrEqualTo(500);
            }
            assertThat(send("GET", rotated, "apps", "a/2/never-read.bin", null)).isGreaterThanOrEqualTo(500);
        } finally {
            s3.resume();
        }
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            Repository apps = repository("apps");
            assertThat(condition(apps, ConditionTypes.PUSH_SLO_MET)).satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
                assertThat(c.getReason()).isEqualTo(ConditionReasons.OBJECTIVE_MISSED);
                assertThat(c.getMessage()).contains("3 failed");
            });
            assertThat(condition(apps, ConditionTypes.PULL_SLO_MET).getStatus()).isEqualTo(Condition.FALSE);
            assertThat(Double.parseDouble(apps.getStatus().getSli().getPushSuccessRatio())).isLessThan(0.99);
            assertThat(Double.parseDouble(apps.getStatus().getSli().getPullSuccessRatio())).isLessThan(0.99);
        });

        // ... and back to True once the failures have left the 1m window (successful traffic keeps flowing meanwhile).
        int[] round = {0};
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            int n = round[0]++;
            assertThat(send("PUT", rotated, "apps", "a/4/after-" + n + ".bin", Content.random(1024, 100 + n))).isEqualTo(201);
            assertThat(send("GET", rotated, "apps", "a/4/after-" + n + ".bin", null)).isEqualTo(200);
            Repository apps = repository("apps");
            assertThat(condition(apps, ConditionTypes.PUSH_SLO_MET).getStatus()).isEqualTo(Condition.TRUE);
            assertThat(condition(apps, ConditionTypes.PULL_SLO_MET).getStatus()).isEqualTo(Condition.TRUE);
        });

        // 4. Deleting a Repository with deletionPolicy Delete revokes its tokens and empties exactly its bucket.
        client.resources(Repository.class).inNamespace(NS).withName("apps").delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> client.resources(Repository.class).inNamespace(NS).withName("apps").get() == null);
        try (S3Client store = s3.client()) {
            assertThat(bucketExists(store, bucket("apps"))).isFalse();
            assertThat(keys(store, bucket("libs"))).contains(blobKey(libsFile));
        }
        assertThat(send("GET", libsToken, "libs", "b/1/b.bin", null)).isEqualTo(200);
        List<JsonNode> appsTokens = adminTokens().stream().filter(t -> t.path("name").asText().startsWith(NS + ".apps.")).toList();
        assertThat(appsTokens).hasSize(2).allSatisfy(t -> assertThat(t.hasNonNull("revokedAt")).isTrue());
        assertThat(adminTokens()).filteredOn(t -> t.path("name").asText().startsWith(NS + ".libs."))
                .singleElement().satisfies(t -> assertThat(t.hasNonNull("revokedAt")).isFalse());
    }

    private static void awaitReady(String name) {
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> Conditions.isReadyAtLatestGeneration(repository(name)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Repository " + name + " not Ready: "
                    + client.getKubernetesSerialization().asYaml(repository(name).getStatus()) + "\n" + node.logs(), e);
        }
    }

    private static Repository repository(String name) {
        return client.resources(Repository.class).inNamespace(NS).withName(name).get();
    }

    private static Condition condition(Repository repository, String type) {
        return Conditions.find(repository.getStatus().getConditions(), type).orElseThrow();
    }

    private static int send(String method, String token, String repository, String path, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url("default") + "/generic/" + repository + "/" + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static List<JsonNode> adminTokens() throws Exception {
        Registry registry = client.resources(Registry.class).inNamespace(NS).withName("default").get();
        SecretKeyReference ref = RegistryNames.adminToken(registry);
        String admin = decode(client.secrets().inNamespace(NS).withName(ref.getName()).get().getData().get(ref.getKey())).strip();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(node.url("default") + "/api/v1/tokens"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> tokens = new java.util.ArrayList<>();
        JSON.readTree(response.body()).forEach(tokens::add);
        return tokens;
    }

    private static String token(String secret) {
        String token = tokenOrNull(secret);
        assertThat(token).as("token in Secret " + secret).isNotNull();
        return token;
    }

    private static String tokenOrNull(String secret) {
        var found = client.secrets().inNamespace(NS).withName(secret).get();
        return found == null || found.getData() == null || !found.getData().containsKey("token") ? null : decode(found.getData().get("token"));
    }

    private static String bucket(String repository) {
        return TEMPLATE.replace("{namespace}", NS).replace("{repository}", repository);
    }

    private static String blobKey(byte[] content) {
        String sha256 = Content.sha256(content);
        return "blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    private static List<String> keys(S3Client store, String bucket) {
        return store.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private static boolean bucketExists(S3Client store, String bucket) {
        try {
            store.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static io.fabric8.kubernetes.api.model.Secret secret(String name, Map<String, String> data) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withStringData(data).build();
    }

    private static Registry registry() {
        Registry registry = new Registry();
        registry.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace(NS).build());
        RegistrySpec spec = new RegistrySpec();
        DatabaseSpec db = new DatabaseSpec();
        db.setUrlSecretRef(new SecretKeyReference("granary-db", "url"));
        spec.setDatabase(db);
        S3StorageSpec s3Spec = new S3StorageSpec();
        s3Spec.setEndpoint(s3.endpoint());
        s3Spec.setRegion("us-east-1");
        s3Spec.setCredentialsSecretRef(new SecretReference("granary-s3"));
        s3Spec.setBucketTemplate(TEMPLATE);
        s3Spec.setPathStyle(true);
        RegistryStorageSpec storage = new RegistryStorageSpec();
        storage.setS3(s3Spec);
        spec.setStorage(storage);
        registry.setSpec(spec);
        return registry;
    }

    private static Repository repository(String name, DeletionPolicy deletionPolicy) {
        Repository repository = new Repository();
        repository.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        RepositorySpec spec = new RepositorySpec();
        spec.setFormat(RepositoryFormat.GENERIC);
        spec.setType(RepositoryType.HOSTED);
        AccessRole ci = new AccessRole();
        ci.setName("ci");
        ci.setRole(AccessRoleName.WRITER);
        AccessSpec access = new AccessSpec();
        access.setRoles(List.of(ci));
        spec.setAccess(access);
        StorageSpec storage = new StorageSpec();
        storage.setDeletionPolicy(deletionPolicy);
        spec.setStorage(storage);
        SloObjective pull = new SloObjective();
        pull.setSuccessRatio("0.99");
        SloObjective push = new SloObjective();
        push.setSuccessRatio("0.99");
        SloSpec slo = new SloSpec();
        slo.setPull(pull);
        slo.setPush(push);
        slo.setWindow("1m");
        spec.setSlo(slo);
        repository.setSpec(spec);
        return repository;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
