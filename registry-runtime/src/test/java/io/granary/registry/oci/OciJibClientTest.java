package io.granary.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java client pushes: Jib (jib-core) builds images from scratch and pushes them with credentials,
 * in Docker schema2 and in OCI format; the registry then serves the manifest and every blob under
 * exactly the digests Jib computed.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class OciJibClientTest {

    /** Jib sends credentials over plain HTTP only when told to; the registry here is 127.0.0.1 only. */
    private static final String CREDENTIALS_OVER_HTTP = "sendCredentialsOverHttp";

    @TestHTTPResource("/")
    URI base;

    @TempDir
    Path work;

    private String previous;

    @BeforeEach
    void allowCredentialsOverHttp() {
        previous = System.setProperty(CREDENTIALS_OVER_HTTP, "true");
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty(CREDENTIALS_OVER_HTTP);
        } else {
            System.setProperty(CREDENTIALS_OVER_HTTP, previous);
        }
    }

    @Test
    void jibPushesFromScratchAndEveryDigestIsServedBack() throws Exception {
        String token = Tokens.issue("jib-ci", TestRepositories.OCI, "writer");
        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("hello.txt"), "hello from jib\n");
        byte[] data = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(data);
        Files.write(app.resolve("data.bin"), data);
        Path lib = Files.createDirectories(work.resolve("lib"));
        Files.writeString(lib.resolve("lib.txt"), "a second layer\n");

        String name = TestRepositories.OCI + "/jib/app";
        for (ImageFormat format : List.of(ImageFormat.Docker, ImageFormat.OCI)) {
            String tag = format.name().toLowerCase(java.util.Locale.ROOT);
            JibContainer pushed = Jib.fromScratch()
                    .setFormat(format)
                    .addLayer(List.of(lib.resolve("lib.txt")), AbsoluteUnixPath.get("/lib"))
                    .addLayer(List.of(app.resolve("hello.txt"), app.resolve("data.bin")), AbsoluteUnixPath.get("/app"))
                    .setEntrypoint("/app/hello.txt")
                    .containerize(containerizer(name + ":" + tag, "ci", token));
            assertServedAsPushed(name, tag, pushed, token);
        }
    }

    @Test
    void jibWithoutWriteAccessIsRefused() throws Exception {
        String reader = Tokens.issue("jib-reader", TestRepositories.OCI, "reader");
        Path file = Files.writeString(work.resolve("x.txt"), "x\n");
        assertThatThrownBy(() -> Jib.fromScratch()
                .addLayer(List.of(file), AbsoluteUnixPath.get("/x"))
                .containerize(containerizer(TestRepositories.OCI + "/jib/refused:1", "reader", reader)))
                .hasStackTraceContaining("401");
        assertThat(new OciHttp(base, "Bearer " + GranaryTestResources.ADMIN_TOKEN)
                .get("/v2/" + TestRepositories.OCI + "/jib/refused/tags/list").statusCode()).isEqualTo(404);
    }

    private Containerizer containerizer(String image, String user, String password) throws Exception {
        return Containerizer.to(RegistryImage.named(ImageReference.parse("127.0.0.1:" + base.getPort() + "/" + image))
                        .addCredential(user, password))
                .setAllowInsecureRegistries(true)
                .setToolName("granary-test")
                .setBaseImageLayersCache(work.resolve("jib-cache/base"))
                .setApplicationLayersCache(work.resolve("jib-cache/app"));
    }

    /** The manifest by tag and digest, the config and every layer: each hashes to what Jib named it. */
    private void assertServedAsPushed(String name, String tag, JibContainer pushed, String token) throws Exception {
        OciHttp http = new OciHttp(base, "Basic " + Base64.getEncoder().encodeToString(("ci:" + token)
                .getBytes(StandardCharsets.UTF_8)));
        String accept = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";
        HttpResponse<byte[]> byTag = http.get("/v2/" + name + "/manifests/" + tag, "Accept", accept);
        assertThat(byTag.statusCode()).isEqualTo(200);
        String digest = pushed.getDigest().toString();
        assertThat(OciHttp.digest(byTag.body())).isEqualTo(digest);
        assertThat(byTag.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        HttpResponse<byte[]> byDigest = http.get("/v2/" + name + "/manifests/" + digest, "Accept", accept);
        assertThat(byDigest.body()).isEqualTo(byTag.body());

        JsonObject manifest = new JsonObject(new String(byTag.body(), StandardCharsets.UTF_8));
        assertThat(byTag.headers().firstValue("Content-Type")).hasValue(manifest.getString("mediaType"));
        JsonObject config = manifest.getJsonObject("config");
        assertThat(config.getString("digest")).isEqualTo(pushed.getImageId().toString());
        byte[] configBytes = blob(http, name, config);
        JsonArray diffIds = new JsonObject(new String(configBytes, StandardCharsets.UTF_8))
                .getJsonObject("rootfs").getJsonArray("diff_ids");
        JsonArray layers = manifest.getJsonArray("layers");
        assertThat(layers).hasSize(2);
        assertThat(diffIds).hasSize(2);
        for (int i = 0; i < layers.size(); i++) {
            byte[] layer = blob(http, name, layers.getJsonObject(i));
            try (var unzipped = new GZIPInputStream(new ByteArrayInputStream(layer))) {
                assertThat(OciHttp.digest(unzipped.readAllBytes())).isEqualTo(diffIds.getString(i));
            }
        }
    }

    /** A blob by its descriptor, checked against the descriptor's digest, size and the served header. */
    private static byte[] blob(OciHttp http, String name, JsonObject descriptor) throws Exception {
        String digest = descriptor.getString("digest");
        HttpResponse<byte[]> response = http.get("/v2/" + name + "/blobs/" + digest);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat(OciHttp.digest(response.body())).isEqualTo(digest);
        assertThat((long) response.body().length).isEqualTo(descriptor.getLong("size"));
        return response.body();
    }
}
