package io.granary.registry.generic;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.RawHttp;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and broken requests get a clear error and change nothing. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class GenericBadInputTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @ValueSource(strings = {
        "/generic/files/../escape.txt",
        "/generic/files/a/../../escape.txt",
        "/generic/files/%2e%2e/escape.txt",
        "/generic/files/%2E%2e%2fescape.txt",
        "/generic/files/.%2e/escape.txt",
        "/generic/files/a%2Fb.txt",
        "/generic/files/..;/escape.txt",
        "/generic/files/a/..;x/escape.txt",
        "/generic/files/a\\..\\escape.txt",
        "/generic/files/a%5c..%5cescape.txt",
        "/generic/files//etc/passwd",
        "/generic/files/a%00.txt",
        "/generic/files/a%01b.txt",
        "/generic/files/%C3%28.txt",
        "/generic/files/./a.txt",
        "/generic/../files/escape.txt"
    })
    void traversalSpellingsAre400AndWriteNothing(String rawPath) throws Exception {
        List<String> before = blobFiles();
        RawHttp.Reply reply = RawHttp.send(base.getPort(), "PUT", rawPath, ADMIN, "evil".getBytes());
        assertThat(reply.status()).as(rawPath).isEqualTo(400);
        if (!rawPath.contains("\\")) {
            // A raw backslash is refused by the HTTP decoder itself, before Granary sees the request.
            assertThat(reply.text()).contains("\"errors\"");
        }
        assertThat(blobFiles()).as("no bytes stored for " + rawPath).isEqualTo(before);
        given().auth().oauth2(ADMIN).get("/generic/files/escape.txt").then().statusCode(404);
    }

    @Test
    void overlongNamesAre400() throws Exception {
        String segment = "a".repeat(256);
        assertThat(RawHttp.send(base.getPort(), "PUT", "/generic/files/" + segment, ADMIN, "x".getBytes()).status())
                .isEqualTo(400);
        String deep = String.join("/", java.util.Collections.nCopies(70, "d")) + "/f.txt";
        assertThat(RawHttp.send(base.getPort(), "PUT", "/generic/files/" + deep, ADMIN, "x".getBytes()).status())
                .isEqualTo(400);
        String longPath = ("b".repeat(200) + "/").repeat(6) + "f.txt";
        assertThat(RawHttp.send(base.getPort(), "PUT", "/generic/files/" + longPath, ADMIN, "x".getBytes()).status())
                .isEqualTo(400);
    }

    @Test
    void checksumMismatchIs400AndLeavesNoOrphan() throws Exception {
        byte[] body = "checked content".getBytes();
        String wrongSha256 = "0".repeat(64);
        given().auth().oauth2(ADMIN).header("X-Checksum-Sha256", wrongSha256).body(body)
                .put("/generic/files/checked/a.txt").then().statusCode(400)
                .body("errors[0].code", equalTo("CHECKSUM_MISMATCH"))
                .body("errors[0].message", containsString(GenericRepositoryTest.sha256(body)));
        given().auth().oauth2(ADMIN).header("X-Checksum-Sha1", "0".repeat(40)).body(body)
                .put("/generic/files/checked/a.txt").then().statusCode(400);
        given().auth().oauth2(ADMIN).header("X-Checksum-Md5", "0".repeat(32)).body(body)
                .put("/generic/files/checked/a.txt").then().statusCode(400);
        given().auth().oauth2(ADMIN).header("X-Checksum-Sha256", "not-hex").body(body)
                .put("/generic/files/checked/a.txt").then().statusCode(400)
                .body("errors[0].code", equalTo("CHECKSUM_INVALID"));

        given().auth().oauth2(ADMIN).get("/generic/files/checked/a.txt").then().statusCode(404);
        String digest = GenericRepositoryTest.sha256(body);
        assertThat(blobFiles()).noneMatch(p -> p.endsWith(digest));
        assertThat(tmpFiles()).as("no temporary files left behind").isEmpty();

        // The right checksums are accepted and served back.
        String sha1 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(body));
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(body));
        given().auth().oauth2(ADMIN).header("X-Checksum-Sha256", GenericRepositoryTest.sha256(body))
                .header("X-Checksum-Sha1", sha1).header("X-Checksum-Md5", md5).body(body)
                .put("/generic/files/checked/a.txt").then().statusCode(201);
        given().auth().oauth2(ADMIN).get("/generic/files/checked/a.txt").then().statusCode(200)
                .header("X-Checksum-Sha1", sha1).header("X-Checksum-Md5", md5);
    }

    @Test
    void quotaExceededIs413WithTheQuota() throws Exception {
        given().auth().oauth2(ADMIN).body(new byte[600]).put("/generic/tiny/a.bin").then().statusCode(201);
        // Announced length beyond the quota: refused before the body is read.
        given().auth().oauth2(ADMIN).body(new byte[600]).put("/generic/tiny/b.bin").then().statusCode(413)
                .body("errors[0].message", containsString("1024"));
        // No length announced (chunked): refused while streaming.
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/generic/tiny/c.bin"))
                .header("Authorization", "Bearer " + ADMIN)
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[4096])))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("1024");
        given().auth().oauth2(ADMIN).get("/generic/tiny/b.bin").then().statusCode(404);
        given().auth().oauth2(ADMIN).get("/generic/tiny/c.bin").then().statusCode(404);
        // Replacing a file counts only the difference.
        given().auth().oauth2(ADMIN).body(new byte[900]).put("/generic/tiny/a.bin").then().statusCode(201);
    }

    @Test
    void tokensAreCheckedAndDenialsAudited() {
        String otherRepoWriter = Tokens.issue("other-writer", TestRepositories.RELEASES, "writer");
        String reader = Tokens.issue("files-reader", TestRepositories.FILES, "reader");
        given().auth().oauth2(ADMIN).body("x").put("/generic/files/auth/x.txt").then().statusCode(201);

        given().auth().oauth2("gra_wrong-token-0000000000000000").get("/generic/files/auth/x.txt").then()
                .statusCode(401).header("WWW-Authenticate", containsString("realm=\"Granary\""));
        given().get("/generic/files/auth/x.txt").then().statusCode(401);
        given().auth().preemptive().basic("anyone", reader).get("/generic/files/auth/x.txt").then().statusCode(200)
                .body(equalTo("x"));
        given().auth().oauth2(otherRepoWriter).get("/generic/files/auth/x.txt").then().statusCode(403)
                .body("errors[0].code", equalTo("DENIED"));
        given().auth().oauth2(reader).body("y").put("/generic/files/auth/x.txt").then().statusCode(403);
        given().auth().oauth2(ADMIN).get("/generic/files/auth/x.txt").then().body(equalTo("x"));

        given().auth().oauth2(ADMIN).queryParam("repository", "files").queryParam("outcome", "denied")
                .get("/api/v1/audit").then().statusCode(200)
                .body("actor", hasItem("files-reader"))
                .body("actor", hasItem("other-writer"))
                .body("status", hasItem(401));
        // The audit log itself is for admins only.
        given().auth().oauth2(reader).get("/api/v1/audit").then().statusCode(403);
    }

    @Test
    void anonymousReadOnlyWhereDeclared() {
        given().auth().oauth2(ADMIN).body("pub").put("/generic/public-files/p.txt").then().statusCode(201);
        given().get("/generic/public-files/p.txt").then().statusCode(200).body(equalTo("pub"));
        given().body("nope").put("/generic/public-files/p.txt").then().statusCode(401);
        given().get("/generic/releases/").then().statusCode(401);
    }

    @Test
    void concurrentPutsOfOnePathLeaveOneWholeVersion() throws Exception {
        byte[] a = new byte[3 * 1024 * 1024];
        byte[] b = new byte[3 * 1024 * 1024];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        HttpClient client = HttpClient.newHttpClient();
        for (int round = 0; round < 5; round++) {
            List<CompletableFuture<HttpResponse<String>>> puts = Stream.of(a, b).map(body -> client.sendAsync(
                    HttpRequest.newBuilder(base.resolve("/generic/files/race/file.bin"))
                            .header("Authorization", "Bearer " + ADMIN)
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString())).toList();
            for (var put : puts) {
                assertThat(put.get().statusCode()).isEqualTo(201);
            }
            byte[] served = given().auth().oauth2(ADMIN).get("/generic/files/race/file.bin").asByteArray();
            assertThat(served).satisfiesAnyOf(s -> assertThat(s).isEqualTo(a), s -> assertThat(s).isEqualTo(b));
        }
    }

    private static List<String> blobFiles() throws IOException {
        return filesUnder(GranaryTestResources.blobRoot().resolve("blobs"));
    }

    private static List<String> tmpFiles() throws IOException {
        return filesUnder(GranaryTestResources.blobRoot().resolve("tmp"));
    }

    private static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
        }
    }
}
