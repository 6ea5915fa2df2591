package io.granary.registry.group;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A Maven group of two hosted members through HTTP: first match, merged metadata, permissions, deploy. */
@QuarkusTest
@QuarkusTestResource(value = GroupTestResources.class, restrictToAnnotatedClass = true)
class MavenGroupTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;

    static Response put(String repo, String path, byte[] body) {
        return given().auth().preemptive().basic("deployer", ADMIN).body(body).put("/maven/" + repo + "/" + path);
    }

    static Response get(String token, String repo, String path) {
        return given().auth().preemptive().basic("reader", token).get("/maven/" + repo + "/" + path);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void readsReturnTheFirstMemberThatHasTheItem() {
        String path = "org/first/lib/1.0/lib-1.0.jar";
        put("maven-a", path, bytes("from a")).then().statusCode(201);
        put("maven-b", path, bytes("from b")).then().statusCode(201);
        put("maven-b", "org/first/lib/2.0/lib-2.0.jar", bytes("only in b")).then().statusCode(201);

        assertThat(get(ADMIN, "maven-group", path).then().statusCode(200).extract().asString()).isEqualTo("from a");
        assertThat(get(ADMIN, "maven-readonly", path).then().statusCode(200).extract().asString()).isEqualTo("from b");
        assertThat(get(ADMIN, "maven-group", "org/first/lib/2.0/lib-2.0.jar").then().statusCode(200)
                .extract().asString()).isEqualTo("only in b");
        get(ADMIN, "maven-group", "org/first/lib/3.0/lib-3.0.jar").then().statusCode(404)
                .body(containsString("no member of group maven-group"));
        given().auth().preemptive().basic("reader", ADMIN).head("/maven/maven-group/" + path).then().statusCode(200)
                .header("Content-Length", "6");
    }

    @Test
    void mavenMetadataIsTheUnionOfVersionsInMavenOrder() throws Exception {
        put("maven-a", "org/merge/core/1.9/core-1.9.jar", bytes("1.9")).then().statusCode(201);
        put("maven-a", "org/merge/core/2.0-SNAPSHOT/core-2.0-20260101.101010-1.jar", bytes("s")).then().statusCode(201);
        put("maven-b", "org/merge/core/1.10/core-1.10.jar", bytes("1.10")).then().statusCode(201);
        put("maven-b", "org/merge/core/1.2/core-1.2.jar", bytes("1.2")).then().statusCode(201);

        byte[] merged = get(ADMIN, "maven-group", "org/merge/core/maven-metadata.xml").then().statusCode(200)
                .extract().asByteArray();
        String xml = new String(merged, StandardCharsets.UTF_8);
        assertThat(xml).contains("<latest>2.0-SNAPSHOT</latest>", "<release>1.10</release>");
        assertThat(xml.indexOf("<version>1.2</version>")).isLessThan(xml.indexOf("<version>1.9</version>"));
        assertThat(xml.indexOf("<version>1.9</version>")).isLessThan(xml.indexOf("<version>1.10</version>"));
        assertThat(xml.indexOf("<version>1.10</version>")).isLessThan(xml.indexOf("<version>2.0-SNAPSHOT</version>"));
        for (String[] sum : new String[][] {{"sha1", "SHA-1"}, {"md5", "MD5"}, {"sha256", "SHA-256"}, {"sha512", "SHA-512"}}) {
            assertThat(get(ADMIN, "maven-group", "org/merge/core/maven-metadata.xml." + sum[0]).then().statusCode(200)
                    .extract().asString().strip()).as(sum[0]).isEqualTo(hex(sum[1], merged));
        }
    }

    @Test
    void aMemberTheCallerMayNotReadStaysInvisible() {
        put("maven-a", "org/iso/visible/1.0/visible-1.0.jar", bytes("a")).then().statusCode(201);
        put("maven-b", "org/iso/hidden/1.0/hidden-1.0.jar", bytes("b")).then().statusCode(201);
        put("maven-a", "org/iso/both/1.0/both-1.0.jar", bytes("a")).then().statusCode(201);
        put("maven-b", "org/iso/both/2.0/both-2.0.jar", bytes("b")).then().statusCode(201);
        String onlyA = GroupTokens.reader("maven-only-a", "maven-group", "maven-a");

        get(onlyA, "maven-group", "org/iso/visible/1.0/visible-1.0.jar").then().statusCode(200);
        get(onlyA, "maven-group", "org/iso/hidden/1.0/hidden-1.0.jar").then().statusCode(404);
        String xml = get(onlyA, "maven-group", "org/iso/both/maven-metadata.xml").then().statusCode(200)
                .extract().asString();
        assertThat(xml).contains("<version>1.0</version>").doesNotContain("2.0");
        // Reading a member does not open the group.
        String memberOnly = GroupTokens.reader("maven-member-only", "maven-a", "maven-b");
        get(memberOnly, "maven-group", "org/iso/visible/1.0/visible-1.0.jar").then().statusCode(403);
        given().get("/maven/maven-group/org/iso/visible/1.0/visible-1.0.jar").then().statusCode(401);
    }

    @Test
    void deploysGoToTheDeployMemberOr405() {
        String path = "org/deploy/app/1.0/app-1.0.jar";
        put("maven-group", path, bytes("deployed")).then().statusCode(201);
        get(ADMIN, "maven-a", path).then().statusCode(200);
        get(ADMIN, "maven-b", path).then().statusCode(404);
        put("maven-readonly", "org/deploy/app/2.0/app-2.0.jar", bytes("x")).then().statusCode(405)
                .body("errors[0].code", org.hamcrest.Matchers.equalTo("METHOD_NOT_ALLOWED"));
        get(ADMIN, "maven-a", "org/deploy/app/2.0/app-2.0.jar").then().statusCode(404);
        // The member decides: a group reader with no write on the member is refused by the member.
        String reader = GroupTokens.reader("maven-group-reader", "maven-group", "maven-a");
        given().auth().preemptive().basic("r", reader).body(bytes("x")).put("/maven/maven-group/org/deploy/app/3.0/app-3.0.jar")
                .then().statusCode(403);
    }

    @Test
    void largeFilesStreamThroughTheGroup() throws Exception {
        byte[] big = new byte[48 * 1024 * 1024];
        new Random(7).nextBytes(big);
        String path = "org/big/blob/1.0/blob-1.0.jar";
        put("maven-b", path, big).then().statusCode(201);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (InputStream in = given().auth().preemptive().basic("reader", ADMIN).get("/maven/maven-group/" + path)
                .then().statusCode(200).extract().asInputStream()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                size += n;
            }
        }
        assertThat(size).isEqualTo(big.length);
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(hex("SHA-256", big));
    }

    @Test
    void mergedMetadataRevalidatesWithIfNoneMatch() {
        put("maven-a", "org/etag/lib/1.0/lib-1.0.jar", bytes("1.0")).then().statusCode(201);
        put("maven-b", "org/etag/lib/1.1/lib-1.1.jar", bytes("1.1")).then().statusCode(201);
        ConditionalReads.assertRevalidates(etag -> {
            var request = given().auth().preemptive().basic("reader", ADMIN);
            return (etag == null ? request : request.header("If-None-Match", etag))
                    .get("/maven/maven-group/org/etag/lib/maven-metadata.xml");
        }, () -> put("maven-b", "org/etag/lib/1.2/lib-1.2.jar", bytes("1.2")).then().statusCode(201));
    }

    @Test
    void aCycleAnswers508ForItemsAndMarksMergedMetadataIncomplete() {
        put("maven-a", "org/cycle/lib/1.0/lib-1.0.jar", bytes("1.0")).then().statusCode(201);
        assertThat(get(ADMIN, "maven-cycle", "org/cycle/lib/1.0/lib-1.0.jar").then().statusCode(200).extract().asString())
                .isEqualTo("1.0");
        get(ADMIN, "maven-cycle", "org/cycle/lib/2.0/lib-2.0.jar").then().statusCode(508)
                .body(containsString("cycle"));
        Response merged = get(ADMIN, "maven-cycle", "org/cycle/lib/maven-metadata.xml");
        assertThat(merged.statusCode()).isEqualTo(200);
        assertThat(merged.asString()).contains("<version>1.0</version>");
        assertThat(merged.header(MergedRead.INCOMPLETE)).contains("maven-cycle", "508");
    }
}
