package io.granary.registry.proxy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Misses answered while the upstream transfer runs, against a real nginx on loopback whose access log
 * (written when a request ends) tells whether the upstream transfer is still open: clients and waiters
 * get their first bytes before it ends, a body failing its published checksum reaches the client as a
 * transfer cut short and is not cached, and 100 concurrent cold pulls of an OCI blob or an npm tarball
 * (hand-made upstream responses served by nginx) reach the upstream once.
 */
@QuarkusTest
@QuarkusTestResource(value = GranaryTestResources.class, restrictToAnnotatedClass = true)
class StreamingProxyTest {

    private static NginxUpstream upstream;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TestHTTPResource("/")
    URI granary;

    @BeforeEach
    void declare() {
        if (upstream != null) {
            return;
        }
        upstream = new NginxUpstream().start();
        String yaml = ProxyCatalog.proxy("stream-generic", "generic", upstream.url(), "1h", false, "")
                + ProxyCatalog.proxy("stream-oci", "oci", upstream.url(), "1h", false, "")
                + ProxyCatalog.proxy("stream-npm", "npm", upstream.url(), "1h", false, "");
        ProxyCatalog.declare("stream-proxies.yaml", yaml, Map.of("stream-generic", "/generic/stream-generic/",
                "stream-oci", "/v2/stream-oci/probe/tags/list", "stream-npm", "/npm/stream-npm/-/ping"));
    }

    @AfterAll
    static void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aMissAndItsWaiterReceiveBytesWhileTheUpstreamIsStillSending() throws Exception {
        byte[] data = random(640 * 1024, 1); // 64 KiB at once, then about 9 s at the upstream's 64 KiB/s
        upstream.put("slow/live.bin", data);
        URI uri = granary.resolve("/generic/stream-generic/slow/live.bin");

        HttpResponse<InputStream> first = open(uri);
        HttpResponse<InputStream> waiter = null;
        try {
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValueAsLong("Content-Length")).hasValue(data.length);
            assertThat(first.headers().firstValue(ProxyResponder.CACHE_HEADER)).hasValue("miss");
            byte[] firstStart = first.body().readNBytes(1024);
            // nginx logs a request when it ends: nothing logged means the upstream transfer is still open.
            assertThat(upstream.requests("/slow/live.bin")).isZero();

            waiter = open(uri);
            assertThat(waiter.statusCode()).isEqualTo(200);
            byte[] waiterStart = waiter.body().readNBytes(1024);
            assertThat(upstream.requests("/slow/live.bin")).as("the waiter got bytes before the upstream finished").isZero();

            assertThat(concat(firstStart, first.body().readAllBytes())).isEqualTo(data);
            assertThat(concat(waiterStart, waiter.body().readAllBytes())).isEqualTo(data);
        } finally {
            first.body().close();
            if (waiter != null) {
                waiter.body().close();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests("/slow/live.bin") == 1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                "hit".equals(given().get("/generic/stream-generic/slow/live.bin").header(ProxyResponder.CACHE_HEADER)));
        assertThat(given().get("/generic/stream-generic/slow/live.bin").asByteArray()).isEqualTo(data);
        assertThat(upstream.requests("/slow/live.bin")).isEqualTo(1);
    }

