package io.granary.registry.npm;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm promotion over HTTP on real PostgreSQL and a real blob store: versions published to a staging
 * repository (by the npm CLI where the tarball must install) are promoted through the admin API; the
 * release repository's packument, dist-tags and tarballs are read back as npm reads them, and the real
 * npm client installs from it.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class NpmPromotionTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String STAGING = "promo-npm-staging";
    private static final String RELEASE = "promo-npm-release";
    /** Room for one 3 KiB tarball, not two. */
    private static final String SMALL = "promo-npm-small";

    @TempDir
    Path work;

    @BeforeAll
    static void repositories() throws IOException {
        Files.writeString(GranaryTestResources.catalogDir().resolve("npm-promotion.yaml"), """
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: promo-npm-staging}
                spec: {format: npm, type: hosted, npm: {allowUnpublish: true}}
                ---
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: promo-npm-release}
                spec: {format: npm, type: hosted, npm: {allowUnpublish: true}}
                ---
                apiVersion: granary.io/v1alpha1
                kind: Repository
                metadata: {name: promo-npm-small}
                spec: {format: npm, type: hosted, storage: {quota: 5Ki}}
                """);
    }

    @Test
    void promotedVersionsInstallFromTheReleaseWithTheirTagsAndIdenticalTarballs() throws Exception {
        io.granary.registry.lifecycle.LifecycleRepositories.awaitServed(STAGING, RELEASE);
        String name = "@acme/lib-" + UUID.randomUUID().toString().substring(0, 8);
        String base = "http://127.0.0.1:" + RestAssured.port + "/npm/";
        NpmCli staging = new NpmCli(work.resolve("publisher"), base + STAGING + "/", ADMIN);
        Path packages = work.resolve("packages");
        staging.run(NpmCli.writePackage(packages, name, "1.0.0", Map.of()), "publish").ok();
        staging.run(NpmCli.writePackage(packages, name, "1.1.0", Map.of()), "publish").ok();
        staging.run(NpmCli.writePackage(packages, name, "2.0.0-rc.1", Map.of()), "publish", "--tag", "next").ok();
        JsonObject source = packument(STAGING, name);

        // Listed highest first: a lower version promoted later must not take latest back.
        Map<String, Object> spec = Map.of("from", STAGING, "to", RELEASE, "mode", "copy", "artifacts", List.of(
                Map.of("name", name, "version", "1.1.0"), Map.of("name", name, "version", "1.0.0"),
                Map.of("name", name, "version", "2.0.0-rc.1")));
        JsonPath first = promote("npm-release", spec).then().statusCode(200).extract().jsonPath();
        assertThat(first.getInt("copied")).isEqualTo(3);
        assertThat(first.getList("blocked")).isEmpty();
        assertThat(first.getList("promoted.version")).containsExactly("1.1.0", "1.0.0", "2.0.0-rc.1");

        JsonObject released = packument(RELEASE, name);
        assertThat(released.getJsonObject("versions").fieldNames()).containsExactlyInAnyOrder("1.0.0", "1.1.0", "2.0.0-rc.1");
        assertThat(released.getJsonObject("dist-tags").getMap()).isEqualTo(Map.of("latest", "1.1.0", "next", "2.0.0-rc.1"));
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0-rc.1")) {
            JsonObject dist = released.getJsonObject("versions").getJsonObject(version).getJsonObject("dist");
            JsonObject sourceDist = source.getJsonObject("versions").getJsonObject(version).getJsonObject("dist");
            assertThat(dist.getString("integrity")).isEqualTo(sourceDist.getString("integrity"));
            assertThat(dist.getString("tarball")).contains("/npm/" + RELEASE + "/" + name + "/-/");
            byte[] tarball = given().auth().oauth2(ADMIN).get(dist.getString("tarball")).then().statusCode(200)
                    .extract().asByteArray();
            assertThat(tarball).isEqualTo(given().auth().oauth2(ADMIN).get(sourceDist.getString("tarball")).asByteArray());
            assertThat("sha256:" + hex("SHA-256", tarball)).isEqualTo(digestOf(first, version));
            assertThat(hex("SHA-1", tarball)).isEqualTo(dist.getString("shasum"));
        }

        // The unmodified npm client installs latest and a tag from the release repository, same integrity.
        NpmCli consumer = new NpmCli(work.resolve("consumer"), base + RELEASE + "/", ADMIN);
        Path app = Files.createDirectories(work.resolve("app"));
        Files.writeString(app.resolve("package.json"), "{\"name\":\"app\",\"version\":\"1.0.0\",\"private\":true}");
        consumer.run(app, "install", name).ok();
        JsonObject installed = new JsonObject(Files.readString(app.resolve("node_modules/" + name + "/package.json")));
        assertThat(installed.getString("version")).isEqualTo("1.1.0");
        JsonObject locked = new JsonObject(Files.readString(app.resolve("package-lock.json")))
                .getJsonObject("packages").getJsonObject("node_modules/" + name);
        assertThat(locked.getString("integrity"))
                .isEqualTo(source.getJsonObject("versions").getJsonObject("1.1.0").getJsonObject("dist").getString("integrity"));

        // Re-applying changes nothing.
        JsonPath again = promote("npm-release", spec).then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("copied")).isZero();
        assertThat(again.getList("promoted")).isEqualTo(first.getList("promoted"));
        assertThat(packument(RELEASE, name).getJsonObject("dist-tags").getMap()).isEqualTo(Map.of("latest", "1.1.0",
                "next", "2.0.0-rc.1"));

        // A promoted version is immutable in the target, and copy mode leaves the source as it was.
        NpmFixtures.put(ADMIN, RELEASE, name, NpmFixtures.publishDocument(name, "1.1.0", NpmFixtures.tarball(name, "1.1.0"),
                "latest")).then().statusCode(403);
        assertThat(packument(STAGING, name).getJsonObject("versions").fieldNames()).hasSize(3);

        // Nor is it unpublished where the target allows unpublish: the promotion wins, audited as denied,
        // while a version published there directly still can be.
        NpmCli releaser = new NpmCli(work.resolve("releaser"), base + RELEASE + "/", ADMIN);
        releaser.run(NpmCli.writePackage(packages, name, "3.0.0", Map.of()), "publish", "--tag", "direct").ok();
        NpmCli.Result version = releaser.run(app, "unpublish", name + "@1.0.0");
        assertThat(version.exit()).as(version.err()).isNotZero();
        assertThat(version.err()).contains("403");
        NpmCli.Result whole = releaser.run(app, "unpublish", name, "--force");
        assertThat(whole.exit()).as(whole.err()).isNotZero();
        assertThat(packument(RELEASE, name).getJsonObject("versions").fieldNames())
                .containsExactlyInAnyOrder("1.0.0", "1.1.0", "2.0.0-rc.1", "3.0.0");
        given().auth().oauth2(ADMIN).queryParam("repository", RELEASE).queryParam("outcome", "denied")
                .get("/api/v1/audit").then().statusCode(200)
                .body("detail", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("was promoted here")));
        releaser.run(app, "unpublish", name + "@3.0.0").ok();
        assertThat(packument(RELEASE, name).getJsonObject("versions").fieldNames()).doesNotContain("3.0.0");
    }

    @Test
    void moveUnpublishesFromTheSourceAndAQuotaBlocksWithoutWritingAnything() throws Exception {
        io.granary.registry.lifecycle.LifecycleRepositories.awaitServed(STAGING, SMALL);
        String name = "lib-" + UUID.randomUUID().toString().substring(0, 8);
        for (String version : List.of("1.0.0", "1.2.0", "1.3.0")) {
            NpmFixtures.put(ADMIN, STAGING, name, NpmFixtures.publishDocument(name, version, incompressible(3000), "latest"))
                    .then().statusCode(200);
        }
        Map<String, Object> spec = Map.of("from", STAGING, "to", SMALL, "mode", "move", "artifacts", List.of(
                Map.of("name", name, "version", "1.2.0"), Map.of("name", name, "version", "1.3.0")));
        JsonPath report = promote("small", spec).then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("promoted.version")).containsExactly("1.2.0");
        assertThat(report.getList("blocked.version")).containsExactly("1.3.0");
        assertThat(report.getString("blocked[0].gate")).isEqualTo("quota");
        assertThat(report.getString("blocked[0].message")).contains("quota of 5120 bytes");

        // The blocked version left no trace in the target and stays in the source.
        JsonObject target = packument(SMALL, name);
        assertThat(target.getJsonObject("versions").fieldNames()).containsExactly("1.2.0");
        assertThat(target.getJsonObject("dist-tags").getMap()).isEqualTo(Map.of("latest", "1.2.0"));
        given().auth().oauth2(ADMIN).get("/npm/" + SMALL + "/" + name + "/-/" + name + "-1.3.0.tgz").then().statusCode(404);
        // Move: 1.2.0 left the source, whose latest falls back to the highest version still there.
        JsonObject source = packument(STAGING, name);
        assertThat(source.getJsonObject("versions").fieldNames()).containsExactlyInAnyOrder("1.0.0", "1.3.0");
        assertThat(source.getJsonObject("dist-tags").getString("latest")).isEqualTo("1.3.0");

        // Still blocked on a second run, and still nothing written.
        JsonPath again = promote("small", spec).then().statusCode(200).extract().jsonPath();
        assertThat(again.getInt("copied")).isZero();
        assertThat(again.getString("blocked[0].gate")).isEqualTo("quota");
        assertThat(packument(SMALL, name).getJsonObject("versions").fieldNames()).containsExactly("1.2.0");
    }

    private static JsonObject packument(String repository, String name) {
        return new JsonObject(given().auth().oauth2(ADMIN).urlEncodingEnabled(false).accept("application/json")
                .get("/npm/" + repository + "/" + NpmFixtures.escaped(name)).then().statusCode(200).extract().asString());
    }

    private static Response promote(String rule, Map<String, Object> spec) {
        return given().auth().oauth2(ADMIN).contentType("application/json").body(Map.of("rule", rule, "spec", spec))
                .post("/api/v1/promotions");
    }

    private static String digestOf(JsonPath report, String version) {
        return report.getList("promoted", Map.class).stream().filter(p -> version.equals(p.get("version")))
                .map(p -> (String) p.get("digest")).findFirst().orElseThrow();
    }

    /** A gzip file of random bytes: about as large compressed as not, so quotas can be aimed at. */
    private static byte[] incompressible(int size) throws IOException {
        byte[] random = new byte[size];
        new Random().nextBytes(random);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(random);
        }
        return bytes.toByteArray();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
