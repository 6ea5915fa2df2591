package io.granary.registry.lifecycle.replication;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.granary.registry.GranaryMain;
import io.granary.registry.lifecycle.LifecycleRepositories;
import io.granary.registry.npm.NpmFixtures;
import io.granary.registry.proxy.UpstreamRefusedException;
import io.granary.registry.pypi.PythonDistributions;
import io.granary.registry.testsupport.Archives;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replication of Maven, npm, PyPI and Helm repositories through each format's own API, between repositories of a real
 * runtime (PostgreSQL, blob store). Per format: a replicate process throttled and killed (SIGKILL) once some versions
 * arrived, a resumed run that ends with every version in the target's own metadata and identical digests, and a
 * further run that copies nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class ReplicationFormatsTest {

    private static final String ADMIN = GranaryTestResources.ADMIN_TOKEN;
    private static final int VERSIONS = 6;
    /** Random (incompressible) bytes in each version, so the throttled first run takes seconds and can be killed midway. */
    private static final int PAYLOAD = 256 * 1024;
    private static final String SIMPLE_JSON = "application/vnd.pypi.simple.v1+json";

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void repositories() {
        LifecycleRepositories.declarePairs("replication-formats.yaml", "repl", List.of("maven", "npm", "pypi", "helm"));
    }

    @Test
    void mavenFilesArriveAndTheTargetRendersTheirMetadata() throws Exception {
        LifecycleRepositories.awaitServed("repl-maven-src", "repl-maven-dst");
        String folder = "/com/acme/repl/lib/";
        Random random = new Random(1);
        for (int i = 0; i < VERSIONS; i++) {
            String v = "1." + i;
            put("/maven/repl-maven-src" + folder + v + "/lib-" + v + ".jar", payload(random));
            put("/maven/repl-maven-src" + folder + v + "/lib-" + v + ".pom", bytes("<project><modelVersion>4.0.0</modelVersion><groupId>com.acme"
                    + ".repl</groupId><artifactId>lib</artifactId><version>" + v + "</version></project>"));
        }
        IntSupplier arrived = () -> {
            int n = 0;
            for (int i = 0; i < VERSIONS; i++) {
                n += given().auth().oauth2(ADMIN).head("/maven/repl-maven-dst" + folder + "1." + i + "/lib-1." + i + ".jar").statusCode() == 200 ? 1 : 0;
            }
            return n;
        };
        killMidwayThenResume("maven", arrived);

        String metadata = given().auth().oauth2(ADMIN).get("/maven/repl-maven-dst" + folder + "maven-metadata.xml").then().statusCode(200)
                .extract().asString();
        for (int i = 0; i < VERSIONS; i++) {
            assertThat(metadata).contains("<version>1." + i + "</version>");
            String jar = folder + "1." + i + "/lib-1." + i + ".jar";
            assertThat(sha1("/maven/repl-maven-dst" + jar)).isEqualTo(sha1("/maven/repl-maven-src" + jar));
        }
        assertThat(metadata).contains("<release>1." + (VERSIONS - 1) + "</release>");
        assertNothingLeftToCopy("maven");
    }

    @Test
    void npmVersionsArePublishedWithTheirDistTags() throws Exception {
        LifecycleRepositories.awaitServed("repl-npm-src", "repl-npm-dst");
        Random random = new Random(2);
        for (int i = 0; i < VERSIONS; i++) {
            String v = "1.0." + i;
            byte[] tarball = Archives.tarGz(Map.of("package/package.json", bytes("{\"name\":\"repl-pkg\",\"version\":\"" + v + "\"}"),
                    "package/blob.bin", payload(random)));
            NpmFixtures.put(ADMIN, "repl-npm-src", "repl-pkg", NpmFixtures.publishDocument("repl-pkg", v, tarball, "latest"))
                    .then().statusCode(org.hamcrest.Matchers.lessThan(300));
        }
        given().auth().oauth2(ADMIN).contentType("application/json").body("\"1.0.2\"")
                .put("/npm/repl-npm-src/-/package/repl-pkg/dist-tags/stable").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        IntSupplier arrived = () -> {
            var r = given().auth().oauth2(ADMIN).get("/npm/repl-npm-dst/repl-pkg");
            return r.statusCode() == 200 ? r.jsonPath().getMap("versions").size() : 0;
        };
        killMidwayThenResume("npm", arrived);

        var source = given().auth().oauth2(ADMIN).get("/npm/repl-npm-src/repl-pkg").then().statusCode(200).extract().jsonPath();
        var target = given().auth().oauth2(ADMIN).get("/npm/repl-npm-dst/repl-pkg").then().statusCode(200).extract().jsonPath();
        assertThat(target.getMap("versions").keySet()).hasSize(VERSIONS).isEqualTo(source.getMap("versions").keySet());
        assertThat(target.getMap("dist-tags")).isEqualTo(Map.of("latest", "1.0." + (VERSIONS - 1), "stable", "1.0.2"));
        for (int i = 0; i < VERSIONS; i++) {
            String integrity = "versions.'1.0." + i + "'.dist.integrity";
            assertThat(target.getString(integrity)).isEqualTo(source.getString(integrity));
        }
        assertNothingLeftToCopy("npm");
    }

    @Test
    void pypiFilesAreUploadedAndListedInTheTargetsIndex() throws Exception {
        LifecycleRepositories.awaitServed("repl-pypi-src", "repl-pypi-dst");
        Random random = new Random(3);
        for (int i = 0; i < VERSIONS; i++) {
            String v = "1." + i;
            String info = "repl_pkg-" + v + ".dist-info/";
            byte[] wheel = Archives.zip(Map.of("repl_pkg/__init__.py", bytes("VALUE = 1\n"), "repl_pkg/blob.bin", payload(random),
                    info + "METADATA", bytes(PythonDistributions.metadata("repl-pkg", v, ">=3.8")),
                    info + "WHEEL", bytes("Wheel-Version: 1.0\nGenerator: granary-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
                    info + "RECORD", bytes("")));
            given().auth().preemptive().basic("__token__", ADMIN).multiPart(":action", "file_upload").multiPart("protocol_version", "1")
                    .multiPart("content", "repl_pkg-" + v + "-py3-none-any.whl", wheel, "application/octet-stream")
                    .post("/pypi/repl-pypi-src/").then().statusCode(200);
        }
        IntSupplier arrived = () -> {
            int n = 0;
            for (int i = 0; i < VERSIONS; i++) {
                n += given().auth().oauth2(ADMIN).head("/pypi/repl-pypi-dst/files/repl-pkg/repl_pkg-1." + i + "-py3-none-any.whl")
                        .statusCode() == 200 ? 1 : 0;
            }
            return n;
        };
        killMidwayThenResume("pypi", arrived);

        assertThat(pypiFiles("repl-pypi-dst")).hasSize(VERSIONS).isEqualTo(pypiFiles("repl-pypi-src"));
        assertNothingLeftToCopy("pypi");
    }

    @Test
    void helmChartsArriveWithTheirProvenanceAndTheTargetIndexesThem() throws Exception {
        LifecycleRepositories.awaitServed("repl-helm-src", "repl-helm-dst");
        Random random = new Random(4);
        for (int i = 0; i < VERSIONS; i++) {
            String v = "0." + i + ".0";
            byte[] chart = Archives.tarGz(Map.of("replchart/Chart.yaml", bytes("apiVersion: v2\nname: replchart\nversion: " + v + "\n"),
                    "replchart/files/blob.bin", payload(random)));
            put("/helm/repl-helm-src/charts/replchart-" + v + ".tgz", chart);
        }
        byte[] provenance = bytes("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nname: replchart\n-----BEGIN PGP SIGNATURE-----\n"
                + "-----END PGP SIGNATURE-----\n");
        put("/helm/repl-helm-src/charts/replchart-0.1.0.tgz.prov", provenance);
        IntSupplier arrived = () -> helmDigests("repl-helm-dst").size();
        killMidwayThenResume("helm", arrived);

        assertThat(helmDigests("repl-helm-dst")).hasSize(VERSIONS).isEqualTo(helmDigests("repl-helm-src"));
        String index = given().auth().oauth2(ADMIN).get("/helm/repl-helm-dst/index.yaml").then().statusCode(200).extract().asString();
        for (int i = 0; i < VERSIONS; i++) {
            assertThat(index).contains("replchart-0." + i + ".0.tgz");
        }
        assertThat(given().auth().oauth2(ADMIN).get("/helm/repl-helm-dst/charts/replchart-0.1.0.tgz.prov").then().statusCode(200)
                .extract().asByteArray()).isEqualTo(provenance);
        assertNothingLeftToCopy("helm");
    }

    @Test
    void loopbackAndMetadataAddressesAreRefusedBeforeAnyRequest() throws Exception {
        ReplicateOptions loopback = options("generic", "nowhere-src", "nowhere-dst", false);
        assertThatThrownBy(() -> new Replicator(loopback).run()).isInstanceOf(UpstreamRefusedException.class)
                .hasMessageContaining("loopback or link-local");
        ReplicateOptions metadata = new ReplicateOptions("generic",
                new ReplicateOptions.Endpoint(URI.create("http://169.254.169.254"), "x", Optional.empty(), true),
                options("generic", "a", "b", true).target(), 1, 0, List.of(), List.of(), 1, Optional.empty());
        assertThatThrownBy(() -> new Replicator(metadata).run()).isInstanceOf(UpstreamRefusedException.class)
                .hasMessageContaining("metadata");
        assertThat(ReplicateOptions.parse(new String[] {"--format", "helm", "--source-url", "http://127.0.0.1:1", "--source-repository", "a",
                "--target-url", "http://127.0.0.1:2", "--target-repository", "b", "--target-allow-private-addresses", "true"}, Map.of()))
                .satisfies(o -> {
                    assertThat(o.source().allowPrivateAddresses()).isFalse();
                    assertThat(o.target().allowPrivateAddresses()).isTrue();
                });
    }

    /**
     * A real replicate process, throttled to 256 KiB/s, killed once at least two versions arrived; then a run in this JVM
     * that finishes without failures.
     */
    private void killMidwayThenResume(String format, IntSupplier arrived) throws Exception {
        String url = baseUrl();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GranaryMain.class.getName(), "replicate",
                "--format", format, "--source-url", url, "--source-repository", "repl-" + format + "-src",
                "--target-url", url, "--target-repository", "repl-" + format + "-dst", "--concurrency", "1", "--bandwidth", "262144",
                "--source-allow-private-addresses", "true", "--target-allow-private-addresses", "true")
                .redirectErrorStream(true);
        Path log = java.nio.file.Files.createTempFile("replicate-" + format, ".log");
        builder.redirectOutput(log.toFile());
        builder.environment().put("GRANARY_REPLICATE_SOURCE_TOKEN", ADMIN);
        builder.environment().put("GRANARY_REPLICATE_TARGET_TOKEN", ADMIN);
        Process process = builder.start();
        try {
            for (int i = 0; i < 1200 && arrived.getAsInt() < 2 && process.isAlive(); i++) {
                Thread.sleep(100);
            }
        } finally {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        int partial = arrived.getAsInt();
        assertThat(partial).as(format + " versions copied before the kill; the process said: " + java.nio.file.Files.readString(log))
                .isBetween(2, VERSIONS - 1);
        java.nio.file.Files.delete(log);

        ReplicationResult resumed = new Replicator(options(format, "repl-" + format + "-src", "repl-" + format + "-dst", true)).run();
        assertThat(resumed.failed()).as(String.valueOf(resumed.firstError())).isZero();
        assertThat(resumed.lagSeconds()).isZero();
        assertThat(arrived.getAsInt()).isEqualTo(VERSIONS);
    }

    private void assertNothingLeftToCopy(String format) throws Exception {
        ReplicationResult again = new Replicator(options(format, "repl-" + format + "-src", "repl-" + format + "-dst", true)).run();
        assertThat(again.failed()).as(String.valueOf(again.firstError())).isZero();
        assertThat(again.copied()).isZero();
        assertThat(again.skipped()).isPositive();
    }

    private ReplicateOptions options(String format, String from, String to, boolean allowPrivate) {
        var auth = Optional.of("Bearer " + ADMIN);
        URI url = URI.create(baseUrl());
        return new ReplicateOptions(format, new ReplicateOptions.Endpoint(url, from, auth, allowPrivate),
                new ReplicateOptions.Endpoint(url, to, auth, allowPrivate), 2, 0, List.of(), List.of(), 3, Optional.empty());
    }

    private String baseUrl() {
        String url = base.toString();
        return url.substring(0, url.length() - 1);
    }

    /** filename → sha256 in the repository's PEP 691 index of repl-pkg. */
    private static Map<String, String> pypiFiles(String repository) {
        var r = given().auth().oauth2(ADMIN).accept(SIMPLE_JSON).get("/pypi/" + repository + "/simple/repl-pkg/");
        Map<String, String> files = new TreeMap<>();
        if (r.statusCode() == 200) {
            List<Map<String, Object>> list = r.jsonPath().getList("files");
            list.forEach(f -> files.put((String) f.get("filename"), (String) ((Map<?, ?>) f.get("hashes")).get("sha256")));
        }
        return files;
    }

    /** version → digest of replchart in the repository's chart API. */
    private static Map<String, String> helmDigests(String repository) {
        var r = given().auth().oauth2(ADMIN).get("/helm/" + repository + "/api/charts/replchart");
        Map<String, String> versions = new TreeMap<>();
        if (r.statusCode() == 200) {
            List<Map<String, Object>> list = r.jsonPath().getList("$");
            list.forEach(v -> versions.put((String) v.get("version"), (String) v.get("digest")));
        }
        return versions;
    }

    private static void put(String path, byte[] body) {
        given().auth().oauth2(ADMIN).body(body).put(path).then().statusCode(org.hamcrest.Matchers.anyOf(
                org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    private static String sha1(String path) throws Exception {
        byte[] body = given().auth().oauth2(ADMIN).get(path).then().statusCode(200).extract().asByteArray();
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
    }

    private static byte[] payload(Random random) {
        byte[] b = new byte[PAYLOAD];
        random.nextBytes(b);
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
