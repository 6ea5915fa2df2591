package io.granary.registry.lifecycle;

import static io.granary.registry.lifecycle.LifecycleApi.ADMIN;
import static io.granary.registry.lifecycle.LifecycleApi.retention;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.granary.registry.npm.NpmFixtures;
import io.granary.registry.pypi.PythonDistributions;
import io.granary.registry.testsupport.Archives;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retention through the admin API on every hosted format: keep-last-N in each format's version order,
 * the format's metadata no longer lists what was deleted, a dry run deletes nothing, and protected
 * items (promoted, dist-tagged) stay.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class RetentionFormatsTest {

    private static JsonObject keepLast(int n) {
        return new JsonObject().put("keepLastVersions", n);
    }

    private static List<String> versions(JsonPath report) {
        return report.getList("candidates.version");
    }

    @Test
    void genericKeepsTheNewestFilesOfAFolderAndADryRunDeletesNothing() throws Exception {
        for (int i = 1; i <= 4; i++) {
            given().auth().oauth2(ADMIN).body("generic " + i).put("/generic/files/ret/app-" + i + ".txt")
                    .then().statusCode(201);
        }
        JsonPath dry = retention(TestRepositories.FILES, keepLast(2).put("include", new JsonArray().add("ret")), true);
        assertThat(dry.getBoolean("dryRun")).isTrue();
        assertThat(versions(dry)).containsExactlyInAnyOrder("app-1.txt", "app-2.txt");
        assertThat(dry.getLong("deletedCount")).isZero();
        for (int i = 1; i <= 4; i++) {
            given().auth().oauth2(ADMIN).get("/generic/files/ret/app-" + i + ".txt").then().statusCode(200);
        }
        given().auth().oauth2(ADMIN).get("/api/v1/repositories/files/retention/report").then().statusCode(200)
                .body("dryRun", org.hamcrest.Matchers.equalTo(true));

        JsonPath run = retention(TestRepositories.FILES, keepLast(2).put("include", new JsonArray().add("ret")), false);
        assertThat(run.getLong("deletedCount")).isEqualTo(2);
        given().auth().oauth2(ADMIN).get("/generic/files/ret/app-1.txt").then().statusCode(404);
        given().auth().oauth2(ADMIN).get("/generic/files/ret/app-2.txt").then().statusCode(404);
        given().auth().oauth2(ADMIN).get("/generic/files/ret/app-4.txt").then().statusCode(200)
                .body(org.hamcrest.Matchers.equalTo("generic 4"));
    }

    @Test
    void promotedFilesAreNeverDeleted() throws Exception {
        for (int i = 1; i <= 3; i++) {
            given().auth().oauth2(ADMIN).body("promo " + i).put("/generic/files/promo/p-" + i + ".txt").then().statusCode(201);
        }
        // What a PromotionRule leaves on what it promoted (the promotion engine is not part of this test).
        try (var db = LifecycleApi.database(); var st = db.prepareStatement("INSERT INTO property (asset_id, key, value) "
                + "SELECT a.id, 'granary.io/promoted-by', 'release-rule' FROM asset a JOIN repository r ON r.id = a.repository_id "
                + "WHERE r.name = 'files' AND a.path = 'promo/p-1.txt'")) {
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        JsonPath run = retention(TestRepositories.FILES, keepLast(1).put("include", new JsonArray().add("promo")), false);
        assertThat(versions(run)).containsExactly("p-2.txt");
        given().auth().oauth2(ADMIN).get("/generic/files/promo/p-1.txt").then().statusCode(200);
        given().auth().oauth2(ADMIN).get("/generic/files/promo/p-2.txt").then().statusCode(404);
    }

    @Test
    void mavenOrdersReleasesAsMavenDoesAndRerendersMetadata() {
        String base = "/maven/" + TestRepositories.MAVEN + "/com/acme/lib/";
        // Pushed out of version order: Maven order, not push order, decides what is newest.
        for (String v : List.of("1.10", "1.2", "1.9", "2.0-beta-1")) {
            given().auth().oauth2(ADMIN).body(("jar " + v).getBytes(StandardCharsets.UTF_8))
                    .put(base + v + "/lib-" + v + ".jar").then().statusCode(201);
            given().auth().oauth2(ADMIN).body(pom(v)).put(base + v + "/lib-" + v + ".pom").then().statusCode(201);
        }
        JsonPath run = retention(TestRepositories.MAVEN, keepLast(2), false);
        assertThat(versions(run)).containsExactlyInAnyOrder("1.2", "1.9");
        String metadata = given().auth().oauth2(ADMIN).get(base + "maven-metadata.xml").then().statusCode(200)
                .extract().asString();
        assertThat(metadata).contains("<version>1.10</version>", "<version>2.0-beta-1</version>")
                .doesNotContain("<version>1.2</version>", "<version>1.9</version>");
        given().auth().oauth2(ADMIN).get(base + "1.9/lib-1.9.jar").then().statusCode(404);
        given().auth().oauth2(ADMIN).get(base + "1.10/lib-1.10.jar").then().statusCode(200);
    }

    @Test
    void mavenKeepsTheNewestSnapshotBuildsOfEachVersion() {
        String base = "/maven/" + TestRepositories.MAVEN_SNAPSHOTS + "/com/acme/snap/1.0-SNAPSHOT/";
        for (int build = 1; build <= 3; build++) {
            String file = "snap-1.0-20250101.10000" + build + "-" + build;
            given().auth().oauth2(ADMIN).body(("build " + build).getBytes(StandardCharsets.UTF_8)).put(base + file + ".jar")
                    .then().statusCode(201);
            given().auth().oauth2(ADMIN).body(pom("1.0-SNAPSHOT")).put(base + file + ".pom").then().statusCode(201);
        }
        JsonPath run = retention(TestRepositories.MAVEN_SNAPSHOTS,
                new JsonObject().put("keepLastSnapshotBuilds", 1), false);
        assertThat(versions(run)).containsExactlyInAnyOrder("20250101.100001-1", "20250101.100002-2");
        given().auth().oauth2(ADMIN).get(base + "snap-1.0-20250101.100001-1.jar").then().statusCode(404);
        given().auth().oauth2(ADMIN).get(base + "snap-1.0-20250101.100003-3.jar").then().statusCode(200);
        String metadata = given().auth().oauth2(ADMIN).get(base + "maven-metadata.xml").then().statusCode(200)
                .extract().asString();
        assertThat(metadata).contains("<buildNumber>3</buildNumber>").doesNotContain("20250101.100001-1");
    }

    @Test
    void npmKeepsSemverNewestAndTaggedVersionsAndRerendersThePackument() {
        String repo = io.granary.registry.testsupport.NpmTestRepositories.LOCAL;
        for (String v : List.of("1.0.0", "1.10.0", "1.2.0", "2.0.0-rc.1")) {
            NpmFixtures.publish(ADMIN, repo, "retained", v, v.equals("1.0.0") ? "legacy" : "latest").then()
                    .statusCode(org.hamcrest.Matchers.lessThan(300));
        }
        // latest → 2.0.0-rc.1 (last publish), legacy → 1.0.0: both protected; of the rest keep 1 newest.
        JsonPath run = retention(repo, keepLast(2), false);
        assertThat(versions(run)).containsExactly("1.2.0");
        given().auth().oauth2(ADMIN).get("/npm/" + repo + "/retained").then().statusCode(200)
                .body("versions.keySet()", org.hamcrest.Matchers.containsInAnyOrder("1.0.0", "1.10.0", "2.0.0-rc.1"));
    }

    @Test
    void pypiOrdersByPep440AndTheSimpleIndexForgetsDeletedFiles() throws Exception {
        for (String v : List.of("1.0", "1.0.post1", "1.1rc1", "1.1")) {
            byte[] wheel = PythonDistributions.wheel("ret_pkg", v, PythonDistributions.metadata("ret-pkg", v, ">=3.8"));
            given().auth().preemptive().basic("__token__", ADMIN)
                    .multiPart(":action", "file_upload").multiPart("protocol_version", "1")
                    .multiPart("name", "ret-pkg").multiPart("version", v)
                    .multiPart("sha256_digest", LifecycleApi.sha256(wheel))
                    .multiPart("content", "ret_pkg-" + v + "-py3-none-any.whl", wheel, "application/octet-stream")
                    .post("/pypi/" + TestRepositories.PYPI + "/").then().statusCode(200);
        }
        JsonPath run = retention(TestRepositories.PYPI, keepLast(2).put("include", new JsonArray().add("ret-pkg")), false);
        assertThat(versions(run)).containsExactlyInAnyOrder("1.0", "1.0.post1");
        String page = given().auth().preemptive().basic("x", ADMIN).get("/pypi/" + TestRepositories.PYPI + "/simple/ret-pkg/")
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("ret_pkg-1.1-py3-none-any.whl", "ret_pkg-1.1rc1-py3-none-any.whl")
                .doesNotContain("ret_pkg-1.0-py3", "ret_pkg-1.0.post1-py3");
    }

    @Test
    void helmOrdersBySemverAndIndexYamlForgetsDeletedCharts() {
        String base = "/helm/" + TestRepositories.HELM + "/";
        for (String v : List.of("0.9.0", "0.10.0", "0.2.0")) {
            byte[] chart = Archives.tarGz(Map.of("retchart/Chart.yaml", ("apiVersion: v2\nname: retchart\nversion: " + v
                    + "\n").getBytes(StandardCharsets.UTF_8)));
            given().auth().oauth2(ADMIN).body(chart).put(base + "charts/retchart-" + v + ".tgz").then().statusCode(201);
        }
        JsonPath run = retention(TestRepositories.HELM, keepLast(1).put("include", new JsonArray().add("retchart")), false);
        assertThat(versions(run)).containsExactlyInAnyOrder("0.2.0", "0.9.0");
        given().auth().preemptive().basic("helm", ADMIN).get(base + "index.yaml").then().statusCode(200)
                .body(containsString("retchart-0.10.0.tgz"))
                .body(org.hamcrest.Matchers.not(containsString("retchart-0.9.0.tgz")));
    }

    @Test
    void ociKeepsTheNewestTagsAndDeletesUntaggedManifests() throws Exception {
        String name = TestRepositories.OCI + "/retimg";
        Pushed config = push(name, "{}".getBytes(StandardCharsets.UTF_8));
        for (int i = 1; i <= 3; i++) {
            putManifest(name, "t" + i, manifest(config, push(name, ("layer " + i).getBytes(StandardCharsets.UTF_8))));
        }
        byte[] untagged = manifest(config, push(name, "loose layer".getBytes(StandardCharsets.UTF_8)));
        String untaggedDigest = "sha256:" + LifecycleApi.sha256(untagged);
        putManifest(name, untaggedDigest, untagged);

        JsonPath run = retention(TestRepositories.OCI, keepLast(2).put("untaggedManifests", true), false);
        assertThat(versions(run)).containsExactlyInAnyOrder("t1", untaggedDigest);
        given().auth().oauth2(ADMIN).get("/v2/" + name + "/manifests/t1").then().statusCode(404);
        given().auth().oauth2(ADMIN).urlEncodingEnabled(false).get("/v2/" + name + "/manifests/" + untaggedDigest).then().statusCode(404);
        given().auth().oauth2(ADMIN).get("/v2/" + name + "/tags/list").then().statusCode(200)
                .body("tags", org.hamcrest.Matchers.containsInAnyOrder("t2", "t3"));
        assertThat(run.getLong("gc.bytesFreed")).isGreaterThan(0);
        given().auth().oauth2(ADMIN).get("/v2/" + name + "/manifests/t3").then().statusCode(200);
    }

    @Test
    void rulesWithoutABoundAreRefused() {
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body("{\"rules\": {\"include\": [\"x\"]}}")
                .post("/api/v1/repositories/files/retention").then().statusCode(400)
                .body(containsString("keepLastVersions"));
        given().contentType("application/json").body("{\"rules\": {\"keepLastVersions\": 1}}")
                .post("/api/v1/repositories/files/retention").then().statusCode(401);
    }

    /** A pushed blob: its digest and size, as a descriptor needs them. */
    record Pushed(String digest, long size) {
    }

    static Pushed push(String name, byte[] content) throws Exception {
        String digest = "sha256:" + LifecycleApi.sha256(content);
        given().auth().oauth2(ADMIN).contentType("application/octet-stream").body(content)
                .post("/v2/" + name + "/blobs/uploads/?digest=" + digest).then().statusCode(201);
        return new Pushed(digest, content.length);
    }

    static byte[] manifest(Pushed config, Pushed layer) {
        return new JsonObject().put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json")
                .put("config", new JsonObject().put("mediaType", "application/vnd.oci.image.config.v1+json")
                        .put("digest", config.digest()).put("size", config.size()))
                .put("layers", new JsonArray().add(new JsonObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar")
                        .put("digest", layer.digest()).put("size", layer.size())))
                .encode().getBytes(StandardCharsets.UTF_8);
    }

    static void putManifest(String name, String reference, byte[] body) {
        given().auth().oauth2(ADMIN).urlEncodingEnabled(false).contentType("application/vnd.oci.image.manifest.v1+json").body(body)
                .put("/v2/" + name + "/manifests/" + reference).then().statusCode(201);
    }

    private static byte[] pom(String version) {
        return ("<project><modelVersion>4.0.0</modelVersion><groupId>com.acme</groupId><artifactId>x</artifactId>"
                + "<version>" + version + "</version></project>").getBytes(StandardCharsets.UTF_8);
    }
}
