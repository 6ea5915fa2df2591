package io.granary.e2e.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.granary.e2e.support.Content;
import io.granary.e2e.support.GranaryFixture;
import io.granary.e2e.support.GranaryProcess;
import io.granary.e2e.support.RepositoryDefinitions;
import io.granary.e2e.support.TestPostgres;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/build-images.sh} builds the operator and runtime images from the packaged apps (no container engine) and
 * pushes them to a running Granary's OCI repository; the script pulls each back by digest, and this test reads the
 * manifests by digest through Granary's API: the bytes hash to the digest and the config starts the Quarkus app.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class BuiltImagesPushTest {

    private static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void imagesBuiltWithoutAnEnginePushToGranaryAndComeBackByDigest(@TempDir Path root) throws Exception {
        try (TestPostgres postgres = TestPostgres.start(); GranaryFixture granary = new GranaryFixture(root)) {
            RepositoryDefinitions.ociHosted(granary.reposDir(), "images");
            GranaryProcess registry = granary.start("images", granary.dir("g"), postgres.url(), Map.of());
            String host = "127.0.0.1:" + registry.baseUrl().getPort();
            String basic = Base64.getEncoder().encodeToString(("ci:" + granary.token()).getBytes(StandardCharsets.UTF_8));
            // crane reads credentials from $DOCKER_CONFIG/config.json; a private one keeps the user's untouched.
            Path dockerConfig = Files.createDirectories(root.resolve("docker"));
            Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + host + "\":{\"auth\":\"" + basic + "\"}}}");

            Path log = root.resolve("build-images.log");
            ProcessBuilder script = new ProcessBuilder("bash", ".ci/build-images.sh", "--skip-build", "--push", host + "/images")
                    .directory(REPO_ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            script.environment().put("DOCKER_CONFIG", dockerConfig.toString());
            Process process = script.start();
            assertThat(process.waitFor(15, TimeUnit.MINUTES)).as("script finished").isTrue();
            assertThat(process.exitValue()).as(Files.readString(log)).isZero();

            List<String> built = Files.readAllLines(REPO_ROOT.resolve("target/images/digests.txt"));
            assertThat(built).hasSize(2);
            HttpClient http = HttpClient.newHttpClient();
            for (String line : built) {
                String name = line.split(" ")[0];
                String digest = line.split(" ")[1];
                HttpResponse<String> token = http.send(HttpRequest.newBuilder(registry.baseUrl().resolve(
                                "/v2/token?service=granary&scope=repository:images/" + name + ":pull"))
                        .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
                String bearer = "Bearer " + JSON.readTree(token.body()).get("token").asText();
                HttpResponse<byte[]> manifest = http.send(HttpRequest.newBuilder(registry.baseUrl().resolve(
                                "/v2/images/" + name + "/manifests/" + digest))
                        .header("Authorization", bearer)
                        .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(manifest.statusCode()).isEqualTo(200);
                assertThat("sha256:" + Content.sha256(manifest.body())).isEqualTo(digest);
                JsonNode config = JSON.readTree(http.send(HttpRequest.newBuilder(registry.baseUrl().resolve(
                                "/v2/images/" + name + "/blobs/" + JSON.readTree(manifest.body()).at("/config/digest").asText()))
                        .header("Authorization", bearer).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
                assertThat(config.at("/config/Entrypoint").toString()).contains("/deployments/quarkus-run.jar");
                assertThat(config.at("/config/User").asText()).isEqualTo("185");
                assertThat(JSON.readTree(manifest.body()).get("layers")).hasSize(3);
            }
        }
    }
}
