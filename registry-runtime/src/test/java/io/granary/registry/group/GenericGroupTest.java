package io.granary.registry.group;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A generic group of two hosted members through HTTP: first match, failures reported, isolation, deploy. */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class GenericGroupTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    static void put(String repo, String path, String content) {
        given().auth().oauth2(ADMIN).body(content.getBytes(StandardCharsets.UTF_8)).put("/generic/" + repo + "/" + path)
                .then().statusCode(201);
    }

    static String get(String token, String repo, String path, int status) {
        return given().auth().oauth2(token).get("/generic/" + repo + "/" + path).then().statusCode(status).extract().asString();
    }

    @Test
    void firstMemberWinsAndRangesPassThrough() {
        put("generic-a", "tools/x.txt", "alpha");
        put("generic-b", "tools/x.txt", "bravo");
        put("generic-b", "tools/y.txt", "yankee");
        assertThat(get(ADMIN, "generic-group", "tools/x.txt", 200)).isEqualTo("alpha");
        assertThat(get(ADMIN, "generic-readonly", "tools/x.txt", 200)).isEqualTo("bravo");
        assertThat(get(ADMIN, "generic-group", "tools/y.txt", 200)).isEqualTo("yankee");
        assertThat(given().auth().oauth2(ADMIN).header("Range", "bytes=1-3").get("/generic/generic-group/tools/y.txt")
                .then().statusCode(206).extract().asString()).isEqualTo("ank");
        get(ADMIN, "generic-group", "tools/z.txt", 404);
    }

    @Test
    void aFailingMemberIsReportedNotHiddenAsNotFound() throws IOException {
        String content = "bytes that will vanish " + System.nanoTime();
        put("generic-a", "broken/file.txt", content);
        deleteStoredCopies(content);
        // The member itself fails: metadata names bytes the store no longer has.
        int memberStatus = given().auth().oauth2(ADMIN).get("/generic/generic-a/broken/file.txt").statusCode();
        assertThat(memberStatus).isGreaterThanOrEqualTo(500);
        given().auth().oauth2(ADMIN).get("/generic/generic-group/broken/file.txt").then().statusCode(502);
        // Another member that has the item still serves it.
        put("generic-b", "broken/file.txt", "from b");
        assertThat(get(ADMIN, "generic-group", "broken/file.txt", 200)).isEqualTo("from b");
    }

    @Test
    void aMemberTheCallerMayNotReadStaysInvisible() {
        put("generic-a", "iso/open.txt", "open");
        put("generic-b", "iso/secret.txt", "secret");
        String onlyA = GroupTokens.reader("generic-only-a", "generic-group", "generic-a");
        assertThat(get(onlyA, "generic-group", "iso/open.txt", 200)).isEqualTo("open");
        get(onlyA, "generic-group", "iso/secret.txt", 404);
        String onlyB = GroupTokens.reader("generic-only-b", "generic-b");
        get(onlyB, "generic-group", "iso/secret.txt", 403);
    }

    @Test
    void writesGoToTheDeployMemberOr405() {
        put("generic-group", "deploy/app.bin", "deployed");
        assertThat(get(ADMIN, "generic-a", "deploy/app.bin", 200)).isEqualTo("deployed");
        get(ADMIN, "generic-b", "deploy/app.bin", 404);
        given().auth().oauth2(ADMIN).body("x").put("/generic/generic-readonly/deploy/other.bin").then().statusCode(405)
                .header("Allow", "GET, HEAD");
        get(ADMIN, "generic-a", "deploy/other.bin", 404);
        given().auth().oauth2(ADMIN).delete("/generic/generic-group/deploy/app.bin").then().statusCode(204);
        get(ADMIN, "generic-a", "deploy/app.bin", 404);
    }

    @Test
    void groupsNestedDeeperThanFourLevelsOrInACycleAnswer508() {
        put("generic-a", "nest/deep.txt", "deep");
        assertThat(get(ADMIN, "generic-nest-1", "nest/deep.txt", 200)).isEqualTo("deep");
        assertThat(get(ADMIN, "generic-nest-0", "nest/deep.txt", 508)).contains("generic-nest-1", "cycle");
        assertThat(get(ADMIN, "generic-cycle-x", "nest/deep.txt", 508)).contains("generic-cycle-y", "cycle");
        // The count is the runtime's own: a caller cannot lift the bound with a negative one.
        given().auth().oauth2(ADMIN).header(MemberClient.HOPS, "-2000000000").get("/generic/generic-cycle-x/nest/deep.txt")
                .then().statusCode(508);
    }

    private static void deleteStoredCopies(String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        List<Path> copies;
        try (Stream<Path> files = Files.walk(GranaryTestResources.blobRoot())) {
            copies = files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) == bytes.length && Arrays.equals(Files.readAllBytes(p), bytes);
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
        assertThat(copies).isNotEmpty();
        for (Path copy : copies) {
            Files.delete(copy);
        }
    }
}
