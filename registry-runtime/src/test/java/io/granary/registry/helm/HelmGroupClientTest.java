package io.granary.registry.helm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real helm client with a group of two hosted chart repositories as its repository. */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class HelmGroupClientTest {

    private static final String TOKEN = GranaryTestResources.ADMIN_TOKEN;

    @TempDir
    Path work;

    private ClientTools.Result helm(String... args) throws Exception {
        return new HelmCli(work).run(args);
    }

    private byte[] packaged(String name, String version) throws Exception {
        helm("create", name).succeeded();
        helm("package", name, "--version", version, "-d", "out").succeeded();
        return Files.readAllBytes(work.resolve("out/" + name + "-" + version + ".tgz"));
    }

    @Test
    void helmSearchesAndPullsChartsOfBothMembersThroughTheGroup() throws Exception {
        byte[] front = packaged("grp-front", "1.0.0");
        byte[] back = packaged("grp-back", "2.0.0");
        given().auth().oauth2(TOKEN).body(front).post("/helm/helm-group/api/charts").then().statusCode(201);
        given().auth().oauth2(TOKEN).body(back).post("/helm/helm-b/api/charts").then().statusCode(201);

        helm("repo", "add", "grp", "http://127.0.0.1:" + RestAssured.port + "/helm/helm-group", "--username", "ci",
                "--password", TOKEN).succeeded();
        helm("repo", "update").succeeded();
        assertThat(helm("search", "repo", "grp/").succeeded().output()).contains("grp/grp-front").contains("grp/grp-back");
        Files.createDirectories(work.resolve("pulled"));
        helm("pull", "grp/grp-front", "--version", "1.0.0", "-d", "pulled").succeeded();
        helm("pull", "grp/grp-back", "--version", "2.0.0", "-d", "pulled").succeeded();
        assertThat(Files.readAllBytes(work.resolve("pulled/grp-front-1.0.0.tgz"))).isEqualTo(front);
        assertThat(Files.readAllBytes(work.resolve("pulled/grp-back-2.0.0.tgz"))).isEqualTo(back);
        given().auth().oauth2(TOKEN).get("/helm/helm-a/charts/grp-front-1.0.0.tgz").then().statusCode(200);
    }
}
