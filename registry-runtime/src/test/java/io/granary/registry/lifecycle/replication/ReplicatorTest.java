package io.granary.registry.lifecycle.replication;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.GranaryMain;
import io.granary.registry.lifecycle.LifecycleRepositories;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replication through the formats' HTTP APIs between two repositories of a real runtime (PostgreSQL, blob store):
 * a replicate process killed midway, then a second run that finishes the job without copying anything twice, then a
 * third that finds nothing to do; OCI images arrive with their signature referrers.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class ReplicatorTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final int FILES = 12;
    private static final int FILE_SIZE = 256 * 1024;

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void repositories() {
        LifecycleRepositories.declare("replication-repositories.yaml", Map.of("repl-files-src", "generic", "repl-files-dst", "generic",
                "repl-oci-src", "oci", "repl-oci-dst", "oci"));
    }

    private ReplicateOptions options(String format, String from, String to, long bandwidth) {
        String url = base.toString();
        var auth = Optional.of("Bearer " + ADMIN);
        return new ReplicateOptions(format, new ReplicateOptions.Endpoint(URI.create(url.substring(0, url.length() - 1)), from, auth, true),
                new ReplicateOptions.Endpoint(URI.create(url.substring(0, url.length() - 1)), to, auth, true), 3, bandwidth,
                List.of(), List.of(), 3, Optional.empty());
    }

    /** path → sha256 of every file under the repository's folder. */
    private static Map<String, String> files(String repository, String folder) {
        Map<String, String> files = new TreeMap<>();
        var r = given().auth().oauth2(ADMIN).get("/generic/" + repository + "/" + folder + "/");
        if (r.statusCode() == 200) {
            JsonPath json = r.jsonPath();
            List<Map<String, Object>> children = json.getList("children");
            children.forEach(c -> files.put(((String) c.get("path")).substring(folder.length() + 1), (String) c.get("sha256")));
        }
        return files;
    }

    @Test
    void killedRunResumesAndEndsWithIdenticalDigests() throws Exception {
        LifecycleRepositories.awaitServed("repl-files-src", "repl-files-dst");
        String folder = "run-" + System.nanoTime();
        Random random = new Random(11);
        for (int i = 0; i < FILES; i++) {
            byte[] body = new byte[FILE_SIZE];
            random.nextBytes(body);
            given().auth().oauth2(ADMIN).body(body).put("/generic/repl-files-src/" + folder + "/part-" + i + ".bin").then().statusCode(201);
        }
        Map<String, String> source = files("repl-files-src", folder);
        assertThat(source).hasSize(FILES);

        // A real process, throttled to 512 KiB/s, killed (SIGKILL) once a few files arrived.
        String url = base.toString().substring(0, base.toString().length() - 1);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GranaryMain.class.getName(), "replicate",
                "--format", "generic", "--source-url", url, "--source-repository", "repl-files-src",
                "--target-url", url, "--target-repository", "repl-files-dst", "--concurrency", "2", "--bandwidth", "524288",
                "--source-allow-private-addresses", "true", "--target-allow-private-addresses", "true")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("GRANARY_REPLICATE_SOURCE_TOKEN", ADMIN);
        builder.environment().put("GRANARY_REPLICATE_TARGET_TOKEN", ADMIN);
        Process process = builder.start();
        try {
            for (int i = 0; i < 600 && files("repl-files-dst", folder).size() < 3 && process.isAlive(); i++) {
                Thread.sleep(100);
            }
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        int partial = files("repl-files-dst", folder).size();
        assertThat(partial).as("files copied before the kill").isBetween(3, FILES - 1);

        ReplicationResult resumed = new Replicator(options("generic", "repl-files-src", "repl-files-dst", 0)).run();
        assertThat(resumed.failed()).isZero();
        assertThat(resumed.lagSeconds()).isZero();
        assertThat(resumed.skipped()).isGreaterThanOrEqualTo(partial);
        assertThat(files("repl-files-dst", folder)).isEqualTo(source);

        ReplicationResult again = new Replicator(options("generic", "repl-files-src", "repl-files-dst", 0)).run();
        assertThat(again.copied()).isZero();
        assertThat(again.failed()).isZero();
    }

    @Test
    void imagesArriveWithTheirSignatures() throws Exception {
        LifecycleRepositories.awaitServed("repl-oci-src", "repl-oci-dst");
        String image = "app-" + System.nanoTime();
        String name = "repl-oci-src/" + image;
        byte[] layer = new byte[8192];
        new Random().nextBytes(layer);
        byte[] config = bytes("{\"os\":\"linux\"}");
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + blob(name, config) + "\",\"size\":" + config.length
                + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + blob(name, layer)
                + "\",\"size\":" + layer.length + "}]}");
        String digest = manifest(name, "1.0", manifest);
        byte[] signature = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":"
                + "\"application/vnd.dev.cosign.artifact.sig.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + blob(name, bytes("{}")) + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\""
                + OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + manifest.length + "}}");
        String signatureDigest = manifest(name, sha256(signature), signature);

        ReplicationResult first = new Replicator(options("oci", "repl-oci-src", "repl-oci-dst", 0)).run();
        assertThat(first.failed()).as(String.valueOf(first.firstError())).isZero();
        var pulled = given().urlEncodingEnabled(false).auth().oauth2(ADMIN).accept(OCI_MANIFEST)
                .get("/v2/repl-oci-dst/" + image + "/manifests/1.0");
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(pulled.asByteArray()).isEqualTo(manifest);
        assertThat(given().urlEncodingEnabled(false).auth().oauth2(ADMIN).get("/v2/repl-oci-dst/" + image + "/referrers/" + digest)
                .jsonPath().getList("manifests.digest")).containsExactly(signatureDigest);
        var copiedLayer = given().urlEncodingEnabled(false).auth().oauth2(ADMIN).get("/v2/repl-oci-dst/" + image + "/blobs/" + sha256(layer));
        assertThat(copiedLayer.asByteArray()).isEqualTo(layer);

        ReplicationResult second = new Replicator(options("oci", "repl-oci-src", "repl-oci-dst", 0)).run();
        assertThat(second.copied()).isZero();
        assertThat(second.skipped()).isEqualTo(first.copied() + first.skipped());
    }

    @Test
    void badOptionsAreRefusedWithTheUsage() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ReplicateOptions.parse(new String[] {"--format", "npm"}, Map.of()));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ReplicateOptions.parse(new String[] {"--format", "oci", "--source-url", "ftp://x"}, Map.of()));
        assertThat(e.getMessage()).contains("not an http(s) URL").contains("usage:");
    }

    private static String blob(String name, byte[] content) throws Exception {
        String digest = sha256(content);
        given().urlEncodingEnabled(false).auth().oauth2(ADMIN).contentType("application/octet-stream").body(content)
                .post("/v2/" + name + "/blobs/uploads/?digest=" + digest).then().statusCode(201);
        return digest;
    }

    private static String manifest(String name, String reference, byte[] body) throws Exception {
        given().urlEncodingEnabled(false).auth().oauth2(ADMIN).contentType(OCI_MANIFEST).body(body)
                .put("/v2/" + name + "/manifests/" + reference).then().statusCode(201);
        return sha256(body);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
