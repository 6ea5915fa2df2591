package io.granary.registry.oci;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.group.GroupTokens;
import io.granary.registry.group.MixedGroups;
import io.granary.registry.proxy.DockerRegistryUpstream;
import io.granary.registry.testsupport.ClientTools;
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
 * that member through the group, pushes land in the deploy member, paged tag lists link onwards;
 * and skopeo through a group mixing a hosted member with a proxy of a real upstream registry.
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

    @Test
    void pagedTagListsLinkToTheNextPage() throws Exception {
        append("oci-a", "paged:1.0", "paged a");
        crane(ADMIN, "tag", registry + "/oci-a/paged:1.0", "1.2").ok();
        append("oci-b", "paged:1.1", "paged b");
        crane(ADMIN, "tag", registry + "/oci-b/paged:1.1", "1.3").ok();

        List<String> seen = new ArrayList<>();
        String next = "/v2/oci-group/paged/tags/list?n=3";
        for (int page = 0; next != null && page < 5; page++) {
            var response = given().auth().preemptive().basic("ci", ADMIN).get(next).then().statusCode(200).extract();
            seen.add(String.join(",", response.jsonPath().getList("tags", String.class)));
            String link = response.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            if (link != null) {
                assertThat(link).endsWith(">; rel=\"next\"");
            }
        }
        assertThat(seen).containsExactly("1.0,1.1,1.2", "1.3");
        assertThat(given().auth().preemptive().basic("ci", ADMIN).get("/v2/oci-group/paged/tags/list?n=4").header("Link"))
                .isNull();
        given().auth().preemptive().basic("ci", ADMIN).get("/v2/oci-group/paged/tags/list?n=2&last=1.1").then()
                .statusCode(200).body("tags", org.hamcrest.Matchers.contains("1.2", "1.3"))
                .header("Link", (String) null);
        for (String n : new String[] {"x", "-1"}) {
            given().auth().preemptive().basic("ci", ADMIN).get("/v2/oci-group/paged/tags/list?n=" + n).then()
                    .statusCode(400).body("errors[0].code", equalTo("PAGINATION_NUMBER_INVALID"));
        }
    }

    /**
     * skopeo through a group mixing the hosted oci-a with a proxy of a real docker-registry: an image
     * only the upstream has and one only the hosted member has are both copied with identical blobs
     * through the group's name, and the tag list of an image split across both is the union.
     */
    @Test
    void skopeoCopiesImagesOfAHostedAndAProxyMemberThroughTheGroup() throws Exception {
        Path hostedLayout = home.resolve("hosted-layout");
        Path remoteLayout = home.resolve("remote-layout");
        OciLayout.writeMultiArch(hostedLayout, "v1", 11);
        OciLayout.writeMultiArch(remoteLayout, "v1", 12);
        String creds = "ci:" + ADMIN;
        for (String tag : List.of("mix/hosted:1", "mix/split:a")) {
            skopeo("copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", creds,
                    "oci:" + hostedLayout + ":v1", "docker://" + registry + "/oci-a/" + tag);
        }
        try (DockerRegistryUpstream upstream = new DockerRegistryUpstream(home.resolve("upstream")).start()) {
            for (String tag : List.of("mix/remote:1", "mix/split:b")) {
                skopeo("copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "oci:" + remoteLayout + ":v1",
                        "docker://" + upstream.hostPort() + "/" + tag);
            }
            MixedGroups.declare("oci-mixclient", "oci", upstream.url(), "");

            for (String[] image : new String[][] {{"mix/remote:1", remoteLayout.toString()}, {"mix/hosted:1", hostedLayout.toString()}}) {
                Path back = home.resolve("back-" + image[0].replace('/', '-').replace(':', '-'));
                skopeo("copy", "--all", "--preserve-digests", "--src-tls-verify=false", "--src-creds", creds,
                        "docker://" + registry + "/oci-mixclient/" + image[0], "oci:" + back + ":v1");
                assertThat(OciLayout.blobs(back)).as(image[0]).isEqualTo(OciLayout.blobs(Path.of(image[1])));
            }
            String tags = skopeo("list-tags", "--tls-verify=false", "--creds", creds,
                    "docker://" + registry + "/oci-mixclient/mix/split");
            assertThat(new io.vertx.core.json.JsonObject(tags).getJsonArray("Tags")).containsExactly("a", "b");
        }
    }

    private String skopeo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(OciClientsTest.require("skopeo").toString(), "--insecure-policy"));
        command.addAll(List.of(args));
        return ClientTools.run(home, java.util.Map.of(), command).succeeded().output();
    }
}
