package io.granary.registry.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real helm client storing charts as OCI artifacts in an {@code oci} repository: registry login,
 * push, pull, show and template, with the manifest checked over the HTTP API (helm's config and
 * chart-content media types, the chart's own bytes as the one layer).
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class HelmOciClientTest {

    private static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
    private static final String HELM_CHART = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    @TempDir
    Path work;

    private ClientTools.Result helm(String... args) throws Exception {
        return new HelmCli(work).run(args);
    }

    @Test
    void helmPushesPullsShowsAndRendersAChartThroughAnOciRepository() throws Exception {
        String host = "127.0.0.1:" + RestAssured.port;
        String writer = Tokens.issue("helm-oci-ci", TestRepositories.OCI, "writer");
        String reader = Tokens.issue("helm-oci-reader", TestRepositories.OCI, "reader");
        helm("create", "granary-oci").succeeded();
        helm("package", "granary-oci", "--version", "1.2.3", "--app-version", "4.5", "-d", "out").succeeded();
        Path packaged = work.resolve("out/granary-oci-1.2.3.tgz");
        byte[] chart = Files.readAllBytes(packaged);
        String charts = "oci://" + host + "/" + TestRepositories.OCI + "/charts";

        // A reader may log in but not push.
        helm("registry", "login", host, "--username", "reader", "--password", reader, "--insecure").succeeded();
        assertThat(helm("push", packaged.toString(), charts, "--plain-http").exit()).isNotZero();

        helm("registry", "login", host, "--username", "ci", "--password", writer, "--insecure").succeeded();
        String pushed = helm("push", packaged.toString(), charts, "--plain-http").succeeded().output();
        assertThat(pushed).contains("Pushed: " + host + "/" + TestRepositories.OCI + "/charts/granary-oci:1.2.3");

        // What helm stored: an OCI image manifest with helm's config type and the chart as its layer.
        HttpResponse<byte[]> manifest = get("/v2/" + TestRepositories.OCI + "/charts/granary-oci/manifests/1.2.3", writer,
                "application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.statusCode()).isEqualTo(200);
        String digest = "sha256:" + sha256(manifest.body());
        assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat(pushed).contains("Digest: " + digest);
        JsonObject document = new JsonObject(new String(manifest.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(document.getJsonObject("config").getString("mediaType")).isEqualTo(HELM_CONFIG);
        JsonObject layer = document.getJsonArray("layers").getJsonObject(0);
        assertThat(layer.getString("mediaType")).isEqualTo(HELM_CHART);
        assertThat(layer.getString("digest")).isEqualTo("sha256:" + sha256(chart));
        HttpResponse<byte[]> config = get("/v2/" + TestRepositories.OCI + "/charts/granary-oci/blobs/"
                + document.getJsonObject("config").getString("digest"), writer, "*/*");
        assertThat(new JsonObject(new String(config.body(), java.nio.charset.StandardCharsets.UTF_8)).getString("name"))
                .isEqualTo("granary-oci");

        // A fresh client, logged in as a reader, gets the very same chart back.
        helm("registry", "logout", host).succeeded();
        helm("registry", "login", host, "--username", "reader", "--password", reader, "--insecure").succeeded();
        Files.createDirectories(work.resolve("pulled"));
        String pulled = helm("pull", charts + "/granary-oci", "--version", "1.2.3", "--plain-http", "-d", "pulled")
                .succeeded().output();
        assertThat(pulled).contains("Digest: " + digest);
        assertThat(Files.readAllBytes(work.resolve("pulled/granary-oci-1.2.3.tgz"))).isEqualTo(chart);
        assertThat(helm("show", "chart", charts + "/granary-oci", "--version", "1.2.3", "--plain-http").succeeded().output())
                .contains("name: granary-oci").contains("version: 1.2.3").contains("appVersion: \"4.5\"");
        assertThat(helm("template", "demo", "pulled/granary-oci-1.2.3.tgz").succeeded().output())
                .contains("kind: Deployment").contains("name: demo-granary-oci");

        // Without credentials the private repository refuses the pull.
        helm("registry", "logout", host).succeeded();
        Files.createDirectories(work.resolve("anonymous"));
        assertThat(helm("pull", charts + "/granary-oci", "--version", "1.2.3", "--plain-http", "-d", "anonymous").exit())
                .isNotZero();
    }

    private static HttpResponse<byte[]> get(String path, String token, String accept) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("ci:" + token)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Accept", accept)
                .GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
