package io.granary.registry.maven;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmodified {@code mvn} (the machine's Maven, with its default deploy plugin) against Granary:
 * deploys a multi-module project as a release and as a SNAPSHOT twice, resolves it from an empty
 * local repository with settings.xml credentials, and is refused without them.
 *
 * <p>Plugins come from the machine's local repository, offered to the child {@code mvn} as a
 * file:// mirror of central (see {@link MavenClientProjects#settings}); nothing leaves 127.0.0.1. On a
 * machine that lacks one of the plugins the test is skipped and says which.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class MavenClientTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String LIB = "io/granary/clienttest/lib/";
    private static final String APP = "io/granary/clienttest/app/";

    @TempDir
    Path work;

    @Test
    @Timeout(value = 25, unit = TimeUnit.MINUTES)
    void deployAndResolveWithRealMaven() throws Exception {
        Path plugins = pluginRepository();
        String baseUrl = "http://127.0.0.1:" + RestAssured.port + "/maven";
        String token = Tokens.issue("maven-ci", "*", "writer");
        Path settings = MavenClientProjects.settings(work, "settings.xml", baseUrl, token, plugins);
        Path deployRepo = work.resolve("deploy-repo");

        // A release: every module and classifier lands, with server-made metadata.
        Path project = MavenClientProjects.deployable(work, "1.0.0", baseUrl);
        assertSucceeded(MavenCli.run(project, settings, deployRepo, "deploy"));
        for (String path : List.of("io/granary/clienttest/parent/1.0.0/parent-1.0.0.pom", LIB + "1.0.0/lib-1.0.0.jar",
                LIB + "1.0.0/lib-1.0.0.pom", LIB + "1.0.0/lib-1.0.0-sources.jar", LIB + "1.0.0/lib-1.0.0-javadoc.jar",
                LIB + "1.0.0/lib-1.0.0-extra.jar", APP + "1.0.0/app-1.0.0.jar")) {
            assertThat(adminGet("maven-releases", path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(adminGet("maven-releases", LIB + "maven-metadata.xml").asString())
                .contains("<release>1.0.0</release>");

        // Redeploying the release is refused, and Maven says why.
        MavenCli.Run redeploy = MavenCli.run(project, settings, deployRepo, "deploy");
        assertThat(redeploy.exitCode()).as(redeploy.output()).isNotZero();
        assertThat(redeploy.output()).contains("409").contains("releases are immutable");

        // A SNAPSHOT deployed twice: two timestamped builds, metadata names the second.
        project = MavenClientProjects.deployable(work, "1.1.0-SNAPSHOT", baseUrl);
        assertSucceeded(MavenCli.run(project, settings, deployRepo, "deploy"));
        String firstLibBuild = valueOf(adminGet("maven-snapshots", LIB + "1.1.0-SNAPSHOT/maven-metadata.xml").asString(),
                "jar");
        assertThat(firstLibBuild).endsWith("-1");
        assertSucceeded(MavenCli.run(project, settings, deployRepo, "deploy"));
        String snapshotMetadata = adminGet("maven-snapshots", APP + "1.1.0-SNAPSHOT/maven-metadata.xml").asString();
        assertThat(snapshotMetadata).contains("<buildNumber>2</buildNumber>");
        String appBuild = valueOf(snapshotMetadata, "jar");
        assertThat(appBuild).endsWith("-2");
        String libMetadata = adminGet("maven-snapshots", LIB + "1.1.0-SNAPSHOT/maven-metadata.xml").asString();
        assertThat(libMetadata).contains("<classifier>sources</classifier>", "<classifier>javadoc</classifier>",
                "<classifier>extra</classifier>");
        assertThat(valueOf(libMetadata, "jar")).endsWith("-2");
        assertThat(adminGet("maven-snapshots", LIB + "1.1.0-SNAPSHOT/lib-" + firstLibBuild + ".jar").statusCode())
                .isEqualTo(200);

        // A second project resolves all of it into an empty local repository, checksums enforced.
        Path consumerRepo = work.resolve("consumer-repo");
        Path consumer = MavenClientProjects.consumer(work, "consumer", List.of("lib:1.0.0", "lib:1.0.0:sources",
                "lib:1.0.0:extra", "app:1.1.0-SNAPSHOT"));
        assertSucceeded(MavenCli.run(consumer, settings, consumerRepo, MavenClientProjects.resolveGoal()));
        byte[] resolvedApp = Files.readAllBytes(consumerRepo.resolve(APP + "1.1.0-SNAPSHOT/app-1.1.0-SNAPSHOT.jar"));
        assertThat(resolvedApp).isEqualTo(
                adminGet("maven-snapshots", APP + "1.1.0-SNAPSHOT/app-" + appBuild + ".jar").asByteArray());
        assertThat(Files.readAllBytes(consumerRepo.resolve(LIB + "1.0.0/lib-1.0.0-extra.jar")))
                .isEqualTo(adminGet("maven-releases", LIB + "1.0.0/lib-1.0.0-extra.jar").asByteArray());

        // LATEST and RELEASE come from the artifact-level metadata of both repositories.
        Path latest = MavenClientProjects.consumer(work, "latest", List.of("lib:LATEST"));
        MavenCli.Run latestRun = MavenCli.run(latest, settings, work.resolve("latest-repo"), MavenClientProjects.resolveGoal());
        assertSucceeded(latestRun);
        assertThat(latestRun.output()).contains("io.granary.clienttest:lib:jar:1.1.0-SNAPSHOT");
        Path release = MavenClientProjects.consumer(work, "release", List.of("lib:RELEASE"));
        MavenCli.Run releaseRun = MavenCli.run(release, settings, work.resolve("release-repo"), MavenClientProjects.resolveGoal());
        assertSucceeded(releaseRun);
        assertThat(releaseRun.output()).contains("io.granary.clienttest:lib:jar:1.0.0");

        // Without credentials Maven is challenged and the deploy fails; nothing is stored.
        Path anonymousSettings = MavenClientProjects.settings(work, "anonymous.xml", baseUrl, null, plugins);
        project = MavenClientProjects.deployable(work, "2.0.0", baseUrl);
        MavenCli.Run anonymous = MavenCli.run(project, anonymousSettings, deployRepo, "deploy");
        assertThat(anonymous.exitCode()).as(anonymous.output()).isNotZero();
        assertThat(anonymous.output()).contains("401");
        assertThat(adminGet("maven-releases", "io/granary/clienttest/parent/2.0.0/parent-2.0.0.pom").statusCode())
                .isEqualTo(404);
    }

    /** The machine's local repository, where the plugins the child mvn needs already are (or the test is skipped). */
    static Path pluginRepository() {
        Assumptions.assumeTrue(MavenCli.available(), "mvn is not on the PATH");
        Path repository = Path.of(System.getProperty("maven-client-test.plugin-repository",
                System.getProperty("user.home") + "/.m2/repository"));
        for (String[] plugin : MavenClientProjects.PLUGINS) {
            Path jar = repository.resolve("org/apache/maven/plugins/" + plugin[0] + "/" + plugin[1] + "/" + plugin[0]
                    + "-" + plugin[1] + ".jar");
            Assumptions.assumeTrue(Files.isRegularFile(jar), "plugin missing from " + repository + ": " + jar
                    + " (fetch it once, e.g. mvn dependency:get -Dartifact=org.apache.maven.plugins:" + plugin[0]
                    + ":" + plugin[1] + ")");
        }
        return repository;
    }

    private static io.restassured.response.Response adminGet(String repository, String path) {
        return given().auth().oauth2(ADMIN).get("/maven/" + repository + "/" + path);
    }

    /** The snapshot value of the unclassified file with that extension in version-level metadata. */
    private static String valueOf(String metadata, String extension) {
        Matcher m = Pattern.compile("<snapshotVersion>\\s*<extension>" + extension + "</extension>\\s*<value>([^<]+)</value>")
                .matcher(metadata);
        assertThat(m.find()).as(metadata).isTrue();
        return m.group(1);
    }

    private static void assertSucceeded(MavenCli.Run run) {
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
