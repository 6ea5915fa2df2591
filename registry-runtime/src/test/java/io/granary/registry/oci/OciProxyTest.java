package io.granary.registry.oci;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.proxy.DockerRegistryUpstream;
import io.granary.registry.proxy.ProxyCatalog;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OCI proxy in front of a real CNCF distribution registry (Debian's docker-registry) on loopback:
 * skopeo pulls a multi-arch image through {@code /v2/<proxy>/<upstream-name>/...} with identical
 * digests, and the tag keeps resolving from cache once the upstream is gone.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class OciProxyTest {

    @TestHTTPResource("/")
    URL base;

    @TempDir
    Path home;

    @Test
    void skopeoPullsAMultiArchImageThroughTheProxyAndTheTagOutlivesTheUpstream() throws Exception {
        DockerRegistryUpstream upstream = new DockerRegistryUpstream(home.resolve("registry")).start();
        try {
            Path source = home.resolve("source");
            String indexDigest = OciLayout.writeMultiArch(source, "v1", 7);
            run("skopeo", "--insecure-policy", "copy", "--all", "--preserve-digests", "--dest-tls-verify=false",
                    "oci:" + source + ":v1", "docker://" + upstream.hostPort() + "/library/multi:v1");

            ProxyCatalog.declare("oci-proxies.yaml", ProxyCatalog.proxy("oci-proxy", "oci", upstream.url(),
                    "1s", false, ""), java.util.Map.of("oci-proxy", "/v2/oci-proxy/probe/tags/list"));
            Path back = home.resolve("back");
            run("skopeo", "--insecure-policy", "copy", "--all", "--preserve-digests", "--src-tls-verify=false",
                    "docker://127.0.0.1:" + base.getPort() + "/oci-proxy/library/multi:v1", "oci:" + back + ":v1");
            assertThat(OciLayout.blobs(back)).isEqualTo(OciLayout.blobs(source));

            upstream.stop();
            Thread.sleep(1200); // past the tag's TTL: the proxy asks the stopped upstream and serves its copy
            Response head = given().header("Accept", "application/vnd.oci.image.index.v1+json")
                    .get("/v2/oci-proxy/library/multi/manifests/v1");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.header("Docker-Content-Digest")).isEqualTo(indexDigest);
            assertThat(head.header("X-Granary-Cache")).isEqualTo("stale");
            given().put("/v2/oci-proxy/library/multi/manifests/v2").then().statusCode(405);
        } finally {
            upstream.close();
        }
    }

    private String run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, OciClientsTest.require(command[0]).toString());
        Path log = Files.createTempFile(home, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().keySet().removeIf(k -> k.endsWith("_PROXY") || k.endsWith("_proxy"));
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished && process.exitValue() == 0).as(String.join(" ", command) + "\n" + output).isTrue();
        return output;
    }
}
