package io.granary.registry.helm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real helm client against a classic chart repository, with its own config, cache and data homes. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class HelmClientTest {

    @TempDir
    Path work;

    private ClientTools.Result helm(String... args) throws Exception {
        return helm(work, args);
    }

    /** Runs helm with its config, cache and data homes under {@code work}. */
    static ClientTools.Result helm(Path work, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ClientTools.require("helm-v3.22.0/helm").toString()));
        command.addAll(List.of(args));
        return ClientTools.run(work, Map.of("HELM_CONFIG_HOME", work.resolve("config").toString(),
                "HELM_CACHE_HOME", work.resolve("cache").toString(), "HELM_DATA_HOME", work.resolve("data").toString()),
                command);
    }

    @Test
    void helmPackagesUploadsAddsPullsShowsAndRenders() throws Exception {
        String writer = Tokens.issue("helm-ci", TestRepositories.HELM, "writer");
        String reader = Tokens.issue("helm-reader", TestRepositories.HELM, "reader");
        helm("create", "granary-demo").succeeded();
        helm("package", "granary-demo", "--version", "0.4.2", "--app-version", "9.9", "-d", "out").succeeded();
        byte[] chart = Files.readAllBytes(work.resolve("out/granary-demo-0.4.2.tgz"));
        given().auth().preemptive().basic("ci", writer).body(chart)
                .post("/helm/" + TestRepositories.HELM + "/api/charts").then().statusCode(201);

        String url = "http://127.0.0.1:" + RestAssured.port + "/helm/" + TestRepositories.HELM;
        helm("repo", "add", "granary", url, "--username", "ci", "--password", reader).succeeded();
        helm("repo", "update").succeeded();
        assertThat(helm("search", "repo", "granary/granary-demo").succeeded().output()).contains("0.4.2").contains("9.9");
        Files.createDirectories(work.resolve("pulled"));
        helm("pull", "granary/granary-demo", "--version", "0.4.2", "-d", "pulled").succeeded();
        assertThat(Files.readAllBytes(work.resolve("pulled/granary-demo-0.4.2.tgz"))).isEqualTo(chart);
        assertThat(helm("show", "chart", "granary/granary-demo").succeeded().output())
                .contains("name: granary-demo").contains("version: 0.4.2");
        assertThat(helm("template", "demo", "pulled/granary-demo-0.4.2.tgz").succeeded().output())
                .contains("kind: Deployment").contains("name: demo-granary-demo");

        // A deleted version disappears from the index helm reads.
        given().auth().preemptive().basic("ci", writer).delete("/helm/" + TestRepositories.HELM + "/api/charts/granary-demo/0.4.2")
                .then().statusCode(200);
        helm("repo", "update").succeeded();
        Files.createDirectories(work.resolve("again"));
        assertThat(helm("pull", "granary/granary-demo", "--version", "0.4.2", "-d", "again").exit()).isNotZero();
    }
}
