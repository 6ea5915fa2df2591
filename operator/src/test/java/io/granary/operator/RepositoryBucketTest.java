package io.granary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.granary.api.v1alpha1.common.ConditionReasons;
import io.granary.api.v1alpha1.common.ConditionTypes;
import io.granary.api.v1alpha1.common.Conditions;
import io.granary.api.v1alpha1.repository.DeletionPolicy;
import io.granary.api.v1alpha1.repository.Repository;
import io.granary.api.v1alpha1.repository.RepositoryFormat;
import io.granary.operator.testsupport.ControlPlane;
import io.granary.operator.testsupport.Fixtures;
import io.granary.operator.testsupport.S3Server;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Repository → bucket in a real S3 API (S3Proxy); deletion honours deletionPolicy. */
class RepositoryBucketTest {

    static KubernetesClient client;
    static String ns;
    static GranaryOperator operator;
    static S3Server s3;
    static S3Client s3Client;

    @BeforeAll
    static void start() throws Exception {
        org.awaitility.Awaitility.ignoreExceptionsByDefault();
        s3 = S3Server.start();
        s3Client = s3.client();
        client = ControlPlane.newClient();
        ns = ControlPlane.newNamespace(client, "repo");
        client.resource(Fixtures.databaseSecret(ns, "db", "postgresql://u:p@db:5432/granary")).create();
        client.resource(Fixtures.s3Secret(ns, "s3", s3.accessKey(), s3.secretKey())).create();
        client.resource(Fixtures.s3Registry(ns, "default", s3.endpoint())).create();
        operator = new GranaryOperator(client, new OperatorSettings(Set.of(ns), "granary/registry-runtime:test", null,
                Duration.ofSeconds(5), null)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        operator.close();
        client.close();
        s3Client.close();
        s3.close();
    }

    @Test
    void retainKeepsBucketAndObjectsAfterTheRepositoryIsDeleted() {
        client.resource(Fixtures.repository(ns, "keep", "default", RepositoryFormat.GENERIC, null)).create();
        String bucket = "t-" + ns + "-keep";
        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            Repository r = client.resources(Repository.class).inNamespace(ns).withName("keep").get();
            assertThat(Conditions.isTrue(r.getStatus().getConditions(), ConditionTypes.BUCKET_READY)).isTrue();
            // The registry has no ready pod here, and the Repository says why it is not served.
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.SERVING)).get()
                    .satisfies(c -> assertThat(c.getReason()).isEqualTo(ConditionReasons.REGISTRY_NOT_READY));
            assertThat(r.getStatus().getUrl()).isEqualTo("http://default." + ns + ".svc:8080/generic/keep/");
        });
        assertThat(s3Client.listBuckets().buckets()).anySatisfy(b -> assertThat(b.name()).isEqualTo(bucket));
        s3Client.putObject(b -> b.bucket(bucket).key("app/1.0/app.tgz"), RequestBody.fromString("artifact bytes"));

        client.resources(Repository.class).inNamespace(ns).withName("keep").delete();
        await().atMost(ControlPlane.convergeTimeout()).until(() -> client.resources(Repository.class).inNamespace(ns).withName("keep").get() == null);
        assertThat(s3Client.getObjectAsBytes(b -> b.bucket(bucket).key("app/1.0/app.tgz")).asUtf8String()).isEqualTo("artifact bytes");
    }

    @Test
    void deleteEmptiesAndRemovesTheBucket() {
        client.resource(Fixtures.repository(ns, "scratch", "default", RepositoryFormat.GENERIC, DeletionPolicy.DELETE)).create();
        String bucket = "t-" + ns + "-scratch";
        await().atMost(ControlPlane.convergeTimeout()).until(() ->
                s3Client.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
        for (int i = 0; i < 3; i++) {
            int n = i;
            s3Client.putObject(b -> b.bucket(bucket).key("f" + n), RequestBody.fromString("x"));
        }
        client.resources(Repository.class).inNamespace(ns).withName("scratch").delete();
        await().atMost(ControlPlane.convergeTimeout()).until(() -> client.resources(Repository.class).inNamespace(ns).withName("scratch").get() == null);
        assertThat(s3Client.listBuckets().buckets()).noneSatisfy(b -> assertThat(b.name()).isEqualTo(bucket));
    }

    @Test
    void aRepositoryOfAMissingRegistryWaitsForIt() {
        client.resource(Fixtures.repository(ns, "orphan", "nowhere", RepositoryFormat.NPM, null)).create();
        await().atMost(ControlPlane.convergeTimeout()).untilAsserted(() -> {
            Repository r = client.resources(Repository.class).inNamespace(ns).withName("orphan").get();
            assertThat(Conditions.find(r.getStatus().getConditions(), ConditionTypes.READY)).get().satisfies(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo(ConditionReasons.REGISTRY_NOT_FOUND);
                assertThat(c.getMessage()).contains("nowhere");
            });
            assertThat(r.getStatus().getObservedGeneration()).isEqualTo(r.getMetadata().getGeneration());
        });
    }
}
