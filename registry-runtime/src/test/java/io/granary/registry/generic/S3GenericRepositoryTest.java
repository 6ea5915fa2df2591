package io.granary.registry.generic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.S3GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The generic protocol with the S3 blob store (S3Proxy): streaming, multipart, ranges, checksums. */
@QuarkusTest
@QuarkusTestResource(value = S3GranaryTestResources.class, restrictToAnnotatedClass = true)
class S3GenericRepositoryTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    @Test
    void multipartSizedFileRoundTripsWithRanges() throws Exception {
        byte[] body = new byte[12 * 1024 * 1024 + 123];
        new Random(7).nextBytes(body);
        String sha256 = GenericRepositoryTest.sha256(body);
        given().auth().oauth2(ADMIN).header("X-Checksum-Sha256", sha256).body(body)
                .put("/generic/files/s3/big.bin").then().statusCode(201).body("checksums.sha256", equalTo(sha256));

        byte[] served = given().auth().oauth2(ADMIN).get("/generic/files/s3/big.bin").then().statusCode(200)
                .header("X-Checksum-Sha256", sha256).extract().asByteArray();
        assertThat(GenericRepositoryTest.sha256(served)).isEqualTo(sha256);

        byte[] tail = given().auth().oauth2(ADMIN).header("Range", "bytes=-100").get("/generic/files/s3/big.bin")
                .then().statusCode(206).extract().asByteArray();
        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(body, body.length - 100, body.length));
    }

    @Test
    void checksumMismatchStoresNothingOnS3() {
        given().auth().oauth2(ADMIN).header("X-Checksum-Sha256", "f".repeat(64)).body("data")
                .put("/generic/files/s3/bad.bin").then().statusCode(400);
        given().auth().oauth2(ADMIN).get("/generic/files/s3/bad.bin").then().statusCode(404);
    }

    @Test
    void readinessReportsTheS3Store() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'blob-store' }.data.kind", equalTo("s3"));
    }
}
