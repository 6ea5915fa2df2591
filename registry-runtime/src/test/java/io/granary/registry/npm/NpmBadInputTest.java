package io.granary.registry.npm;

import static io.granary.registry.npm.NpmFixtures.publishDocument;
import static io.granary.registry.npm.NpmFixtures.tarball;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.NpmTestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Publishes that must be refused with a clear npm error, leaving nothing behind. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class NpmBadInputTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final String LOCAL = NpmTestRepositories.LOCAL;

    private static void assertNothingStored(String name, String version) {
        given().auth().oauth2(ADMIN).urlEncodingEnabled(false).get("/npm/npm-local/" + NpmFixtures.escaped(name))
                .then().statusCode(404);
        String file = (name.contains("/") ? name.substring(name.indexOf('/') + 1) : name) + "-" + version + ".tgz";
        given().auth().oauth2(ADMIN).get("/npm/npm-local/" + name + "/-/" + file).then().statusCode(404);
    }

    @Test
    void tarballNotMatchingIntegrityIsRefusedAndNothingStored() {
        JsonObject doc = publishDocument("bad-integrity", "1.0.0", tarball("bad-integrity", "1.0.0"), "latest");
        doc.getJsonObject("versions").getJsonObject("1.0.0").getJsonObject("dist")
                .put("integrity", NpmFixtures.integrity(tarball("bad-integrity", "6.6.6")));
        NpmFixtures.put(ADMIN, LOCAL, "bad-integrity", doc).then().statusCode(400)
                .body("error", containsString("integrity"));
        assertNothingStored("bad-integrity", "1.0.0");
    }

    @Test
    void tarballNotMatchingShasumIsRefused() {
        JsonObject doc = publishDocument("bad-shasum", "1.0.0", tarball("bad-shasum", "1.0.0"), "latest");
        doc.getJsonObject("versions").getJsonObject("1.0.0").getJsonObject("dist")
                .put("shasum", NpmFixtures.shasum("other".getBytes(StandardCharsets.UTF_8)));
        NpmFixtures.put(ADMIN, LOCAL, "bad-shasum", doc).then().statusCode(400).body("error", containsString("shasum"));
        assertNothingStored("bad-shasum", "1.0.0");
    }

    @Test
    void missingIntegrityIsRefused() {
        JsonObject doc = publishDocument("no-integrity", "1.0.0", tarball("no-integrity", "1.0.0"), "latest");
        doc.getJsonObject("versions").getJsonObject("1.0.0").getJsonObject("dist").remove("integrity");
        NpmFixtures.put(ADMIN, LOCAL, "no-integrity", doc).then().statusCode(400).body("error", containsString("sha512"));
        assertNothingStored("no-integrity", "1.0.0");
    }

    @Test
    void namesThatDoNotMatchTheUrlAreRefused() {
        JsonObject doc = publishDocument("right-name", "1.0.0", tarball("right-name", "1.0.0"), "latest");
        given().auth().oauth2(ADMIN).contentType("application/json").body(doc.encode()).put("/npm/npm-local/wrong-name")
                .then().statusCode(400).body("error", containsString("does not match"));
        JsonObject inner = publishDocument("inner-name", "1.0.0", tarball("inner-name", "1.0.0"), "latest");
        inner.getJsonObject("versions").getJsonObject("1.0.0").put("name", "someone-else");
        NpmFixtures.put(ADMIN, LOCAL, "inner-name", inner).then().statusCode(400);
        assertNothingStored("right-name", "1.0.0");
        assertNothingStored("wrong-name", "1.0.0");
        assertNothingStored("inner-name", "1.0.0");
    }

    @Test
    void invalidPackageNamesAreRefused() {
        for (String name : List.of("Upper-Case", "_private", ".hidden", "@scope-only", "sp%20ace")) {
            given().auth().oauth2(ADMIN).urlEncodingEnabled(false).contentType("application/json").body("{}")
                    .put("/npm/npm-local/" + name).then().statusCode(400).body("error", containsString("name"));
        }
    }

    @Test
    void invalidSemverIsRefused() {
        for (String version : List.of("1.0", "v1.0.0", "01.0.0", "1.0.0-", "latest")) {
            NpmFixtures.put(ADMIN, LOCAL, "bad-semver", publishDocument("bad-semver", version,
                            tarball("bad-semver", version), "latest"))
                    .then().statusCode(400).body("error", containsString("semver"));
        }
        assertNothingStored("bad-semver", "1.0");
    }

    @Test
    void tarballThatIsNotGzipIsRefused() {
        byte[] plain = "package/package.json".getBytes(StandardCharsets.UTF_8);
        NpmFixtures.put(ADMIN, LOCAL, "not-gzip", publishDocument("not-gzip", "1.0.0", plain, "latest"))
                .then().statusCode(400).body("error", containsString("gzip"));
        byte[] truncated = java.util.Arrays.copyOf(tarball("not-gzip", "1.0.0"), 12);
        NpmFixtures.put(ADMIN, LOCAL, "not-gzip", publishDocument("not-gzip", "1.0.0", truncated, "latest"))
                .then().statusCode(400).body("error", containsString("gzip"));
        assertNothingStored("not-gzip", "1.0.0");
    }

    @Test
    void malformedDocumentsAreRefused() {
        given().auth().oauth2(ADMIN).contentType("application/json").body("{not json").put("/npm/npm-local/malformed")
                .then().statusCode(400).body("error", containsString("JSON"));
        JsonObject two = publishDocument("two-at-once", "1.0.0", tarball("two-at-once", "1.0.0"), "latest");
        two.getJsonObject("versions").put("1.0.1", two.getJsonObject("versions").getJsonObject("1.0.0").copy()
                .put("version", "1.0.1"));
        NpmFixtures.put(ADMIN, LOCAL, "two-at-once", two).then().statusCode(400);
        JsonObject badBase64 = publishDocument("bad-base64", "1.0.0", tarball("bad-base64", "1.0.0"), "latest");
        badBase64.getJsonObject("_attachments").getJsonObject("bad-base64-1.0.0.tgz").put("data", "***");
        NpmFixtures.put(ADMIN, LOCAL, "bad-base64", badBase64).then().statusCode(400).body("error", containsString("base64"));
        assertNothingStored("two-at-once", "1.0.0");
        assertNothingStored("bad-base64", "1.0.0");
    }

    @Test
    void aScopeTheTokenMayNotPublishToIsForbidden() {
        String acme = "acme-publisher";
        given().auth().oauth2(ADMIN).contentType("application/json")
                .body(Map.of("name", acme, "grants", List.of(Map.of("repository", LOCAL + "/@acme", "role", "writer"))))
                .post("/api/v1/tokens").then().statusCode(201);
        String token = given().auth().oauth2(ADMIN).contentType("application/json")
                .body(Map.of("name", acme + "-2", "grants", List.of(Map.of("repository", LOCAL + "/@acme", "role", "writer"))))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");

        NpmFixtures.publish(token, LOCAL, "@acme/allowed", "1.0.0", "latest").then().statusCode(200);
        NpmFixtures.publish(token, LOCAL, "@other/refused", "1.0.0", "latest").then().statusCode(403)
                .body("error", containsString("@other"));
        NpmFixtures.publish(token, LOCAL, "unscoped-refused", "1.0.0", "latest").then().statusCode(403);
        assertNothingStored("@other/refused", "1.0.0");
        assertNothingStored("unscoped-refused", "1.0.0");
        // A writer on the whole repository may publish any scope.
        String writer = Tokens.issue("npm-writer", LOCAL, "writer");
        NpmFixtures.publish(writer, LOCAL, "@other/allowed", "1.0.0", "latest").then().statusCode(200);
    }

    @Test
    void oversizeBodiesAre413() {
        byte[] big = new byte[(int) NpmTestRepositories.MAX_PUBLISH_BYTES];
        new java.util.Random(1).nextBytes(big);
        JsonObject doc = publishDocument("too-big", "1.0.0", tarball("too-big", "1.0.0"), "latest");
        doc.put("readme", Base64.getEncoder().encodeToString(big));
        NpmFixtures.put(ADMIN, LOCAL, "too-big", doc).then().statusCode(413).body("error", containsString("limit"));
        assertNothingStored("too-big", "1.0.0");
    }

    @Test
    void publishBeyondTheQuotaIs413() {
        byte[] incompressible = new byte[8192];
        new java.util.Random(2).nextBytes(incompressible);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(incompressible);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        NpmFixtures.put(ADMIN, NpmTestRepositories.TINY, "huge", publishDocument("huge", "1.0.0", out.toByteArray(), "latest"))
                .then().statusCode(413).body("error", containsString("quota"));
        given().auth().oauth2(ADMIN).get("/npm/npm-tiny/huge").then().statusCode(404);
        NpmFixtures.publish(ADMIN, NpmTestRepositories.TINY, "small", "1.0.0", "latest").then().statusCode(200);
        given().auth().oauth2(ADMIN).get("/npm/npm-tiny/small").then().statusCode(200).body("name", equalTo("small"));
    }
}
