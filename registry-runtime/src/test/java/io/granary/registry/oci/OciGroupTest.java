package io.granary.registry.oci;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.group.GroupTokens;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OCI group of two hosted members with crane through the Docker token flow: tags are the union,
 * manifests and blobs come from the first member that has them, a token for one member only sees
 * that member through the group, pushes land in the deploy member.
 */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class OciGroupTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    @TestHTTPResource("/")
    URI base;

    @TempDir
    Path home;

    String registry;

    @BeforeEach
    void setUp() {
        registry = "127.0.0.1:" + base.getPort();
    }

    /** Runs crane as {@code user} with a private HOME, bounded in time; returns exit code and output. */
    ProcessResult crane(String token, String... args) throws Exception {
        Path config = home.resolve("docker-" + Integer.toHexString(token.hashCode()));
        List<String> command = new ArrayList<>(List.of(OciClientsTest.require("crane").toString(), "--insecure"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(home, "crane", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("DOCKER_CONFIG", config.toString());
        builder.environment().keySet().removeIf(k -> k.endsWith("_PROXY") || k.endsWith("_proxy"));
        if (!Files.exists(config.resolve("config.json"))) {
            Files.createDirectories(config);
            String auth = java.util.Base64.getEncoder().encodeToString(("ci:" + token).getBytes(StandardCharsets.UTF_8));
            Files.writeString(config.resolve("config.json"), "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
        }
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        return new ProcessResult(finished ? process.exitValue() : -1, Files.readString(log).strip());
    }

    record ProcessResult(int exit, String output) {
        String ok() {
            assertThat(exit).as(output).isZero();
            return output;
        }
    }

    String append(String repository, String image, String content) throws Exception {
        Path layer = home.resolve(repository + "-" + image.replace(':', '-') + ".tar.gz");
        Path dir = Files.createDirectories(home.resolve("layer-" + System.nanoTime()));
        Files.writeString(dir.resolve("content.txt"), content);
        new ProcessBuilder("tar", "-czf", layer.toString(), "-C", dir.toString(), "content.txt").start().waitFor(1, TimeUnit.MINUTES);
        String ref = registry + "/" + repository + "/" + image;
        crane(ADMIN, "append", "-f", layer.toString(), "-t", ref).ok();
        return crane(ADMIN, "digest", ref).ok();
    }

    @Test
    void tagsAreUnitedAndManifestsComeFromTheFirstMember() throws Exception {
        String fromA = append("oci-a", "app:1.0", "a 1.0");
        String fromB = append("oci-b", "app:1.0", "b 1.0");
        String twoFromB = append("oci-b", "app:2.0", "b 2.0");
        assertThat(fromA).isNotEqualTo(fromB);

        assertThat(crane(ADMIN, "ls", registry + "/oci-group/app").ok().lines()).containsExactly("1.0", "2.0");
        assertThat(crane(ADMIN, "digest", registry + "/oci-group/app:1.0").ok()).isEqualTo(fromA);
        assertThat(crane(ADMIN, "digest", registry + "/oci-readonly/app:1.0").ok()).isEqualTo(fromB);
        assertThat(crane(ADMIN, "digest", registry + "/oci-group/app:2.0").ok()).isEqualTo(twoFromB);
        Path pulled = home.resolve("pulled.tar");
        crane(ADMIN, "pull", registry + "/oci-group/app:2.0", pulled.toString()).ok();
        assertThat(Files.size(pulled)).isPositive();
        assertThat(crane(ADMIN, "export", registry + "/oci-group/app@" + twoFromB, "-").ok()).contains("b 2.0");
    }

    @Test
    void aRegistryTokenForTheGroupOnlyReachesMembersTheCallerMayRead() throws Exception {
        String fromA = append("oci-a", "iso:1.0", "iso a");
        append("oci-b", "iso:2.0", "iso b");
        String onlyA = GroupTokens.reader("oci-only-a", "oci-group", "oci-a");

        assertThat(crane(onlyA, "ls", registry + "/oci-group/iso").ok().lines()).containsExactly("1.0");
        assertThat(crane(onlyA, "digest", registry + "/oci-group/iso:1.0").ok()).isEqualTo(fromA);
        assertThat(crane(onlyA, "digest", registry + "/oci-group/iso:2.0").exit()).isNotZero();
        // Without a grant on the group, nothing: reading the members does not open the group.
        String membersOnly = GroupTokens.reader("oci-members-only", "oci-a", "oci-b");
        assertThat(crane(membersOnly, "ls", registry + "/oci-group/iso").exit()).isNotZero();
    }

    @Test
    void pushesLandInTheDeployMemberOr405() throws Exception {
        String pushed = append("oci-group", "pushed:1.0", "through the group");
        assertThat(crane(ADMIN, "digest", registry + "/oci-a/pushed:1.0").ok()).isEqualTo(pushed);
        assertThat(crane(ADMIN, "digest", registry + "/oci-b/pushed:1.0").exit()).isNotZero();
        given().auth().preemptive().basic("ci", ADMIN).post("/v2/oci-readonly/pushed/blobs/uploads/")
                .then().statusCode(405).body("errors[0].code", equalTo("UNSUPPORTED"));
    }
}