    @Test
    void aStreamedAnswerCarriesTheValidatorsAndRangeSupportOfAStoredOne() throws Exception {
        byte[] data = random(256 * 1024, 7);
        upstream.put("slow/headers.bin", data);
        HttpResponse<InputStream> miss = open(granary.resolve("/generic/stream-generic/slow/headers.bin"));
        try (InputStream body = miss.body()) {
            assertThat(miss.headers().firstValue(ProxyResponder.CACHE_HEADER)).hasValue("miss");
            assertThat(upstream.requests("/slow/headers.bin")).as("still streaming").isZero();
            assertThat(miss.headers().firstValue("Accept-Ranges")).hasValue("bytes");
            java.time.Instant lastModified = java.time.ZonedDateTime.parse(miss.headers().firstValue("Last-Modified")
                    .orElseThrow(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            assertThat(lastModified).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now());
            assertThat(body.readAllBytes()).isEqualTo(data);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                "hit".equals(given().get("/generic/stream-generic/slow/headers.bin").header(ProxyResponder.CACHE_HEADER)));
        Response range = given().header("Range", "bytes=10-19").get("/generic/stream-generic/slow/headers.bin");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
    }

    @Test
    void aChunkedUpstreamAnswerWithoutLengthIsVerifiedStoredAndServedWhole() throws Exception {
        byte[] data = random(3 * 1024 * 1024 + 17, 8);
        upstream.put("chunked/big.bin", data);
        HttpResponse<InputStream> direct = open(URI.create(upstream.url() + "chunked/big.bin"));
        try (InputStream body = direct.body()) {
            assertThat(direct.headers().firstValue("Transfer-Encoding")).as("the upstream answers chunked").hasValue("chunked");
            assertThat(direct.headers().firstValue("Content-Length")).isEmpty();
            assertThat(body.readAllBytes()).isEqualTo(data);
        }
        for (String expected : List.of("miss", "hit")) {
            HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(
                    granary.resolve("/generic/stream-generic/chunked/big.bin")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(ProxyResponder.CACHE_HEADER)).hasValue(expected);
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(data.length);
            assertThat(response.headers().firstValue("X-Checksum-Sha256")).hasValue(hex("SHA-256", data));
            assertThat(response.body()).isEqualTo(data);
        }
        assertThat(upstream.requests("/chunked/big.bin")).isEqualTo(2); // the direct read above, then one fetch

        upstream.put("chunked/corrupt/bad.bin", data);
        for (int attempt = 1; attempt <= 2; attempt++) {
            Response rejected = given().get("/generic/stream-generic/chunked/corrupt/bad.bin");
            assertThat(rejected.statusCode()).isEqualTo(502);
            assertThat(rejected.asString()).contains("UPSTREAM_REJECTED").doesNotContain(upstream.url());
            assertThat(upstream.requests("/chunked/corrupt/bad.bin")).as("not cached").isEqualTo(attempt);
        }
    }

    @Test
    void aStreamedBodyFailingItsChecksumIsCutShortAndNotCached() throws Exception {
        byte[] data = random(256 * 1024, 2); // nginx announces a SHA-256 it does not have, and trickles
        upstream.put("corrupt/slow/bad.bin", data);
        URI uri = granary.resolve("/generic/stream-generic/corrupt/slow/bad.bin");
        for (int attempt = 1; attempt <= 2; attempt++) {
            HttpResponse<InputStream> response = open(uri);
            try (InputStream body = response.body()) {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(data.length);
                byte[] start = body.readNBytes(1024);
                assertThat(start).isEqualTo(java.util.Arrays.copyOf(data, 1024));
                assertThatThrownBy(body::readAllBytes).as("the client must see a failed transfer")
                        .isInstanceOf(IOException.class);
            }
            long expected = attempt;
            // Not cached: the next request asks the upstream again.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> upstream.requests("/corrupt/slow/bad.bin") == expected);
        }
    }

    @Test
    void hundredConcurrentColdOciBlobPullsReachTheUpstreamOnce() throws Exception {
        byte[] blob = random(4 * 1024 * 1024, 3);
        String digest = "sha256:" + hex("SHA-256", blob);
        upstream.put("v2/library/streamed/blobs/" + digest, blob);
        List<HttpResponse<byte[]>> responses = concurrently(granary.resolve("/v2/stream-oci/library/streamed/blobs/" + digest), 100);
        for (HttpResponse<byte[]> response : responses) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
            assertThat(hex("SHA-256", response.body())).isEqualTo(digest.substring(7));
        }
        assertThat(upstream.requests("/v2/library/streamed/blobs/" + digest)).isEqualTo(1);
    }

    @Test
    void ociBlobsNamedBySha512AreVerifiedWithIt() throws Exception {
        byte[] blob = random(300 * 1024, 4);
        String digest = "sha512:" + hex("SHA-512", blob);
        upstream.put("v2/library/long/blobs/" + digest, blob);
        Response pulled = oci().get("/v2/stream-oci/library/long/blobs/" + digest);
        assertThat(pulled.statusCode()).as(pulled.asString()).isEqualTo(200);
        assertThat(pulled.header("Docker-Content-Digest")).isEqualTo(digest);
        assertThat(pulled.asByteArray()).isEqualTo(blob);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "hit".equals(
                oci().get("/v2/stream-oci/library/long/blobs/" + digest).header(ProxyResponder.CACHE_HEADER)));
        assertThat(upstream.requests("/v2/library/long/blobs/" + digest)).isEqualTo(1);

