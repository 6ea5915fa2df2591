package io.granary.registry.generic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generic protocol end to end through HTTP, on real PostgreSQL and a real filesystem store. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class GenericRepositoryTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static Response put(String token, String repo, String path, byte[] body) {
        return given().auth().oauth2(token).body(body).put("/generic/" + repo + "/" + path);
    }

    @Test
    void putThenGetHeadReturnsSameBytesAndHeaders() throws Exception {
        byte[] body = "hello granary\n".getBytes(StandardCharsets.UTF_8);
        given().auth().oauth2(ADMIN).contentType("text/plain").body(body).put("/generic/files/docs/hello.txt").then()
                .statusCode(201)
                .body("size", equalTo(body.length))
                .body("checksums.sha256", equalTo(sha256(body)))
                .body("downloadUri", containsString("/generic/files/docs/hello.txt"));

        Response get = given().auth().oauth2(ADMIN).get("/generic/files/docs/hello.txt");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.asByteArray()).isEqualTo(body);
        assertThat(get.header("ETag")).isEqualTo("\"" + sha256(body) + "\"");
        assertThat(get.header("X-Checksum-Sha256")).isEqualTo(sha256(body));
        assertThat(get.header("Last-Modified")).isNotBlank();
        assertThat(get.header("Content-Type")).startsWith("text/plain");

        given().auth().oauth2(ADMIN).head("/generic/files/docs/hello.txt").then()
                .statusCode(200).header("Content-Length", String.valueOf(body.length));
    }

    @Test
    void conditionalAndRangeRequests() throws Exception {
        byte[] body = "0123456789".getBytes(StandardCharsets.UTF_8);
        put(ADMIN, TestRepositories.FILES, "range/digits.txt", body).then().statusCode(201);
        String etag = "\"" + sha256(body) + "\"";

        given().auth().oauth2(ADMIN).header("If-None-Match", etag).get("/generic/files/range/digits.txt")
                .then().statusCode(304);
        String lastModified = given().auth().oauth2(ADMIN).get("/generic/files/range/digits.txt").header("Last-Modified");
        given().auth().oauth2(ADMIN).header("If-Modified-Since", lastModified).get("/generic/files/range/digits.txt")
                .then().statusCode(304);
        given().auth().oauth2(ADMIN).header("Range", "bytes=2-4").get("/generic/files/range/digits.txt")
                .then().statusCode(206).header("Content-Range", "bytes 2-4/10").body(equalTo("234"));
        given().auth().oauth2(ADMIN).header("Range", "bytes=-3").get("/generic/files/range/digits.txt")
                .then().statusCode(206).body(equalTo("789"));
        given().auth().oauth2(ADMIN).header("Range", "bytes=7-").get("/generic/files/range/digits.txt")
                .then().statusCode(206).body(equalTo("789"));
        given().auth().oauth2(ADMIN).header("Range", "bytes=10-20").get("/generic/files/range/digits.txt")
                .then().statusCode(416).header("Content-Range", "bytes */10");
        given().auth().oauth2(ADMIN).header("Range", "bytes=2-4").header("If-Range", "\"stale\"")
                .get("/generic/files/range/digits.txt")
                .then().statusCode(200).body(equalTo("0123456789"));
    }

    @Test
    void overwriteReplacesWholeAndDeleteRemoves() {
        put(ADMIN, TestRepositories.FILES, "mutable/a.txt", "one".getBytes()).then().statusCode(201);
        put(ADMIN, TestRepositories.FILES, "mutable/a.txt", "two!".getBytes()).then().statusCode(201)
                .body("replaced", equalTo(true));
        given().auth().oauth2(ADMIN).get("/generic/files/mutable/a.txt").then().body(equalTo("two!"));
        given().auth().oauth2(ADMIN).delete("/generic/files/mutable/a.txt").then().statusCode(204);
        given().auth().oauth2(ADMIN).get("/generic/files/mutable/a.txt").then().statusCode(404)
                .body("errors[0].code", equalTo("NOT_FOUND"));
        given().auth().oauth2(ADMIN).delete("/generic/files/mutable/a.txt").then().statusCode(404);
    }

    @Test
    void folderListingShowsDirectChildren() {
        put(ADMIN, TestRepositories.FILES, "tree/a.txt", "a".getBytes()).then().statusCode(201);
        put(ADMIN, TestRepositories.FILES, "tree/sub/b.txt", "bb".getBytes()).then().statusCode(201);
        put(ADMIN, TestRepositories.FILES, "tree/sub/deeper/c.txt", "ccc".getBytes()).then().statusCode(201);

        given().auth().oauth2(ADMIN).get("/generic/files/tree/").then().statusCode(200)
                .body("repository", equalTo("files"))
                .body("path", equalTo("tree/"))
                .body("children.name", equalTo(List.of("a.txt", "sub")))
                .body("children.find { it.name == 'a.txt' }.size", equalTo(1))
                .body("children.find { it.name == 'sub' }.folder", equalTo(true));
        // Without the trailing slash a folder still lists.
        given().auth().oauth2(ADMIN).get("/generic/files/tree/sub").then().statusCode(200)
                .body("children.name", equalTo(List.of("b.txt", "deeper")));
        given().auth().oauth2(ADMIN).get("/generic/files/no-such-folder/").then().statusCode(404);
    }

    @Test
    void immutableRepositoryRefusesOverwrite() {
        put(ADMIN, TestRepositories.RELEASES, "app/1.0/app.tar", "v1".getBytes()).then().statusCode(201);
        put(ADMIN, TestRepositories.RELEASES, "app/1.0/app.tar", "tampered".getBytes()).then().statusCode(409)
                .body("errors[0].code", equalTo("IMMUTABLE"))
                .body("errors[0].message", containsString("immutable"));
        given().auth().oauth2(ADMIN).get("/generic/releases/app/1.0/app.tar").then().body(equalTo("v1"));

        put(ADMIN, TestRepositories.MIXED, "snapshot/x.bin", "1".getBytes()).then().statusCode(201);
        put(ADMIN, TestRepositories.MIXED, "snapshot/x.bin", "2".getBytes()).then().statusCode(201);
        put(ADMIN, TestRepositories.MIXED, "release/x.bin", "1".getBytes()).then().statusCode(201);
        put(ADMIN, TestRepositories.MIXED, "release/x.bin", "2".getBytes()).then().statusCode(409);
    }

    @Test
    void writerCannotDeleteFromImmutableRepositoryButAdminCan() {
        String writer = Tokens.issue("release-writer", TestRepositories.RELEASES, "writer");
        put(writer, TestRepositories.RELEASES, "lib/2.0/lib.jar", "jar".getBytes()).then().statusCode(201);
        given().auth().oauth2(writer).delete("/generic/releases/lib/2.0/lib.jar").then().statusCode(403);
        given().auth().oauth2(ADMIN).delete("/generic/releases/lib/2.0/lib.jar").then().statusCode(204);
    }

    @Test
    void missingRepositoryAndWrongFormatAre404InJson() {
        given().auth().oauth2(ADMIN).get("/generic/nope/a.txt").then().statusCode(404)
                .contentType("application/json")
                .body("errors[0].code", equalTo("REPOSITORY_UNKNOWN"));
        given().auth().oauth2(ADMIN).get("/generic/" + TestRepositories.MAVEN + "/a.txt").then().statusCode(404);
    }

    @Test
    void unsupportedMethodIs405WithAllow() {
        given().auth().oauth2(ADMIN).post("/generic/files/x.txt").then().statusCode(405)
                .header("Allow", containsString("PUT"));
    }

    @Test
    void metadataAndAuditRecordTheWriter() {
        String ci = Tokens.issue("ci-bot", TestRepositories.FILES, "writer");
        put(ci, TestRepositories.FILES, "audited/x.txt", "x".getBytes()).then().statusCode(201)
                .body("createdBy", equalTo("ci-bot"));
        given().auth().oauth2(ADMIN).queryParam("repository", "files").queryParam("actor", "ci-bot")
                .get("/api/v1/audit").then().statusCode(200)
                .body("path", hasItem("audited/x.txt"))
                .body("find { it.path == 'audited/x.txt' }.outcome", equalTo("allowed"))
                .body("find { it.path == 'audited/x.txt' }.action", equalTo("write"));
    }

    @Test
    void usageEndpointCountsArtifacts() {
        put(ADMIN, TestRepositories.PUBLIC, "u/one.bin", new byte[100]).then().statusCode(201);
        given().auth().oauth2(ADMIN).get("/api/v1/repositories/public-files").then().statusCode(200)
                .body("repository.format", equalTo("generic"))
                .body("artifacts", equalTo(1))
                .body("bytes", equalTo(100));
        given().auth().oauth2(ADMIN).get("/api/v1/repositories/nope").then().statusCode(404)
                .body("errors[0].code", equalTo("REPOSITORY_UNKNOWN"))
                .body("errors[0].message", containsString("nope"))
                .body("requestId", org.hamcrest.Matchers.notNullValue())
                .body("errors[0].status", equalTo(404))
                .body("errors[1]", nullValue());
    }
}
