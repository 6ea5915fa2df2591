package io.granary.registry.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients against the registry through the token flow: skopeo (Debian), crane and oras (built
 * by {@code .ci/oci-tools.sh}). They only ever talk to this runtime on 127.0.0.1.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class OciClientsTest {

    private static final String USER = "ci";
    private static final String TOKEN = GranaryTestResources.ADMIN_TOKEN;

    @TestHTTPResource("/")
    URI base;

    @TempDir
    Path home;

    String registry;

    @BeforeEach
    void setUp() {
        registry = "127.0.0.1:" + base.getPort();
    }

    static Path tool(String name) {
        if (name.equals("skopeo")) {
            Path system = Path.of("/usr/bin/skopeo");
            return Files.isExecutable(system) ? system : null;
        }
        Path built = OciConformanceContract.conformanceBinary().resolveSibling(name);
        return Files.isExecutable(built) ? built : null;
    }

    static Path require(String name) {
        Path path = tool(name);
        if (path == null) {
            assertThat(System.getenv("CI")).as("CI must have installed " + name + " (.ci/install-tools.sh)").isNull();
            Assumptions.abort(name + " is not installed; run bash .ci/install-tools.sh");
        }
        return path;
    }

    /** Runs a client with a private HOME and config, bounded in time; returns its output. */
    String run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, require(command[0]).toString());
        Path log = Files.createTempFile(home, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("DOCKER_CONFIG", home.resolve(".docker").toString());
        builder.environment().keySet().removeIf(k -> k.endsWith("_PROXY") || k.endsWith("_proxy"));
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished && process.exitValue() == 0).as(String.join(" ", command) + "\n" + output).isTrue();
        return output.strip();
    }

    @Test
    void skopeoCopiesAMultiArchIndexInAndOutWithIdenticalDigests() throws Exception {
        Path source = home.resolve("source");
        String indexDigest = OciLayout.writeMultiArch(source, "v1", 42);
        String ref = "docker://" + registry + "/oci-local/skopeo/multi:v1";
        run("skopeo", "--insecure-policy", "copy", "--all", "--preserve-digests", "--dest-tls-verify=false",
                "--dest-creds", USER + ":" + TOKEN, "oci:" + source + ":v1", ref);
        var head = new OciHttp(base, "Bearer " + TOKEN).send("HEAD", "/v2/oci-local/skopeo/multi/manifests/v1", null);
        assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(indexDigest);

        Path back = home.resolve("back");
        run("skopeo", "--insecure-policy", "copy", "--all", "--preserve-digests", "--src-tls-verify=false",
                "--src-creds", USER + ":" + TOKEN, ref, "oci:" + back + ":v1");
        assertThat(OciLayout.blobs(back)).isEqualTo(OciLayout.blobs(source));
        assertThat(new JsonObject(Files.readString(back.resolve("index.json"))).getJsonArray("manifests")
                .getJsonObject(0).getString("digest")).isEqualTo(indexDigest);
        String inspect = run("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", USER + ":" + TOKEN, ref);
        assertThat(OciHttp.digest(inspect.getBytes(StandardCharsets.UTF_8))).isEqualTo(indexDigest);
    }

    @Test
    void craneAppendsCopiesTagsListsPullsAndDeletes() throws Exception {
        run("crane", "auth", "login", registry, "-u", USER, "-p", TOKEN);
        Path layer = home.resolve("layer.tar");
        Path dir = Files.createDirectories(home.resolve("files"));
        Files.writeString(dir.resolve("hello.txt"), "hello from crane\n");
        run("crane", "--insecure", "version");
        new ProcessBuilder("tar", "-cf", layer.toString(), "-C", dir.toString(), "hello.txt").start().waitFor(30,
                TimeUnit.SECONDS);
        String image = registry + "/oci-local/crane/app";
        run("crane", "--insecure", "append", "-f", layer.toString(), "-t", image + ":1.0");
        String digest = run("crane", "--insecure", "digest", image + ":1.0");
        assertThat(digest).startsWith("sha256:");
        run("crane", "--insecure", "copy", image + ":1.0", registry + "/oci-local/crane/copy:1.0");
        assertThat(run("crane", "--insecure", "digest", registry + "/oci-local/crane/copy:1.0")).isEqualTo(digest);
        run("crane", "--insecure", "tag", image + ":1.0", "stable");
        assertThat(run("crane", "--insecure", "ls", image).lines()).containsExactly("1.0", "stable");
        run("crane", "--insecure", "pull", image + ":stable", home.resolve("pulled.tar").toString());
        assertThat(Files.size(home.resolve("pulled.tar"))).isPositive();
        assertThat(run("crane", "--insecure", "catalog", registry).lines()).contains("oci-local/crane/app");
        run("crane", "--insecure", "delete", image + "@" + digest);
        assertThat(run("crane", "--insecure", "ls", image)).isEmpty();
    }

    @Test
    void orasPushesPullsCopiesTagsAttachesAndDiscovers() throws Exception {
        Path config = home.resolve("registry-config.json");
        run("oras", "login", "--plain-http", "--registry-config", config.toString(), "-u", USER, "-p", TOKEN, registry);
        Path work = Files.createDirectories(home.resolve("oras"));
        Files.writeString(work.resolve("artifact.txt"), "an artifact\n");
        String ref = registry + "/oci-local/oras/artifact";
        runIn(work, "oras", "push", "--plain-http", "--registry-config", config.toString(), "--artifact-type",
                "application/vnd.example.thing", ref + ":v1", "artifact.txt:text/plain");
        Path pulled = Files.createDirectories(home.resolve("pulled"));
        runIn(pulled, "oras", "pull", "--plain-http", "--registry-config", config.toString(), ref + ":v1");
        assertThat(Files.readString(pulled.resolve("artifact.txt"))).isEqualTo("an artifact\n");
        run("oras", "cp", "--from-plain-http", "--to-plain-http", "--from-registry-config", config.toString(),
                "--to-registry-config", config.toString(), ref + ":v1", registry + "/oci-local/oras/copy:v1");
        run("oras", "tag", "--plain-http", "--registry-config", config.toString(), ref + ":v1", "v1-alias");
        assertThat(run("oras", "repo", "tags", "--plain-http", "--registry-config", config.toString(), ref).lines())
                .containsExactly("v1", "v1-alias");

        Files.writeString(work.resolve("sbom.spdx.json"), "{\"spdxVersion\":\"SPDX-2.3\"}");
        runIn(work, "oras", "attach", "--plain-http", "--registry-config", config.toString(), "--artifact-type",
                "application/spdx+json", ref + ":v1", "sbom.spdx.json:application/spdx+json");
        String discovered = run("oras", "discover", "--plain-http", "--registry-config", config.toString(),
                "--format", "json", ref + ":v1");
        assertThat(discovered).contains("application/spdx+json");
        // The registry indexed the subject itself: no fallback referrers tag was needed.
        assertThat(run("oras", "repo", "tags", "--plain-http", "--registry-config", config.toString(), ref).lines())
                .containsExactly("v1", "v1-alias");

        run("oras", "manifest", "delete", "--plain-http", "--registry-config", config.toString(), "--force",
                registry + "/oci-local/oras/copy:v1");
        assertThat(run("oras", "repo", "tags", "--plain-http", "--registry-config", config.toString(),
                registry + "/oci-local/oras/copy")).isEmpty();
    }

    private String runIn(Path dir, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, require(command[0]).toString());
        Path log = Files.createTempFile(home, "out", ".txt");
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished && process.exitValue() == 0).as(String.join(" ", command) + "\n" + output).isTrue();
        return output.strip();
    }
}
