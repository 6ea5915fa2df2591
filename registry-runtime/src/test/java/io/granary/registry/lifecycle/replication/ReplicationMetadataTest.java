package io.granary.registry.lifecycle.replication;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.lifecycle.LifecycleRepositories;
import io.granary.registry.npm.NpmCli;
import io.granary.registry.pypi.PythonDistributions;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata changed at the source after its files were replicated: PyPI yank marks (PEP 592) and npm deprecations and
 * dist-tags reach the target on the next run, are counted as copied, and a run after that copies nothing. Asserted on
 * what the target itself serves: its PEP 691 index and its packument.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class ReplicationMetadataTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String SIMPLE_JSON = "application/vnd.pypi.simple.v1+json";

    @TestHTTPResource("/")
    URI base;

    @TempDir
    Path work;

    @BeforeAll
    static void repositories() {
        LifecycleRepositories.declarePairs("replication-metadata.yaml", "meta", List.of("npm", "pypi"));
    }

    @Test
    void pypiYankMarksAndTheirReasonsFollowTheSourceFileByFile() throws Exception {
        LifecycleRepositories.awaitServed("meta-pypi-src", "meta-pypi-dst");
        upload("meta_pkg-1.0-py3-none-any.whl", PythonDistributions.wheel("meta_pkg", "1.0", PythonDistributions.metadata("meta-pkg", "1.0", null)));
        upload("meta_pkg-1.1-py3-none-any.whl", PythonDistributions.wheel("meta_pkg", "1.1", PythonDistributions.metadata("meta-pkg", "1.1", null)));
        yank("1.0", "broken build");

        // Setting a mark needs the admin role on the target: with a writer's token the file arrives, its mark does not,
        // and the run says so (the yank is tried again by the next run, as the mark is still different).
        String writer = Tokens.issue("meta-writer", "meta-pypi-dst", "writer");
        ReplicationResult refused = new Replicator(options("pypi", "Bearer " + writer, 1)).run();
        assertThat(refused.failed()).isEqualTo(1);
        assertThat(refused.copied()).isEqualTo(1);
        assertThat(refused.firstError()).startsWith("meta-pkg/meta_pkg-1.0-py3-none-any.whl: yank").contains("403")
                .doesNotContain(writer);
        assertThat(yankMarks("meta-pypi-dst")).isEqualTo(Map.of("meta_pkg-1.0-py3-none-any.whl", false,
                "meta_pkg-1.1-py3-none-any.whl", false));

        ReplicationResult first = replicate("pypi");
        assertThat(first.copied()).as("the yank of the file the refused run uploaded").isEqualTo(1);
        assertThat(yankMarks("meta-pypi-dst")).isEqualTo(Map.of("meta_pkg-1.0-py3-none-any.whl", "broken build",
                "meta_pkg-1.1-py3-none-any.whl", false));

        // Later: 1.0 un-yanked, 1.1 yanked without a reason, then a file of 1.1 uploaded after that yank (so not yanked).
        given().auth().oauth2(ADMIN).delete(yankPath("1.0")).then().statusCode(200);
        yank("1.1", null);
        assertThat(given().auth().oauth2(ADMIN).queryParam("repository", "meta-pypi-src").queryParam("outcome", "allowed")
                .queryParam("limit", 1).get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getString("[0].action"))
                .as("a yank is audited as a write, which a Replication following pushes notices").isEqualTo("write");
        upload("meta_pkg-1.1.tar.gz", PythonDistributions.sdist("meta_pkg", "1.1", PythonDistributions.metadata("meta-pkg", "1.1", null)));
        Map<String, Object> source = yankMarks("meta-pypi-src");
        assertThat(source).isEqualTo(Map.of("meta_pkg-1.0-py3-none-any.whl", false, "meta_pkg-1.1-py3-none-any.whl", true,
                "meta_pkg-1.1.tar.gz", false));

        ReplicationResult second = replicate("pypi");
        assertThat(second.failed()).as(String.valueOf(second.firstError())).isZero();
        assertThat(second.copied()).as("two marks changed and one file uploaded").isEqualTo(3);
        assertThat(yankMarks("meta-pypi-dst")).isEqualTo(source);

        ReplicationResult third = replicate("pypi");
        assertThat(third.copied()).isZero();
        assertThat(third.skipped()).isEqualTo(3);
        assertThat(yankMarks("meta-pypi-dst")).isEqualTo(source);
    }

    @Test
    void npmDeprecationsAndDistTagChangesMadeLaterReachTheTarget() throws Exception {
        LifecycleRepositories.awaitServed("meta-npm-src", "meta-npm-dst");
        NpmCli npm = new NpmCli(work.resolve("home"), baseUrl() + "/npm/meta-npm-src/", ADMIN);
        Path packages = work.resolve("packages");
        npm.run(NpmCli.writePackage(packages, "meta-lib", "1.0.0", Map.of()), "publish").ok();
        npm.run(NpmCli.writePackage(packages, "meta-lib", "1.1.0", Map.of()), "publish").ok();
        npm.run(work, "dist-tag", "add", "meta-lib@1.0.0", "old").ok();
        npm.run(work, "dist-tag", "add", "meta-lib@1.0.0", "beta").ok();

        assertThat(replicate("npm").copied()).isEqualTo(1);
        assertThat(packument("meta-npm-dst").getMap("dist-tags")).isEqualTo(Map.of("latest", "1.1.0", "old", "1.0.0", "beta", "1.0.0"));

        npm.run(work, "deprecate", "meta-lib@1.0.0", "use 1.1.0").ok();
        npm.run(work, "dist-tag", "rm", "meta-lib", "old").ok();
        npm.run(work, "dist-tag", "add", "meta-lib@1.1.0", "beta").ok();
        ReplicationResult second = replicate("npm");
        assertThat(second.failed()).as(String.valueOf(second.firstError())).isZero();
        assertThat(second.copied()).isEqualTo(1);
        var target = packument("meta-npm-dst");
        assertThat(target.getString("versions.'1.0.0'.deprecated")).isEqualTo("use 1.1.0");
        assertThat(target.getString("versions.'1.1.0'.deprecated")).isNull();
        assertThat(target.getMap("dist-tags")).isEqualTo(Map.of("latest", "1.1.0", "beta", "1.1.0"));

        npm.run(work, "deprecate", "meta-lib@1.0.0", "").ok();
        ReplicationResult third = replicate("npm");
        assertThat(third.copied()).isEqualTo(1);
        target = packument("meta-npm-dst");
        assertThat(target.getMap("versions").keySet()).containsExactlyInAnyOrder("1.0.0", "1.1.0");
        assertThat(target.getString("versions.'1.0.0'.deprecated")).isNull();
        assertThat(target.getString("versions.'1.0.0'.dist.integrity"))
                .isEqualTo(packument("meta-npm-src").getString("versions.'1.0.0'.dist.integrity"));

        ReplicationResult fourth = replicate("npm");
        assertThat(fourth.copied()).isZero();
        assertThat(fourth.skipped()).isEqualTo(1);
    }

    /** A run with the admin token on both sides, which must end without failures. */
    private ReplicationResult replicate(String format) throws Exception {
        ReplicationResult result = new Replicator(options(format, "Bearer " + ADMIN, 3)).run();
        assertThat(result.failed()).as(String.valueOf(result.firstError())).isZero();
        return result;
    }

    private ReplicateOptions options(String format, String targetAuthorization, int attempts) {
        URI url = URI.create(baseUrl());
        return new ReplicateOptions(format, new ReplicateOptions.Endpoint(url, "meta-" + format + "-src", Optional.of("Bearer " + ADMIN), true),
                new ReplicateOptions.Endpoint(url, "meta-" + format + "-dst", Optional.of(targetAuthorization), true), 2, 0, List.of(),
                List.of(), attempts, Optional.empty());
    }

    private String baseUrl() {
        String url = base.toString();
        return url.substring(0, url.length() - 1);
    }

    private static void upload(String filename, byte[] content) {
        given().auth().preemptive().basic("__token__", ADMIN).multiPart(":action", "file_upload").multiPart("protocol_version", "1")
                .multiPart("content", filename, content, "application/octet-stream")
                .post("/pypi/meta-pypi-src/").then().statusCode(200);
    }

    private static String yankPath(String version) {
        return "/api/v1/repositories/meta-pypi-src/pypi/projects/meta-pkg/versions/" + version + "/yank";
    }

    /** Yanks a release at the source through the runtime's admin API, with a reason or without one. */
    private static void yank(String version, String reason) {
        var request = given().auth().oauth2(ADMIN).contentType("application/json");
        (reason == null ? request : request.body(Map.of("reason", reason))).put(yankPath(version)).then().statusCode(200);
    }

    /** filename → PEP 691 {@code yanked} (false, true or the reason) in the repository's index of meta-pkg. */
    private static Map<String, Object> yankMarks(String repository) {
        var r = given().auth().oauth2(ADMIN).accept(SIMPLE_JSON).get("/pypi/" + repository + "/simple/meta-pkg/").then().statusCode(200);
        Map<String, Object> marks = new TreeMap<>();
        List<Map<String, Object>> files = r.extract().jsonPath().getList("files");
        files.forEach(f -> marks.put((String) f.get("filename"), f.get("yanked")));
        return marks;
    }

    private static io.restassured.path.json.JsonPath packument(String repository) {
        return given().auth().oauth2(ADMIN).get("/npm/" + repository + "/meta-lib").then().statusCode(200).extract().jsonPath();
    }
}
