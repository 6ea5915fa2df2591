package io.granary.registry.maven;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.TestRepositories;
import io.granary.registry.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Maven layout end to end through HTTP, on real PostgreSQL and a real filesystem store. */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class MavenRepositoryTest {

    static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    static final String RELEASES = TestRepositories.MAVEN_RELEASES;
    static final String SNAPSHOTS = TestRepositories.MAVEN_SNAPSHOTS;
    static final String MIXED = TestRepositories.MAVEN_MIXED;

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    static Response put(String repo, String path, byte[] body) {
        return given().auth().preemptive().basic("deployer", ADMIN).body(body).put("/maven/" + repo + "/" + path);
    }

    static Response get(String repo, String path) {
        return given().auth().preemptive().basic("reader", ADMIN).get("/maven/" + repo + "/" + path);
    }

    static byte[] pom(String groupId, String artifactId, String version) {
        return ("<?xml version=\"1.0\"?>\n<project><modelVersion>4.0.0</modelVersion><groupId>" + groupId
                + "</groupId><artifactId>" + artifactId + "</artifactId><version>" + version
                + "</version></project>\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void releaseArtifactIsServedWithEveryChecksum() throws Exception {
        byte[] jar = bytes("not really a jar, but bytes\n");
        put(RELEASES, "org/example/core/1.0/core-1.0.jar", jar).then().statusCode(201);
        put(RELEASES, "org/example/core/1.0/core-1.0.pom", pom("org.example", "core", "1.0")).then().statusCode(201);

        Response got = get(RELEASES, "org/example/core/1.0/core-1.0.jar");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.asByteArray()).isEqualTo(jar);
        assertThat(got.header("X-Checksum-Sha1")).isEqualTo(hex("SHA-1", jar));
        assertThat(got.header("X-Checksum-Md5")).isEqualTo(hex("MD5", jar));
        assertThat(got.header("X-Checksum-Sha256")).isEqualTo(hex("SHA-256", jar));
        for (String[] sum : new String[][] {{"sha1", "SHA-1"}, {"md5", "MD5"}, {"sha256", "SHA-256"}, {"sha512", "SHA-512"}}) {
            get(RELEASES, "org/example/core/1.0/core-1.0.jar." + sum[0]).then().statusCode(200);
            assertThat(get(RELEASES, "org/example/core/1.0/core-1.0.jar." + sum[0]).asString())
                    .isEqualTo(hex(sum[1], jar));
        }
        given().auth().preemptive().basic("reader", ADMIN).head("/maven/" + RELEASES + "/org/example/core/1.0/core-1.0.jar")
                .then().statusCode(200).header("Content-Length", String.valueOf(jar.length));
        get(RELEASES, "org/example/core/1.0/core-1.0-sources.jar").then().statusCode(404);
        get(RELEASES, "org/example/core/1.0/core-1.0-sources.jar.sha1").then().statusCode(404);
        get(RELEASES, "org/example/nothing/maven-metadata.xml").then().statusCode(404);
    }

    @Test
    void uploadedChecksumsAreVerifiedAgainstTheStoredFile() throws Exception {
        byte[] jar = bytes("checksummed content\n");
        String path = "org/example/sums/1.0/sums-1.0.jar";
        put(RELEASES, path, jar).then().statusCode(201);
        put(RELEASES, path + ".sha1", bytes(hex("SHA-1", jar))).then().statusCode(201);
        put(RELEASES, path + ".md5", bytes(hex("MD5", jar) + "  sums-1.0.jar\n")).then().statusCode(201);
        // Checksums are exempt from immutability: Maven may upload them again.
        put(RELEASES, path + ".sha1", bytes(hex("SHA-1", jar))).then().statusCode(201);

        Response wrong = put(RELEASES, path + ".sha1", bytes(hex("SHA-1", bytes("other"))));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.asString()).contains("CHECKSUM_MISMATCH");
        assertThat(get(RELEASES, path + ".sha1").asString()).isEqualTo(hex("SHA-1", jar));
        assertThat(get(RELEASES, path).asByteArray()).isEqualTo(jar);

        put(RELEASES, path + ".sha256", bytes("xyz")).then().statusCode(400);
        put(RELEASES, "org/example/sums/1.0/sums-1.0-javadoc.jar.sha1", bytes(hex("SHA-1", jar))).then().statusCode(400);
    }

    @Test
    void releasesAreImmutable() {
        String path = "org/example/fixed/2.0/fixed-2.0.jar";
        put(RELEASES, path, bytes("first")).then().statusCode(201);
        Response again = put(RELEASES, path, bytes("second"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.statusLine()).contains("already released and releases are immutable");
        assertThat(again.asString()).contains("RELEASE_EXISTS");
        assertThat(get(RELEASES, path).asString()).isEqualTo("first");
        // Metadata is exempt: every deploy of a new version sends it again.
        byte[] metadata = bytes("<metadata><groupId>org.example</groupId><artifactId>fixed</artifactId></metadata>");
        put(RELEASES, "org/example/fixed/maven-metadata.xml", metadata).then().statusCode(201);
        put(RELEASES, "org/example/fixed/maven-metadata.xml", metadata).then().statusCode(201);
    }

    @Test
    void snapshotsAreRebuildable() {
        String path = "org/example/snap/1.0-SNAPSHOT/snap-1.0-20260101.000000-1.jar";
        put(SNAPSHOTS, path, bytes("one")).then().statusCode(201);
        put(SNAPSHOTS, path, bytes("two")).then().statusCode(201);
        assertThat(get(SNAPSHOTS, path).asString()).isEqualTo("two");
    }

    @Test
    void versionPolicyIsEnforced() {
        Response snapshotInRelease = put(RELEASES, "org/example/p/1.0-SNAPSHOT/p-1.0-20260101.000000-1.jar", bytes("x"));
        assertThat(snapshotInRelease.statusCode()).isEqualTo(400);
        assertThat(snapshotInRelease.asString()).contains("VERSION_POLICY", "release versions only");
        put(RELEASES, "org/example/p/1.0-SNAPSHOT/maven-metadata.xml", bytes("<metadata/>")).then().statusCode(400);
        Response releaseInSnapshots = put(SNAPSHOTS, "org/example/p/1.0/p-1.0.jar", bytes("x"));
        assertThat(releaseInSnapshots.statusCode()).isEqualTo(400);
        assertThat(releaseInSnapshots.asString()).contains("SNAPSHOT versions only");
        get(SNAPSHOTS, "org/example/p/1.0/p-1.0.jar").then().statusCode(404);
        put(MIXED, "org/example/p/1.0/p-1.0.jar", bytes("x")).then().statusCode(201);
        put(MIXED, "org/example/p/1.0-SNAPSHOT/p-1.0-20260101.000000-1.jar", bytes("x")).then().statusCode(201);
    }

    @Test
    void releasedPomMustBeXml() {
        Response notXml = put(RELEASES, "org/example/bad/1.0/bad-1.0.pom", bytes("{\"this\": \"is json\"}"));
        assertThat(notXml.statusCode()).isEqualTo(400);
        assertThat(notXml.asString()).contains("POM_INVALID");
        put(RELEASES, "org/example/bad/1.0/bad-1.0.pom", bytes("<metadata/>")).then().statusCode(400);
        put(RELEASES, "org/example/bad/1.0/bad-1.0.pom",
                bytes("<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><project>&x;</project>"))
                .then().statusCode(400);
        get(RELEASES, "org/example/bad/1.0/bad-1.0.pom").then().statusCode(404);
        get(RELEASES, "org/example/bad/maven-metadata.xml").then().statusCode(404);
        put(RELEASES, "org/example/bad/1.0/bad-1.0.pom", pom("org.example", "bad", "1.0")).then().statusCode(201);
    }

    @Test
    void pathsOutsideTheLayoutAreRefused() {
        for (String path : List.of("lonely/1.0/lonely-1.0.jar", "org/example/a/1.0/b-1.0.jar",
                "org/example/a/1.0/a-2.0.jar", "org/example/a/1.0/notes.txt", "org/example/a/1.0/",
                "org/example/a/1.0/a-1.0", "org/%2e%2e/a/1.0/a-1.0.jar")) {
            Response response = put(MIXED, path, bytes("x"));
            assertThat(response.statusCode()).as(path).isEqualTo(400);
        }
        get(MIXED, "org/example/a/1.0/notes.txt").then().statusCode(404);
    }

    @Test
    void artifactMetadataIsRenderedFromStoredVersions() throws Exception {
        String base = "org/example/meta/";
        for (String version : List.of("1.10", "1.2", "1.9", "2.0-SNAPSHOT")) {
            String file = version.endsWith("SNAPSHOT") ? "meta-2.0-20260101.000000-1" : "meta-" + version;
            put(MIXED, base + version + "/" + file + ".jar", bytes(version)).then().statusCode(201);
        }
        // What the client sends is checked but the server's rendering is served.
        put(MIXED, base + "maven-metadata.xml", bytes("not xml")).then().statusCode(400);
        put(MIXED, base + "maven-metadata.xml", bytes("<metadata><versioning><versions><version>9</version>"
                + "</versions></versioning></metadata>")).then().statusCode(201);
        put(MIXED, base + "maven-metadata.xml.sha1", bytes(hex("SHA-1", bytes("whatever")))).then().statusCode(201);

        Response metadata = given().get("/maven/" + MIXED + "/" + base + "maven-metadata.xml");
        assertThat(metadata.statusCode()).isEqualTo(200);
        String xml = metadata.asString();
        assertThat(xml).contains("<groupId>org.example</groupId>", "<artifactId>meta</artifactId>",
                "<latest>2.0-SNAPSHOT</latest>", "<release>1.10</release>", "<lastUpdated>")
                .doesNotContain("<version>9</version>");
        assertThat(xml.indexOf("<version>1.2</version>")).isLessThan(xml.indexOf("<version>1.9</version>"));
        assertThat(xml.indexOf("<version>1.9</version>")).isLessThan(xml.indexOf("<version>1.10</version>"));
        byte[] body = metadata.asByteArray();
        assertThat(metadata.header("X-Checksum-Sha1")).isEqualTo(hex("SHA-1", body));
        assertThat(given().get("/maven/" + MIXED + "/" + base + "maven-metadata.xml.sha1").asString())
                .isEqualTo(hex("SHA-1", body));
        assertThat(given().get("/maven/" + MIXED + "/" + base + "maven-metadata.xml.md5").asString())
                .isEqualTo(hex("MD5", body));
        assertThat(given().get("/maven/" + MIXED + "/" + base + "maven-metadata.xml").asByteArray()).isEqualTo(body);
    }

    @Test
    void snapshotMetadataNamesTheNewestBuildPerFile() {
        String dir = "org/example/nightly/1.0-SNAPSHOT/";
        put(SNAPSHOTS, dir + "nightly-1.0-20260101.100000-1.jar", bytes("j1")).then().statusCode(201);
        put(SNAPSHOTS, dir + "nightly-1.0-20260101.100000-1.pom", pom("org.example", "nightly", "1.0-SNAPSHOT"))
                .then().statusCode(201);
        put(SNAPSHOTS, dir + "nightly-1.0-20260101.100000-1-sources.jar", bytes("s1")).then().statusCode(201);
        put(SNAPSHOTS, dir + "nightly-1.0-20260102.090000-2.jar", bytes("j2")).then().statusCode(201);
        put(SNAPSHOTS, dir + "nightly-1.0-20260102.090000-2.pom", pom("org.example", "nightly", "1.0-SNAPSHOT"))
                .then().statusCode(201);

        String xml = get(SNAPSHOTS, dir + "maven-metadata.xml").asString();
        assertThat(xml).contains("<version>1.0-SNAPSHOT</version>", "<timestamp>20260102.090000</timestamp>",
                "<buildNumber>2</buildNumber>", "<value>1.0-20260102.090000-2</value>",
                "<classifier>sources</classifier>", "<value>1.0-20260101.100000-1</value>");
        assertThat(get(SNAPSHOTS, "org/example/nightly/maven-metadata.xml").asString())
                .contains("<latest>1.0-SNAPSHOT</latest>").doesNotContain("<release>");

        given().auth().preemptive().basic("deployer", ADMIN)
                .delete("/maven/" + SNAPSHOTS + "/" + dir + "nightly-1.0-20260102.090000-2.jar").then().statusCode(204);
        assertThat(get(SNAPSHOTS, dir + "maven-metadata.xml").asString())
                .contains("<extension>jar</extension>\n        <value>1.0-20260101.100000-1</value>");
    }

    @Test
    void concurrentDeploysAllAppearInTheMetadata() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String version = "3." + i;
                statuses.add(pool.submit(() -> put(MIXED, "org/example/race/" + version + "/race-" + version + ".jar",
                        bytes(version)).statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        String xml = given().get("/maven/" + MIXED + "/org/example/race/maven-metadata.xml").asString();
        for (int i = 0; i < 16; i++) {
            assertThat(xml).contains("<version>3." + i + "</version>");
        }
        assertThat(xml).contains("<latest>3.15</latest>", "<release>3.15</release>");
    }

    @Test
    void groupPluginMetadataIsKeptAsSent() throws Exception {
        byte[] plugins = bytes("<?xml version=\"1.0\"?><metadata><plugins><plugin><name>Demo</name><prefix>demo</prefix>"
                + "<artifactId>demo-maven-plugin</artifactId></plugin></plugins></metadata>");
        put(MIXED, "org/example/plugins/maven-metadata.xml", plugins).then().statusCode(201);
        Response served = get(MIXED, "org/example/plugins/maven-metadata.xml");
        assertThat(served.asByteArray()).isEqualTo(plugins);
        assertThat(get(MIXED, "org/example/plugins/maven-metadata.xml.sha1").asString()).isEqualTo(hex("SHA-1", plugins));
    }

    @Test
    void credentialsAreAskedForWithABasicChallenge() {
        Response anonymous = given().body(bytes("x")).put("/maven/" + RELEASES + "/org/example/anon/1.0/anon-1.0.jar");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().getValues("WWW-Authenticate")).anyMatch(v -> v.startsWith("Basic realm="));
        given().get("/maven/" + RELEASES + "/org/example/core/1.0/core-1.0.jar").then().statusCode(401);
        given().auth().preemptive().basic("someone", "wrong-token")
                .get("/maven/" + RELEASES + "/org/example/core/1.0/core-1.0.jar").then().statusCode(401);
        String reader = Tokens.issue("maven-reader", RELEASES, "reader");
        given().auth().preemptive().basic("ci", reader).body(bytes("x"))
                .put("/maven/" + RELEASES + "/org/example/anon/1.0/anon-1.0.jar").then().statusCode(403);
        given().get("/maven/" + MIXED + "/org/example/none/maven-metadata.xml").then().statusCode(404);
    }

    @Test
    void unknownRepositoriesAndMethods() {
        get("nope", "g/a/1.0/a-1.0.jar").then().statusCode(404);
        get(TestRepositories.FILES, "g/a/1.0/a-1.0.jar").then().statusCode(404);
        given().auth().preemptive().basic("x", ADMIN).post("/maven/" + MIXED + "/g/a/1.0/a-1.0.jar").then().statusCode(405);
    }
}
