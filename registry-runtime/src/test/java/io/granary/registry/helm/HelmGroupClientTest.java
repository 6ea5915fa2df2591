package io.granary.registry.helm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.group.GroupTestResources;
import io.granary.registry.group.MixedGroups;
import io.granary.registry.proxy.NginxUpstream;
import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real helm client with a group as its repository: of two hosted chart repositories, and of a
 * hosted one mixed with a proxy of a real upstream.
 */
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
        if (!Files.isDirectory(work.resolve(name))) {
            helm("create", name).succeeded();
        }
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

    /**
     * A group mixing the hosted helm-a with a proxy of a real nginx upstream: after {@code repo add} and
     * {@code repo update} the merged index.yaml lists a chart's hosted and upstream versions and a chart
     * only the upstream has, and helm pulls each, byte for byte, through the group.
     */
    @Test
    void helmPullsChartsOfAHostedAndAProxyMemberThroughTheGroup() throws Exception {
        byte[] hosted = packaged("mix-chart", "1.0.0");
        byte[] remote = packaged("mix-chart", "2.0.0");
        byte[] remoteOnly = packaged("mix-upstream", "0.1.0");
        given().auth().oauth2(TOKEN).body(hosted).post("/helm/helm-a/api/charts").then().statusCode(201);
        try (NginxUpstream upstream = new NginxUpstream().start()) {
            upstream.put("helm/charts/mix-chart-2.0.0.tgz", remote);
            upstream.put("helm/charts/mix-upstream-0.1.0.tgz", remoteOnly);
            upstream.put("helm/index.yaml", """
                    apiVersion: v1
                    entries:
                      mix-chart:
                      - {name: mix-chart, version: 2.0.0, apiVersion: v2, digest: %s, urls: [charts/mix-chart-2.0.0.tgz]}
                      mix-upstream:
                      - {name: mix-upstream, version: 0.1.0, apiVersion: v2, digest: %s, urls: [charts/mix-upstream-0.1.0.tgz]}
                    """.formatted(sha256(remote), sha256(remoteOnly)));
            MixedGroups.declare("helm-mixclient", "helm", upstream.url() + "helm/", "");

            helm("repo", "add", "mixed", "http://127.0.0.1:" + RestAssured.port + "/helm/helm-mixclient", "--username", "ci",
                    "--password", TOKEN).succeeded();
            helm("repo", "update").succeeded();
            assertThat(helm("search", "repo", "mixed/", "--versions").succeeded().output())
                    .contains("mixed/mix-chart", "1.0.0", "2.0.0", "mixed/mix-upstream");
            Path pulled = Files.createDirectories(work.resolve("mixed-pulled"));
            helm("pull", "mixed/mix-chart", "--version", "1.0.0", "-d", "mixed-pulled").succeeded();
            helm("pull", "mixed/mix-chart", "--version", "2.0.0", "-d", "mixed-pulled").succeeded();
            helm("pull", "mixed/mix-upstream", "--version", "0.1.0", "-d", "mixed-pulled").succeeded();
            assertThat(Files.readAllBytes(pulled.resolve("mix-chart-1.0.0.tgz"))).isEqualTo(hosted);
            assertThat(Files.readAllBytes(pulled.resolve("mix-chart-2.0.0.tgz"))).isEqualTo(remote);
            assertThat(Files.readAllBytes(pulled.resolve("mix-upstream-0.1.0.tgz"))).isEqualTo(remoteOnly);
            assertThat(upstream.requests("/helm/charts/mix-chart-2.0.0.tgz")).isEqualTo(1);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