        // Bytes that are not the named digest, in either algorithm: rejected, and asked for again next time.
        String wrong256 = "sha256:" + hex("SHA-256", "something else".getBytes(StandardCharsets.UTF_8));
        String wrong512 = "sha512:" + hex("SHA-512", "something else".getBytes(StandardCharsets.UTF_8));
        for (String wrong : List.of(wrong256, wrong512)) {
            upstream.put("v2/library/bad/blobs/" + wrong, "tampered layer");
            for (int i = 0; i < 2; i++) {
                Response rejected = oci().get("/v2/stream-oci/library/bad/blobs/" + wrong);
                assertThat(rejected.statusCode()).isEqualTo(502);
                assertThat(rejected.asString()).contains("checksum");
            }
            assertThat(upstream.requests("/v2/library/bad/blobs/" + wrong)).isEqualTo(2);
        }
    }

    @Test
    void anUpstreamsReferrersAreServedThroughTheProxyAndCachedAsMetadata() throws Exception {
        String subject = "sha256:" + hex("SHA-256", "the subject manifest".getBytes(StandardCharsets.UTF_8));
        String sbom = "sha256:" + hex("SHA-256", "an sbom manifest".getBytes(StandardCharsets.UTF_8));
        String index = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": [
                  {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 512,
                   "artifactType": "application/spdx+json"}]}
                """.formatted(sbom);
        upstream.put("v2/library/signed/referrers/" + subject, index);

        Response cold = oci().get("/v2/stream-oci/library/signed/referrers/" + subject);
        assertThat(cold.statusCode()).as(cold.asString()).isEqualTo(200);
        assertThat(cold.contentType()).startsWith("application/vnd.oci.image.index.v1+json");
        assertThat(cold.jsonPath().getString("manifests[0].digest")).isEqualTo(sbom);
        assertThat(cold.jsonPath().getString("manifests[0].artifactType")).isEqualTo("application/spdx+json");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "hit".equals(
                oci().get("/v2/stream-oci/library/signed/referrers/" + subject).header(ProxyResponder.CACHE_HEADER)));
        assertThat(upstream.requests("/v2/library/signed/referrers/" + subject)).isEqualTo(1);
    }

    @Test
    void hundredConcurrentColdNpmTarballPullsReachTheUpstreamOnceAndCorruptOnesAreRejected() throws Exception {
        byte[] good = random(1024 * 1024, 5);
        byte[] tampered = "not the published tarball".getBytes(StandardCharsets.UTF_8);
        upstream.put("tarballs/streamed-pkg-1.0.0.tgz", good);
        upstream.put("tarballs/streamed-pkg-1.0.1.tgz", tampered);
        String packument = """
                {"name": "streamed-pkg", "dist-tags": {"latest": "1.0.1"}, "versions": {
                  "1.0.0": {"name": "streamed-pkg", "version": "1.0.0", "dist": {
                    "tarball": "%1$starballs/streamed-pkg-1.0.0.tgz", "integrity": "sha512-%2$s"}},
                  "1.0.1": {"name": "streamed-pkg", "version": "1.0.1", "dist": {
                    "tarball": "%1$starballs/streamed-pkg-1.0.1.tgz", "integrity": "sha512-%3$s"}}}}
                """.formatted(upstream.url(), sri(good), sri("the bytes the registry published".getBytes(StandardCharsets.UTF_8)));
        upstream.put("streamed-pkg", packument);

        List<HttpResponse<byte[]>> responses = concurrently(
                granary.resolve("/npm/stream-npm/streamed-pkg/-/streamed-pkg-1.0.0.tgz"), 100);
        for (HttpResponse<byte[]> response : responses) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(good);
        }
        assertThat(upstream.requests("/tarballs/streamed-pkg-1.0.0.tgz")).isEqualTo(1);

        for (int i = 0; i < 2; i++) {
            Response rejected = given().get("/npm/stream-npm/streamed-pkg/-/streamed-pkg-1.0.1.tgz");
            assertThat(rejected.statusCode()).isEqualTo(502);
            assertThat(rejected.asString()).contains("checksum").doesNotContain("not the published tarball");
        }
        assertThat(upstream.requests("/tarballs/streamed-pkg-1.0.1.tgz")).as("not cached: asked again").isEqualTo(2);
    }

    /** RestAssured would escape the digest's ':', which registry clients send as it is. */
    private static io.restassured.specification.RequestSpecification oci() {
        return given().urlEncodingEnabled(false);
    }

    private static HttpResponse<InputStream> open(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static List<HttpResponse<byte[]>> concurrently(URI uri, int count) throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(CLIENT.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        List<HttpResponse<byte[]>> responses = new ArrayList<>();
        for (var future : futures) {
            responses.add(future.get(120, TimeUnit.SECONDS));
        }
        return responses;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static String sri(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes));
    }
}
