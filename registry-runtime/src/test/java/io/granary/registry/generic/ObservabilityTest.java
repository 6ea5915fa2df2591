package io.granary.registry.generic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Health, metrics, the SLI snapshot, request ids, token life cycle and catalog reload, as seen from outside. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class ObservabilityTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    @Test
    void healthChecksDatabaseAndBlobStore() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("blob-store"))
                .body("checks.find { it.name == 'blob-store' }.data.kind", equalTo("filesystem"));
    }

    @Test
    void metricsAndSliCountPullsAndPushes() {
        given().auth().oauth2(ADMIN).body("m").put("/generic/public-files/metrics/m.txt").then().statusCode(201);
        for (int i = 0; i < 3; i++) {
            given().get("/generic/public-files/metrics/m.txt").then().statusCode(200);
        }
        given().get("/generic/public-files/metrics/missing.txt").then().statusCode(404);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("granary_requests_seconds_count{format=\"generic\",operation=\"pull\",outcome=\"2xx\",repository=\"public-files\"}");
        assertThat(metrics).contains("granary_requests_seconds_bucket{format=\"generic\",operation=\"push\"");
        assertThat(metrics).contains("granary_bytes_total{direction=\"out\",repository=\"public-files\"}");

        given().auth().oauth2(ADMIN).queryParam("window", "5m").get("/api/v1/repositories/public-files/sli")
                .then().statusCode(200)
                .body("repository", equalTo("public-files"))
                .body("windowSeconds", equalTo(300))
                .body("pull.requests", greaterThanOrEqualTo(4))
                .body("pull.failures", equalTo(0))
                .body("pull.successRatio", equalTo(1.0f))
                .body("push.requests", greaterThanOrEqualTo(1));
        given().auth().oauth2(ADMIN).queryParam("window", "forever").get("/api/v1/repositories/public-files/sli")
                .then().statusCode(400).body("errors[0].message", containsString("duration"));
    }

    @Test
    void requestIdIsEchoedOrAssigned() {
        given().header("X-Request-Id", "ci-run-42").get("/generic/public-files/nothing.txt").then()
                .header("X-Request-Id", "ci-run-42").body("requestId", equalTo("ci-run-42"));
        given().get("/generic/public-files/nothing.txt").then()
                .header("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void revokedAndExpiredTokensStopWorking() {
        String token = Tokens.issue("short-lived", TestRepositories.FILES, "reader");
        given().auth().oauth2(token).get("/generic/files/").then().statusCode(200);
        String id = given().auth().oauth2(ADMIN).get("/api/v1/tokens").then().statusCode(200)
                .extract().path("find { it.name == 'short-lived' }.id");
        given().auth().oauth2(ADMIN).delete("/api/v1/tokens/" + id).then().statusCode(204);
        given().auth().oauth2(token).get("/generic/files/").then().statusCode(401);

        String expiring = given().auth().oauth2(ADMIN).contentType("application/json")
                .body("{\"name\":\"expiring\",\"grants\":[{\"repository\":\"files\",\"role\":\"reader\"}],\"expiresInSeconds\":1}")
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(expiring).get("/generic/files/").then().statusCode(401));
    }

    @Test
    void aCachedTokenStopsWorkingTheMomentItExpires() throws InterruptedException {
        var issued = given().auth().oauth2(ADMIN).contentType("application/json")
                .body("{\"name\":\"expiring-cached\",\"grants\":[{\"repository\":\"files\",\"role\":\"reader\"}],\"expiresInSeconds\":2}")
                .post("/api/v1/tokens").then().statusCode(201).extract();
        String token = issued.path("token");
        java.time.Instant expiresAt = java.time.Instant.parse(issued.path("expiresAt"));
        // Used right up to its expiry, so the authenticator's cache (whose TTL outlasts the token's
        // remaining life) holds it as valid at the moment it expires.
        for (int i = 0; i < 100 && java.time.Instant.now().isBefore(expiresAt.minusMillis(150)); i++) {
            given().auth().oauth2(token).get("/generic/files/").then().statusCode(200);
            Thread.sleep(50);
        }
        long wait = Duration.between(java.time.Instant.now(), expiresAt).toMillis() + 50;
        if (wait > 0) {
            Thread.sleep(wait);
        }
        given().auth().oauth2(token).get("/generic/files/").then().statusCode(401);
    }

    @Test
    void tokenApiValidatesAndIsForAdminsOnly() {
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"name\":\"x\",\"grants\":[]}")
                .post("/api/v1/tokens").then().statusCode(400).body("errors[0].code", equalTo("INVALID"));
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body("{\"name\":\"x\",\"grants\":[{\"repository\":\"files\",\"role\":\"owner\"}]}")
                .post("/api/v1/tokens").then().statusCode(400);
        String writer = Tokens.issue("not-admin", TestRepositories.FILES, "admin");
        given().auth().oauth2(writer).get("/api/v1/tokens").then().statusCode(403);
        given().get("/api/v1/tokens").then().statusCode(401);
        // Secrets are never listed.
        assertThat(given().auth().oauth2(ADMIN).get("/api/v1/tokens").asString()).doesNotContain("gra_");
    }

    @Test
    void catalogPicksUpNewRepositoryFiles() throws Exception {
        Files.writeString(GranaryTestResources.catalogDir().resolve("late.yaml"), """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: late-arrival}
                spec: {format: generic, type: hosted, access: {anonymousRead: true}}
                """);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/generic/late-arrival/").then().statusCode(200).body("children.size()", equalTo(0)));
    }
}
