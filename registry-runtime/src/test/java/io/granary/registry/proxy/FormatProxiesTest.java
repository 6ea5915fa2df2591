package io.granary.registry.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.Archives;
import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maven, PyPI and Helm proxies against a real nginx upstream on loopback: checksums the upstream
 * publishes are enforced, metadata follows its TTL, URLs are rewritten to point back at Granary, and
 * the real pip and helm clients resolve through the proxies.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class FormatProxiesTest {

    private static NginxUpstream upstream;

    @TempDir
    Path work;

    @BeforeEach
    void declare() {
        if (upstream != null) {
            return;
        }
        upstream = new NginxUpstream().start();
        String yaml = ProxyCatalog.proxy("maven-proxy", "maven", upstream.url() + "maven/", "1s", false, "")
                + ProxyCatalog.proxy("pypi-proxy", "pypi", upstream.url() + "pypi/", "1h", false, "")
                + ProxyCatalog.proxy("helm-proxy", "helm", upstream.url() + "helm/", "1h", false, "");
        ProxyCatalog.declare("format-proxies.yaml", yaml, Map.of("maven-proxy", "/maven/maven-proxy/",
                "pypi-proxy", "/pypi/pypi-proxy/", "helm-proxy", "/helm/helm-proxy/"));
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    @Test
    void mavenFilesAreCheckedAgainstTheUpstreamSha1() throws Exception {
        byte[] jar = "jar bytes".getBytes(StandardCharsets.UTF_8);
        upstream.put("maven/org/acme/lib/1.0/lib-1.0.jar", jar);
        upstream.put("maven/org/acme/lib/1.0/lib-1.0.jar.sha1", hex("SHA-1", jar) + "  lib-1.0.jar\n");
        Response cold = given().get("/maven/maven-proxy/org/acme/lib/1.0/lib-1.0.jar");
        assertThat(cold.statusCode()).isEqualTo(200);
        assertThat(cold.asByteArray()).isEqualTo(jar);
        assertThat(cold.header("X-Checksum-Sha1")).isEqualTo(hex("SHA-1", jar));
        // The cold answer may end before its copy is committed; a request in between follows the same transfer.
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> "hit".equals(
                given().get("/maven/maven-proxy/org/acme/lib/1.0/lib-1.0.jar").header(ProxyResponder.CACHE_HEADER)));
        assertThat(upstream.requests("/maven/org/acme/lib/1.0/lib-1.0.jar")).isEqualTo(1);

        upstream.put("maven/org/acme/lib/1.1/lib-1.1.jar", "tampered".getBytes(StandardCharsets.UTF_8));
        upstream.put("maven/org/acme/lib/1.1/lib-1.1.jar.sha1", hex("SHA-1", jar));
        for (int i = 0; i < 2; i++) {
            Response corrupt = given().get("/maven/maven-proxy/org/acme/lib/1.1/lib-1.1.jar");
            assertThat(corrupt.statusCode()).isEqualTo(502);
        }
        assertThat(upstream.requests("/maven/org/acme/lib/1.1/lib-1.1.jar")).isEqualTo(2);
    }

    @Test
    void aMavenFileWithoutAPublishedSha1StillServesItsSha1() throws Exception {
        byte[] jar = "jar without a checksum file".getBytes(StandardCharsets.UTF_8);
        upstream.put("maven/org/acme/bare/1.0/bare-1.0.jar", jar);
        assertThat(given().get("/maven/maven-proxy/org/acme/bare/1.0/bare-1.0.jar").asByteArray()).isEqualTo(jar);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> "hit".equals(
                given().get("/maven/maven-proxy/org/acme/bare/1.0/bare-1.0.jar").header(ProxyResponder.CACHE_HEADER)));
        // Resolvers read the header instead of fetching a .sha1: the proxy computes it when the upstream has none.
        assertThat(given().get("/maven/maven-proxy/org/acme/bare/1.0/bare-1.0.jar").header("X-Checksum-Sha1"))
                .isEqualTo(hex("SHA-1", jar));
    }

    @Test
    void mavenMetadataFollowsItsTtl() {
        upstream.put("maven/org/acme/app/maven-metadata.xml", metadata("1.0"));
        assertThat(given().get("/maven/maven-proxy/org/acme/app/maven-metadata.xml").asString()).contains("<release>1.0<");
        upstream.put("maven/org/acme/app/maven-metadata.xml", metadata("2.0"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() ->
                given().get("/maven/maven-proxy/org/acme/app/maven-metadata.xml").asString().contains("<release>2.0<"));
    }

    @Test
    void realMavenResolvesThroughTheProxy() throws Exception {
        Assumptions.assumeMavenPresent();
        byte[] jar = Archives.zip(Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8)));
        String pom = """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                <groupId>org.acme</groupId><artifactId>dep</artifactId><version>3.0</version></project>
                """;
        upstream.put("maven/org/acme/dep/3.0/dep-3.0.jar", jar);
        upstream.put("maven/org/acme/dep/3.0/dep-3.0.jar.sha1", hex("SHA-1", jar));
        upstream.put("maven/org/acme/dep/3.0/dep-3.0.pom", pom);
        upstream.put("maven/org/acme/dep/3.0/dep-3.0.pom.sha1", hex("SHA-1", pom.getBytes(StandardCharsets.UTF_8)));
        Path project = Files.createDirectories(work.resolve("consumer"));
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                <groupId>org.acme.consumer</groupId><artifactId>consumer</artifactId><version>1</version>
                <packaging>pom</packaging>
                <repositories><repository><id>granary-proxy</id><url>http://127.0.0.1:%d/maven/maven-proxy</url>
                <releases><checksumPolicy>fail</checksumPolicy></releases></repository></repositories>
                <dependencies><dependency><groupId>org.acme</groupId><artifactId>dep</artifactId><version>3.0</version>
                </dependency></dependencies></project>
                """.formatted(RestAssured.port));
        Path local = work.resolve("local-repo");
        Path settings = work.resolve("settings.xml");
        // Plugins come from the machine's local repository as a file:// mirror of central; nothing leaves 127.0.0.1.
        Files.writeString(settings, """
                <settings><mirrors><mirror><id>machine-plugins</id><mirrorOf>central</mirrorOf><url>%s</url></mirror>
                </mirrors></settings>
                """.formatted(Assumptions.pluginRepository().toUri()));
        ClientTools.run(project, Map.of(), List.of("mvn", "-B", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + local, "org.apache.maven.plugins:maven-dependency-plugin:"
                        + System.getProperty("maven-client-test.dependency-plugin.version", "2.8") + ":resolve")).succeeded();
        assertThat(Files.readAllBytes(local.resolve("org/acme/dep/3.0/dep-3.0.jar"))).isEqualTo(jar);
    }

    @Test
    void pypiLinksPointBackAndFilesMatchTheirHash() throws Exception {
        byte[] wheel = Archives.zip(Map.of("demo/__init__.py", "X = 1\n".getBytes(StandardCharsets.UTF_8)));
        byte[] other = "not the wheel".getBytes(StandardCharsets.UTF_8);
        upstream.put("pypi/packages/ab/demo_pkg-1.0-py3-none-any.whl", wheel);
        upstream.put("pypi/packages/ab/demo_pkg-1.1-py3-none-any.whl", other);
        upstream.put("pypi/simple/demo-pkg/index.html", """
                <!DOCTYPE html><html><body>
                <a href="../../packages/ab/demo_pkg-1.0-py3-none-any.whl#sha256=%s" data-requires-python="&gt;=3">demo_pkg-1.0-py3-none-any.whl</a>
                <a href="../../packages/ab/demo_pkg-1.1-py3-none-any.whl#sha256=%s">demo_pkg-1.1-py3-none-any.whl</a>
                </body></html>
                """.formatted(hex("SHA-256", wheel), hex("SHA-256", wheel)));
        String page = given().get("/pypi/pypi-proxy/simple/Demo_Pkg/").then().statusCode(200).extract().asString();
        String base = "http://localhost:" + RestAssured.port + "/pypi/pypi-proxy/files/demo-pkg/";
        assertThat(page).contains("href=\"" + base + "demo_pkg-1.0-py3-none-any.whl#sha256=" + hex("SHA-256", wheel) + "\"")
                .contains("data-requires-python=\"&gt;=3\"").doesNotContain(upstream.url());
        assertThat(given().get("/pypi/pypi-proxy/files/demo-pkg/demo_pkg-1.0-py3-none-any.whl").asByteArray())
                .isEqualTo(wheel);
        given().get("/pypi/pypi-proxy/files/demo-pkg/demo_pkg-1.1-py3-none-any.whl").then().statusCode(502);
        given().get("/pypi/pypi-proxy/files/demo-pkg/demo_pkg-9.9-py3-none-any.whl").then().statusCode(404);
    }

    @Test
    void realPipDownloadsThroughTheProxy() throws Exception {
        Path python = ClientTools.require("python-clients/bin/python");
        byte[] wheel = Archives.zip(new LinkedHashMap<>(Map.of(
                "piphello/__init__.py", "V = 1\n".getBytes(StandardCharsets.UTF_8),
                "piphello-2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: piphello\nVersion: 2.0\n".getBytes(StandardCharsets.UTF_8),
                "piphello-2.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".getBytes(StandardCharsets.UTF_8))));
        upstream.put("pypi/files/piphello-2.0-py3-none-any.whl", wheel);
        upstream.put("pypi/simple/piphello/index.html", "<html><body><a href=\"/pypi/files/piphello-2.0-py3-none-any.whl#sha256="
                + hex("SHA-256", wheel) + "\">piphello-2.0-py3-none-any.whl</a></body></html>");
        Path out = work.resolve("downloads");
        ClientTools.run(work, Map.of(), List.of(python.getParent().resolve("pip").toString(), "download", "--no-deps",
                "--disable-pip-version-check", "--no-cache-dir", "-d", out.toString(),
                "--index-url", "http://127.0.0.1:" + RestAssured.port + "/pypi/pypi-proxy/simple/", "piphello")).succeeded();
        assertThat(Files.readAllBytes(out.resolve("piphello-2.0-py3-none-any.whl"))).isEqualTo(wheel);
    }

    @Test
    void helmIndexPointsBackAndChartsMatchTheirDigest() throws Exception {
        byte[] chart = Archives.tarGz(new LinkedHashMap<>(Map.of(
                "hello/Chart.yaml", "apiVersion: v2\nname: hello\nversion: 0.1.0\n".getBytes(StandardCharsets.UTF_8),
                "hello/values.yaml", "x: 1\n".getBytes(StandardCharsets.UTF_8))));
        upstream.put("helm/charts/hello-0.1.0.tgz", chart);
        upstream.put("helm/hello-0.2.0.tgz", "corrupt".getBytes(StandardCharsets.UTF_8));
        upstream.put("helm/index.yaml", """
                apiVersion: v1
                entries:
                  hello:
                  - {name: hello, version: 0.2.0, apiVersion: v2, digest: %1$s, urls: [hello-0.2.0.tgz]}
                  - {name: hello, version: 0.1.0, apiVersion: v2, digest: %1$s, urls: ["%2$shelm/charts/hello-0.1.0.tgz"]}
                """.formatted(hex("SHA-256", chart), upstream.url()));
        String index = given().get("/helm/helm-proxy/index.yaml").then().statusCode(200).extract().asString();
        String base = "http://localhost:" + RestAssured.port + "/helm/helm-proxy/charts/";
        assertThat(index).contains(base + "hello-0.1.0.tgz").contains(base + "hello-0.2.0.tgz").doesNotContain(upstream.url());
        given().get("/helm/helm-proxy/charts/hello-0.2.0.tgz").then().statusCode(502);

        Path helm = ClientTools.require("helm-v3.22.0/helm");
        Map<String, String> env = Map.of("HELM_CONFIG_HOME", work.resolve("config").toString(),
                "HELM_CACHE_HOME", work.resolve("cache").toString(), "HELM_DATA_HOME", work.resolve("data").toString());
        ClientTools.run(work, env, List.of(helm.toString(), "repo", "add", "proxied",
                "http://127.0.0.1:" + RestAssured.port + "/helm/helm-proxy")).succeeded();
        Files.createDirectories(work.resolve("pulled"));
        ClientTools.run(work, env, List.of(helm.toString(), "pull", "proxied/hello", "--version", "0.1.0", "-d",
                work.resolve("pulled").toString())).succeeded();
        assertThat(Files.readAllBytes(work.resolve("pulled/hello-0.1.0.tgz"))).isEqualTo(chart);
    }

    private static String metadata(String release) {
        return "<metadata><groupId>org.acme</groupId><artifactId>app</artifactId><versioning><release>" + release
                + "</release><versions><version>" + release + "</version></versions></versioning></metadata>";
    }

    /** Where the machine's Maven and its plugins are; the test is skipped (outside CI) without them. */
    static final class Assumptions {
        static void assumeMavenPresent() {
            List<String> path = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
            boolean found = path.stream().anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "mvn")));
            org.junit.jupiter.api.Assumptions.assumeTrue(found, "mvn is not on the PATH");
        }

        static Path pluginRepository() {
            return Path.of(System.getProperty("maven-client-test.plugin-repository",
                    System.getProperty("user.home") + "/.m2/repository"));
        }
    }
}
