package io.granary.registry.maven;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.group.MixedGroups;
import io.granary.registry.proxy.NginxUpstream;
import io.granary.registry.testsupport.Archives;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified {@code mvn} through groups: two hosted members (one release deployed through the group,
 * so into its deploy member, another straight into the second member, then a consumer whose only
 * repository is the group resolves both, and RELEASE from the merged metadata), and a hosted member
 * mixed with a proxy of a real upstream.
 */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class MavenGroupClientTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String LIB = "io/granary/clienttest/lib/";

    @TempDir
    Path work;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void mavenDeploysThroughTheGroupAndResolvesFromBothMembers() throws Exception {
        Path plugins = MavenClientTest.pluginRepository();
        String baseUrl = "http://127.0.0.1:" + RestAssured.port + "/maven";
        Path settings = MavenClientProjects.settings(work, "settings.xml", baseUrl, ADMIN, plugins);
        retarget(settings, "maven-group");
        Path deployRepo = work.resolve("deploy-repo");

        Path project = MavenClientProjects.deployable(work, "1.0.0", baseUrl);
        retarget(project.resolve("pom.xml"), "maven-group");
        assertSucceeded(MavenCli.run(project, settings, deployRepo, "deploy"));
        assertThat(given().auth().oauth2(ADMIN).get("/maven/maven-a/" + LIB + "1.0.0/lib-1.0.0.jar").statusCode())
                .isEqualTo(200);
        assertThat(given().auth().oauth2(ADMIN).get("/maven/maven-b/" + LIB + "1.0.0/lib-1.0.0.jar").statusCode())
                .isEqualTo(404);

        project = MavenClientProjects.deployable(work, "1.1.0", baseUrl);
        retarget(project.resolve("pom.xml"), "maven-b");
        assertSucceeded(MavenCli.run(project, settings, deployRepo, "deploy"));

        Path consumer = MavenClientProjects.consumer(work, "consumer", List.of("lib:1.0.0", "app:1.1.0", "lib:1.1.0:sources"));
        Path consumerRepo = work.resolve("consumer-repo");
        assertSucceeded(MavenCli.run(consumer, settings, consumerRepo, MavenClientProjects.resolveGoal()));
        assertThat(Files.readAllBytes(consumerRepo.resolve(LIB + "1.0.0/lib-1.0.0.jar"))).isEqualTo(
                given().auth().oauth2(ADMIN).get("/maven/maven-a/" + LIB + "1.0.0/lib-1.0.0.jar").asByteArray());
        assertThat(consumerRepo.resolve("io/granary/clienttest/app/1.1.0/app-1.1.0.jar")).isRegularFile();

        Path release = MavenClientProjects.consumer(work, "release", List.of("lib:RELEASE"));
        MavenCli.Run run = MavenCli.run(release, settings, work.resolve("release-repo"), MavenClientProjects.resolveGoal());
        assertSucceeded(run);
        assertThat(run.output()).contains("io.granary.clienttest:lib:jar:1.1.0");
    }

    /**
     * A group mixing the hosted maven-a with a proxy of a real nginx upstream: a version range picks the
     * newest version, which only the upstream has, and RELEASE the newest, which only the hosted member
     * has; both answers need the merged maven-metadata.xml, and each jar comes from where it lives.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void mavenResolvesVersionRangesAndReleaseAcrossAHostedAndAProxyMember() throws Exception {
        try (NginxUpstream upstream = new NginxUpstream().start()) {
            MixedGroups.declare("maven-mixclient", "maven", upstream.url() + "maven/", "");
            byte[] hostedLib = deployHosted("mixlib", "1.2");
            deployHosted("mixlib", "1.0");
            byte[] hostedRelease = deployHosted("mixrelease", "3.0");
            byte[] remoteLib = publishUpstream(upstream, "mixlib", "1.5", "1.5", "0.9");
            publishUpstream(upstream, "mixrelease", "2.0", "2.0");
            String metadata = get("maven-mixclient", LIB_MIX + "mixlib/maven-metadata.xml");
            assertThat(metadata).contains("<version>0.9</version>", "<version>1.0</version>", "<version>1.2</version>",
                    "<version>1.5</version>", "<release>1.5</release>");

            String baseUrl = "http://127.0.0.1:" + RestAssured.port + "/maven";
            Path settings = MavenClientProjects.settings(work, "settings.xml", baseUrl, ADMIN,
                    MavenClientTest.pluginRepository());
            retarget(settings, "maven-mixclient");
            Path consumer = MavenClientProjects.consumer(work, "mixed", List.of("mixlib:[1.0,2.0)", "mixrelease:RELEASE"));
            Path local = work.resolve("mixed-repo");
            MavenCli.Run run = MavenCli.run(consumer, settings, local, MavenClientProjects.resolveGoal());
            assertSucceeded(run);
            assertThat(run.output()).contains("io.granary.clienttest:mixlib:jar:1.5", "io.granary.clienttest:mixrelease:jar:3.0");
            assertThat(Files.readAllBytes(local.resolve(LIB_MIX + "mixlib/1.5/mixlib-1.5.jar"))).isEqualTo(remoteLib)
                    .isNotEqualTo(hostedLib);
            assertThat(Files.readAllBytes(local.resolve(LIB_MIX + "mixrelease/3.0/mixrelease-3.0.jar")))
                    .isEqualTo(hostedRelease);
            assertThat(upstream.requests("/maven/" + LIB_MIX + "mixlib/1.5/mixlib-1.5.jar")).isEqualTo(1);
            assertThat(upstream.requests("/maven/" + LIB_MIX + "mixrelease/3.0/mixrelease-3.0.jar")).isZero();
        }
    }

    private static final String LIB_MIX = "io/granary/clienttest/";

    private static String get(String repository, String path) {
        return given().auth().preemptive().basic("ci", ADMIN).get("/maven/" + repository + "/" + path).then()
                .statusCode(200).extract().asString();
    }

    /** PUTs a jar and its pom into the hosted maven-a (whose metadata Granary maintains); returns the jar. */
    private static byte[] deployHosted(String artifactId, String version) {
        byte[] jar = jar(artifactId + " " + version + " hosted");
        String base = "/maven/maven-a/" + LIB_MIX + artifactId + "/" + version + "/" + artifactId + "-" + version;
        given().auth().preemptive().basic("ci", ADMIN).body(jar).put(base + ".jar").then().statusCode(201);
        given().auth().preemptive().basic("ci", ADMIN).body(pom(artifactId, version)).put(base + ".pom").then().statusCode(201);
        return jar;
    }

    /** Writes {@code version} with checksums and a maven-metadata.xml listing {@code listed} to the upstream. */
    private static byte[] publishUpstream(NginxUpstream upstream, String artifactId, String version, String release,
                                          String... listed) throws Exception {
        byte[] jar = jar(artifactId + " " + version + " upstream");
        String base = "maven/" + LIB_MIX + artifactId + "/" + version + "/" + artifactId + "-" + version;
        byte[] pom = pom(artifactId, version).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        upstream.put(base + ".jar", jar);
        upstream.put(base + ".jar.sha1", sha1(jar));
        upstream.put(base + ".pom", pom);
        upstream.put(base + ".pom.sha1", sha1(pom));
        StringBuilder versions = new StringBuilder();
        for (String v : listed) {
            versions.append("<version>").append(v).append("</version>");
        }
        versions.append("<version>").append(version).append("</version>");
        upstream.put("maven/" + LIB_MIX + artifactId + "/maven-metadata.xml", "<metadata><groupId>"
                + MavenClientProjects.GROUP + "</groupId><artifactId>" + artifactId + "</artifactId><versioning><latest>"
                + release + "</latest><release>" + release + "</release><versions>" + versions
                + "</versions><lastUpdated>20260101000000</lastUpdated></versioning></metadata>");
        return jar;
    }

    private static byte[] jar(String marker) {
        return Archives.zip(new java.util.LinkedHashMap<>(java.util.Map.of("META-INF/MANIFEST.MF",
                "Manifest-Version: 1.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "marker.txt",
                marker.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static String pom(String artifactId, String version) {
        return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion><groupId>"
                + MavenClientProjects.GROUP + "</groupId><artifactId>" + artifactId + "</artifactId><version>" + version
                + "</version></project>";
    }

    private static String sha1(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    /** Points every Granary repository URL in {@code file} at {@code repository}. */
    private static void retarget(Path file, String repository) throws Exception {
        Files.writeString(file, Files.readString(file).replace("/maven-releases<", "/" + repository + "<")
                .replace("/maven-snapshots<", "/" + repository + "<"));
    }

    private static void assertSucceeded(MavenCli.Run run) {
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
