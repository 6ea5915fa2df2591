package io.granary.registry.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy core seen through generic repositories, against a real nginx upstream on loopback:
 * cold and warm reads, TTL, stale copies when the upstream is down or rate-limiting, coalescing,
 * integrity, the address guard and upstream credentials.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class GenericProxyTest {

    private static NginxUpstream upstream;

    @TestHTTPResource("/")
    URI granary;

    /** Once per class, in a @BeforeEach: the app (and RestAssured's port) is ready only then. */
    @BeforeEach
    void declare() {
        if (upstream != null) {
            return;
        }
        upstream = new NginxUpstream().start();
        ProxyCatalog.secret("generic-upstream-login", Map.of("username", NginxUpstream.USER, "password", NginxUpstream.PASSWORD));
        String yaml = ProxyCatalog.proxy("generic-proxy", "generic", upstream.url(), "1s", false, "")
                + ProxyCatalog.proxy("generic-proxy-long", "generic", upstream.url(), "1h", false, "")
                + ProxyCatalog.proxy("generic-guarded", "generic", upstream.url(), "1h", true, "")
                + ProxyCatalog.proxy("generic-login", "generic", upstream.url(), "1h", false,
                        "credentialsSecretRef: {name: generic-upstream-login}");
        ProxyCatalog.declare("generic-proxies.yaml", yaml, Map.of("generic-proxy", "/generic/generic-proxy/",
                "generic-proxy-long", "/generic/generic-proxy-long/", "generic-guarded", "/generic/generic-guarded/",
                "generic-login", "/generic/generic-login/"));
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void coldFetchThenWarmHitAsksTheUpstreamOnce() throws Exception {
        upstream.put("warm/a.txt", "alpha\n");
        Response cold = given().get("/generic/generic-proxy-long/warm/a.txt");
        assertThat(cold.statusCode()).isEqualTo(200);
        assertThat(cold.asString()).isEqualTo("alpha\n");
        assertThat(cold.header(ProxyResponder.CACHE_HEADER)).isEqualTo("miss");
        // The cold answer may end before its copy is committed; a request in between follows the same transfer.
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                "hit".equals(given().get("/generic/generic-proxy-long/warm/a.txt").header(ProxyResponder.CACHE_HEADER)));
        Response warm = given().get("/generic/generic-proxy-long/warm/a.txt");
        assertThat(warm.asString()).isEqualTo("alpha\n");
        assertThat(warm.header(ProxyResponder.CACHE_HEADER)).isEqualTo("hit");
        // Stored like a hosted generic upload: addressed by SHA-256, no SHA-1 pass nobody reads.
        assertThat(warm.header("X-Checksum-Sha256"))
                .isEqualTo(FormatProxiesTest.hex("SHA-256", "alpha\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(warm.header("X-Checksum-Sha1")).isNull();
        given().header("Range", "bytes=1-2").get("/generic/generic-proxy-long/warm/a.txt").then().statusCode(206);
        assertThat(upstream.requests("/warm/a.txt")).isEqualTo(1);
    }

    @Test
    void ttlExpiryPicksUpTheNewUpstreamVersion() {
        upstream.put("ttl/v.txt", "one");
        given().get("/generic/generic-proxy/ttl/v.txt").then().statusCode(200).body(org.hamcrest.Matchers.equalTo("one"));
        upstream.put("ttl/v.txt", "two");
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> given().get("/generic/generic-proxy/ttl/v.txt").asString().equals("two"));
    }

    @Test
    void staleCopyIsServedWhileTheUpstreamIsDownOrRateLimiting() throws Exception {
        upstream.put("stale/s.txt", "kept");
        given().get("/generic/generic-proxy/stale/s.txt").then().statusCode(200);
        double before = staleMetric();
        upstream.rateLimit(true);
        try {
            Thread.sleep(1200); // past the 1s metadata TTL, so the upstream is asked again
            Response limited = given().get("/generic/generic-proxy/stale/s.txt");
            assertThat(limited.statusCode()).isEqualTo(200);
            assertThat(limited.asString()).isEqualTo("kept");
            assertThat(limited.header(ProxyResponder.CACHE_HEADER)).isEqualTo("stale");
        } finally {
            upstream.rateLimit(false);
        }
        upstream.stop();
        try {
            Response down = given().get("/generic/generic-proxy/stale/s.txt");
            assertThat(down.statusCode()).isEqualTo(200);
            assertThat(down.asString()).isEqualTo("kept");
            assertThat(down.header(ProxyResponder.CACHE_HEADER)).isEqualTo("stale");
            // Nothing cached and the upstream down: an outage, not "not found".
            Response missing = given().get("/generic/generic-proxy/stale/never-fetched.txt");
            assertThat(missing.statusCode()).isEqualTo(502);
            assertThat(missing.asString()).contains("UPSTREAM_UNAVAILABLE");
        } finally {
            upstream.start();
        }
        assertThat(staleMetric()).isGreaterThanOrEqualTo(before + 2);
        // The outage was not remembered as a 404.
        upstream.put("stale/never-fetched.txt", "now here");
        given().get("/generic/generic-proxy/stale/never-fetched.txt").then().statusCode(200);
    }

    @Test
    void notFoundIsRememberedForTheNegativeTtl() {
        given().get("/generic/generic-proxy-long/missing/x.txt").then().statusCode(404);
        given().get("/generic/generic-proxy-long/missing/x.txt").then().statusCode(404);
        assertThat(upstream.requests("/missing/x.txt")).isEqualTo(1);
    }

    @Test
    void concurrentColdRequestsCauseOneUpstreamFetch() throws Exception {
        byte[] big = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(big);
        upstream.put("coalesce/big.bin", big);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
        URI uri = granary.resolve("/generic/generic-proxy-long/coalesce/big.bin");
        for (int i = 0; i < 100; i++) {
            responses.add(client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (var future : responses) {
            HttpResponse<byte[]> response = future.get(90, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body())))
                    .isEqualTo(expected);
        }
        assertThat(upstream.requests("/coalesce/big.bin")).isEqualTo(1);
    }

    @Test
    void contentFailingTheUpstreamsChecksumIsRejectedAndNotCached() {
        upstream.put("corrupt/c.txt", "whatever");
        for (int i = 0; i < 2; i++) {
            Response response = given().get("/generic/generic-proxy-long/corrupt/c.txt");
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.asString()).contains("UPSTREAM_REJECTED").contains("checksum");
        }
        assertThat(upstream.requests("/corrupt/c.txt")).isEqualTo(2);
    }

    @Test
    void loopbackUpstreamIsRefusedUnlessAllowed() {
        upstream.put("guard/g.txt", "g");
        Response refused = given().get("/generic/generic-guarded/guard/g.txt");
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(refused.asString()).contains("allowPrivateAddresses");
        assertThat(upstream.requests("/guard/g.txt")).isZero();
    }

    @Test
    void credentialsFromTheSecretReachOnlyTheUpstream() {
        upstream.put("private/p.txt", "secret stuff");
        Response viaLogin = given().get("/generic/generic-login/private/p.txt");
        assertThat(viaLogin.statusCode()).isEqualTo(200);
        assertThat(viaLogin.asString()).isEqualTo("secret stuff");
        assertThat(viaLogin.headers().toString()).doesNotContain(NginxUpstream.PASSWORD).doesNotContain("Basic ");
        Response anonymous = given().get("/generic/generic-proxy-long/private/p.txt");
        assertThat(anonymous.statusCode()).isEqualTo(502);
        assertThat(anonymous.asString()).doesNotContain(NginxUpstream.PASSWORD);
    }

    @Test
    void writesAreRefused() {
        given().auth().oauth2(GranaryTestResources.ADMIN_TOKEN).body("x").put("/generic/generic-proxy/w.txt")
                .then().statusCode(405);
    }

    private static double staleMetric() {
        String metrics = given().get("/q/metrics").asString();
        return metrics.lines().filter(l -> l.startsWith("granary_proxy_stale_total{") && l.contains("repository=\"generic-proxy\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
