package io.granary.registry.maven;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.group.GroupTestResources;
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
 * Unmodified {@code mvn} through a group of two hosted members: one release deployed through the
 * group (so into its deploy member), another straight into the second member, then a consumer whose
 * only repository is the group resolves both, and RELEASE from the merged metadata.
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

    /** Points every Granary repository URL in {@code file} at {@code repository}. */
    private static void retarget(Path file, String repository) throws Exception {
        Files.writeString(file, Files.readString(file).replace("/maven-releases<", "/" + repository + "<")
                .replace("/maven-snapshots<", "/" + repository + "<"));
    }

    private static void assertSucceeded(MavenCli.Run run) {
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
