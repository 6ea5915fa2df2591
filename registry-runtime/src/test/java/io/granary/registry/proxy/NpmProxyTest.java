package io.granary.registry.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.Archives;
import io.granary.registry.testsupport.ClientTools;
import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An npm proxy in front of a real Verdaccio that requires a login (the token comes from the proxy's
 * Secret): packuments rewritten to point at Granary, tarballs checked against {@code dist.integrity},
 * new versions seen after the TTL, stale packuments while Verdaccio is down, and the npm CLI installing
 * through the proxy.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class NpmProxyTest {

    private static VerdaccioUpstream upstream;

    @TempDir
    Path work;

    @BeforeEach
    void declare() throws Exception {
        if (upstream != null) {
            return;
        }
        upstream = new VerdaccioUpstream().start();
        ProxyCatalog.secret("verdaccio-login", Map.of("token", upstream.token()));
        ProxyCatalog.declare("npm-proxies.yaml", ProxyCatalog.proxy("npm-proxy", "npm", upstream.url(), "1s", false,
                "credentialsSecretRef: {name: verdaccio-login}"), Map.of("npm-proxy", "/npm/npm-proxy/-/ping"));
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    static byte[] tarball(String name, String version) {
        return Archives.tarGz(new LinkedHashMap<>(Map.of("package/package.json",
                ("{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"main\":\"index.js\"}").getBytes(StandardCharsets.UTF_8),
                "package/index.js", ("module.exports = '" + version + "';\n").getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void packumentPointsBackTarballIsVerifiedAndNewVersionsAppearAfterTheTtl() throws Exception {
        byte[] v1 = tarball("proxied-pkg", "1.0.0");
        upstream.publish("proxied-pkg", "1.0.0", v1);
        Response packument = given().get("/npm/npm-proxy/proxied-pkg");
        assertThat(packument.statusCode()).isEqualTo(200);
        String tarballUrl = JsonPath.from(packument.asString()).getString("versions.'1.0.0'.dist.tarball");
        assertThat(tarballUrl).isEqualTo("http://localhost:" + RestAssured.port + "/npm/npm-proxy/proxied-pkg/-/proxied-pkg-1.0.0.tgz");
        Response tgz = given().get("/npm/npm-proxy/proxied-pkg/-/proxied-pkg-1.0.0.tgz");
        assertThat(tgz.statusCode()).isEqualTo(200);
        assertThat(tgz.asByteArray()).isEqualTo(v1);
        assertThat(tgz.asString()).doesNotContain(upstream.token());

        upstream.publish("proxied-pkg", "1.1.0", tarball("proxied-pkg", "1.1.0"));
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).until(() ->
                given().get("/npm/npm-proxy/proxied-pkg").asString().contains("\"1.1.0\""));
    }

    @Test
    void npmInstallsThroughTheProxyAndStalePackumentsOutliveTheUpstream() throws Exception {
        upstream.publish("install-me", "2.0.0", tarball("install-me", "2.0.0"));
        Path project = Files.createDirectories(work.resolve("app"));
        Files.writeString(project.resolve("package.json"), "{\"name\":\"app\",\"version\":\"1.0.0\",\"private\":true}");
        Files.writeString(project.resolve(".npmrc"), "registry=http://127.0.0.1:" + RestAssured.port + "/npm/npm-proxy/\n");
        ClientTools.run(project, Map.of("npm_config_cache", work.resolve("npm-cache").toString(),
                "npm_config_userconfig", project.resolve(".npmrc").toString()),
                List.of("npm", "install", "--no-audit", "--no-fund", "install-me@2.0.0")).succeeded();
        assertThat(Files.readString(project.resolve("node_modules/install-me/index.js"))).contains("2.0.0");

        upstream.stop();
        try {
            Thread.sleep(1200); // past the TTL: the proxy asks Verdaccio, which is down
            Response stale = given().get("/npm/npm-proxy/install-me");
            assertThat(stale.statusCode()).isEqualTo(200);
            assertThat(stale.header(ProxyResponder.CACHE_HEADER)).isEqualTo("stale");
            given().get("/npm/npm-proxy/install-me/-/install-me-2.0.0.tgz").then().statusCode(200);
        } finally {
            upstream.start();
        }
    }
}
