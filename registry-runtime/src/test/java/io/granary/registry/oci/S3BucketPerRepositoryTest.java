package io.granary.registry.oci;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.S3GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * With a bucket template, each repository's bytes land in that repository's own bucket (read back through the S3 API
 * of S3Proxy, not through Granary), and a cross-repository OCI mount copies the blob into the target's bucket.
 */
@QuarkusTest
@QuarkusTestResource(value = S3GranaryTestResources.class, restrictToAnnotatedClass = true)
class S3BucketPerRepositoryTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    @TestHTTPResource("/")
    URI base;

    private S3Client s3;
    private OciHttp http;

    @BeforeEach
    void connect() {
        var config = ConfigProvider.getConfig();
        s3 = S3Client.builder()
                .endpointOverride(URI.create(config.getValue("granary.storage.s3.endpoint", String.class)))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        config.getValue("granary.storage.s3.access-key", String.class),
                        config.getValue("granary.storage.s3.secret-key", String.class))))
                .build();
        http = new OciHttp(base, "Bearer " + ADMIN);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void genericFileLandsOnlyInItsRepositorysBucket() throws Exception {
        byte[] body = ("only in files " + UUID.randomUUID()).getBytes();
        String sha256 = OciHttp.digest(body).substring("sha256:".length());
        given().auth().oauth2(ADMIN).body(body).put("/generic/" + TestRepositories.FILES + "/routing/a.txt")
                .then().statusCode(201);

        assertThat(blobKeys(bucket(TestRepositories.FILES))).contains("blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256);
        assertThat(blobKeys(bucket(TestRepositories.MIXED))).noneMatch(k -> k.endsWith(sha256));
        assertThat(blobKeys("granary-it")).noneMatch(k -> k.endsWith(sha256));
        given().auth().oauth2(ADMIN).get("/generic/" + TestRepositories.FILES + "/routing/a.txt")
                .then().statusCode(200).extract().asByteArray();
    }

    @Test
    void crossRepositoryMountCopiesTheBlobIntoTheTargetsBucket() throws Exception {
        String from = TestRepositories.OCI + "/mount-src-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] layer = OciHttp.bytes("layer crossing repositories " + UUID.randomUUID());
        String digest = http.pushBlob(from, layer);
        String sha256 = digest.substring("sha256:".length());
        String key = "blobs/sha256/" + sha256.substring(0, 2) + "/" + sha256;
        assertThat(blobKeys(bucket(TestRepositories.OCI))).contains(key);
        assertThat(blobKeys(bucket(TestRepositories.OCI_PUBLIC))).doesNotContain(key);

        String target = TestRepositories.OCI_PUBLIC + "/mount-dst";
        var mounted = http.send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + from, null);
        assertThat(mounted.statusCode()).isEqualTo(201);

        assertThat(blobKeys(bucket(TestRepositories.OCI_PUBLIC))).contains(key);
        assertThat(http.get("/v2/" + target + "/blobs/" + digest).body()).isEqualTo(layer);
    }

    private static String bucket(String repository) {
        return S3GranaryTestResources.BUCKET_TEMPLATE.replace("{repository}", repository);
    }

    private List<String> blobKeys(String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("blobs/")).contents().stream().map(S3Object::key).toList();
    }
}
