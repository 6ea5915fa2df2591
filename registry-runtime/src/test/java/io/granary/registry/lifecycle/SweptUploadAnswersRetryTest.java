package io.granary.registry.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A write whose blob garbage collection sweeps between the bytes' commit and the metadata row answers
 * {@code 503} with {@code Retry-After} in its protocol's error format, and the repeated request succeeds.
 * The race is made deterministic with real parts only: the test holds, in PostgreSQL, the lock the write
 * waits for after committing its bytes (the repository's advisory lock for generic files, the manifest's
 * blob row for OCI), runs a real garbage collection while the write waits, then lets it go on. What the
 * test locks is never what the collection must touch, so the collection does not wait for the test.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class SweptUploadAnswersRetryTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void repositories() {
        LifecycleRepositories.declare("swept-repositories.yaml", Map.of("swept-files", "generic", "swept-oci", "oci"));
    }

    @Test
    void genericPutAnswers503WithRetryAfterWhenGcSweptItsBlob() throws Exception {
        LifecycleRepositories.awaitServed("swept-files");
        byte[] content = random(8192);
        String first = "/generic/swept-files/a/" + UUID.randomUUID() + ".bin";
        given().auth().oauth2(ADMIN).body(content).put(first).then().statusCode(201);
        // The blob loses its only reference: the next collection may sweep it.
        given().auth().oauth2(ADMIN).delete(first).then().statusCode(204);

        String second = "/generic/swept-files/b/" + UUID.randomUUID() + ".bin";
        // The bytes are committed again and the row waits for the repository's lock: a collection sweeps both.
        HttpResponse<String> answer = collectWhileWaiting(
                "SELECT pg_advisory_xact_lock((SELECT id FROM repository WHERE name = 'swept-files'))",
                request(second).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), "advisory");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        JsonObject error = new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("code")).isEqualTo("UNAVAILABLE");
        assertThat(error.getString("message")).contains("garbage-collected").contains("repeat");
        given().auth().oauth2(ADMIN).get(second).then().statusCode(404);

        // Repeating the upload stores the bytes anew.
        given().auth().oauth2(ADMIN).body(content).put(second).then().statusCode(201);
        assertThat(given().auth().oauth2(ADMIN).get(second).asByteArray()).isEqualTo(content);
    }

    @Test
    void ociManifestPutAnswers503WithRetryAfterWhenGcSweptALayer() throws Exception {
        LifecycleRepositories.awaitServed("swept-oci", "swept-files");
        String image = "swept-oci/app-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(4096);
        byte[] manifest = manifest(pushBlob(image, config), config.length, pushBlob(image, layer), layer.length);
        String manifestSha = LifecycleApi.sha256(manifest);
        // The same bytes as a file elsewhere keep the manifest's blob row referenced, so the collection
        // below neither marks nor sweeps the row the test holds locked.
        given().auth().oauth2(ADMIN).body(manifest).put("/generic/swept-files/manifests/" + manifestSha).then().statusCode(201);

        // The manifest's own blob row, locked: the PUT, having committed the manifest's bytes, waits for it. No
        // manifest references the layers yet and their links are older than a zero grace: the collection sweeps them.
        HttpResponse<String> answer = collectWhileWaiting("SELECT 1 FROM blob WHERE sha256 = '" + manifestSha + "' FOR UPDATE",
                request("/v2/" + image + "/manifests/1.0").header("Content-Type", OCI_MANIFEST)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), "transactionid");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        JsonObject error = new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("code")).isEqualTo("UNAVAILABLE");
        assertThat(error.getString("message")).contains("garbage-collected");
        given().auth().oauth2(ADMIN).accept(OCI_MANIFEST).get("/v2/" + image + "/manifests/1.0").then().statusCode(404);

        // A client that pushes again (blobs, then the manifest) succeeds.
        pushBlob(image, config);
        pushBlob(image, layer);
        given().auth().oauth2(ADMIN).contentType(OCI_MANIFEST).body(manifest).put("/v2/" + image + "/manifests/1.0")
                .then().statusCode(201);
        assertThat(given().auth().oauth2(ADMIN).accept(OCI_MANIFEST).get("/v2/" + image + "/manifests/1.0").asByteArray())
                .isEqualTo(manifest);
    }

    /**
     * Holds the lock {@code lockStatement} takes, sends {@code write}, waits until it waits for a lock of
     * {@code lockType}, runs a garbage collection with a zero grace, releases the lock and returns the answer.
     */
    private HttpResponse<String> collectWhileWaiting(String lockStatement, HttpRequest write, String lockType)
            throws Exception {
        try (Connection db = LifecycleApi.database()) {
            db.setAutoCommit(false);
            try (Statement st = db.createStatement()) {
                st.execute(lockStatement);
            }
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(write, HttpResponse.BodyHandlers.ofString());
            awaitWaitingLock(db, lockType);
            LifecycleApi.collect("0s");
            db.commit();
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofSeconds(30));
    }

    /** Returns once another session waits for a lock of that type (bounded: 15 s). */
    private static void awaitWaitingLock(Connection db, String lockType) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = '"
                         + lockType + "' AND pid <> pg_backend_pid()")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the write never waited for the " + lockType + " lock");
    }

    private static String pushBlob(String image, byte[] content) throws Exception {
        String digest = "sha256:" + LifecycleApi.sha256(content);
        given().auth().oauth2(ADMIN).contentType("application/octet-stream").body(content)
                .post("/v2/" + image + "/blobs/uploads/?digest=" + digest).then().statusCode(201);
        return digest;
    }

    private static byte[] manifest(String config, int configSize, String layer, int layerSize) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":" + configSize
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + layer
                + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }
}
