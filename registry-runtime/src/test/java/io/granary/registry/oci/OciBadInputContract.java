package io.granary.registry.oci;

import static io.granary.registry.oci.OciHttp.bytes;
import static io.granary.registry.oci.OciHttp.digest;
import static io.granary.registry.oci.OciHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.core.UploadSessionPurger;
import io.granary.registry.testsupport.GranaryTestResources;
import io.granary.registry.testsupport.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken and hostile registry requests get the spec's error JSON and change nothing. */
abstract class OciBadInputContract {

    static final String ADMIN = "Bearer " + GranaryTestResources.ADMIN_TOKEN;
    static final String OCI_MANIFEST = OciRegistryContract.OCI_MANIFEST;

    @TestHTTPResource("/")
    URI base;

    @Inject
    UploadSessionPurger purger;

    OciHttp http;

    @BeforeEach
    void client() {
        http = new OciHttp(base, ADMIN);
    }

    static String unique(String prefix) {
        return "oci-local/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void assertError(HttpResponse<byte[]> r, int status, String code) {
        assertThat(r.statusCode()).as(text(r)).isEqualTo(status);
        var error = new JsonObject(text(r)).getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("message")).isNotBlank();
    }

    /**
     * The 16 KiB quota of oci-small counts each distinct blob and manifest once: a push that would go
     * past it is refused by every upload route (monolithic POST, POST+PUT session, manifest PUT) with
     * 413 DENIED naming the quota, audited as denied, leaving nothing pushed; content the repository
     * already holds adds nothing and is still accepted, in another image too.
     */
    @Test
    void pushesPastTheQuotaAreRefusedWith413AndStoreNothing() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "oci-small/quota-" + suffix;
        byte[] layer = randomBytes(10 * 1024);
        String held = http.pushBlob(name, layer);
        assertThat(usedBytes()).isEqualTo(layer.length);

        byte[] second = randomBytes(10 * 1024);
        String refused = digest(second);
        var monolithic = http.send("POST", "/v2/" + name + "/blobs/uploads/?digest=" + refused, second);
        assertError(monolithic, 413, "DENIED");
        assertThat(text(monolithic)).contains("16384 bytes allowed").contains(layer.length + " stored");
        var session = http.send("POST", "/v2/" + name + "/blobs/uploads/", null);
        assertThat(session.statusCode()).isEqualTo(202);
        String location = session.headers().firstValue("Location").orElseThrow();
        assertError(http.send("PUT", location + (location.contains("?") ? "&" : "?") + "digest=" + refused, second,
                "Content-Type", "application/octet-stream"), 413, "DENIED");
        assertError(http.get("/v2/" + name + "/blobs/" + refused), 404, "BLOB_UNKNOWN");

        // Bytes the repository holds already cost nothing: the same layer in another image is fine.
        assertThat(http.pushBlob("oci-small/other-" + suffix, layer)).isEqualTo(held);
        byte[] config = randomBytes(4 * 1024);
        String configDigest = http.pushBlob(name, config);
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest + "\",\"size\":"
                + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\"" + held + "\",\"size\":" + layer.length + "}],\"annotations\":{\"pad\":\""
                + "x".repeat(3 * 1024) + "\"}}");
        assertError(http.putManifest(name, "v1", OCI_MANIFEST, manifest), 413, "DENIED");
        assertError(http.get("/v2/" + name + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
        assertThat(usedBytes()).isEqualTo(layer.length + config.length);

        var audit = http.get("/api/v1/audit?repository=oci-small&outcome=denied");
        assertThat(audit.statusCode()).as(text(audit)).isEqualTo(200);
        assertThat(text(audit)).contains("quota exceeded");
    }

    private long usedBytes() throws Exception {
        var detail = http.get("/api/v1/repositories/oci-small");
        assertThat(detail.statusCode()).as(text(detail)).isEqualTo(200);
        return new JsonObject(text(detail)).getLong("bytes");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    @Test
    void digestMismatchStoresNothing() throws Exception {
        String name = unique("mismatch");
        byte[] content = bytes("the real content " + UUID.randomUUID());
        String claimed = digest(bytes("something else"));
        assertMismatchStoresNothing(name, content, claimed, digest(content));
        assertError(http.send("POST", "/v2/" + name + "/blobs/uploads/?digest=sha256:xyz", content), 400,
                "DIGEST_INVALID");
    }

    @Test
    void sha512MismatchStoresNothing() throws Exception {
        String name = unique("mismatch512");
        byte[] content = bytes("the real content " + UUID.randomUUID());
        String claimed = sha512(bytes("something else"));
        assertMismatchStoresNothing(name, content, claimed, sha512(content), digest(content));
        // A sha512 digest of the wrong length is no digest at all.
        assertError(http.send("POST", "/v2/" + name + "/blobs/uploads/?digest=sha512:" + "ab".repeat(32), content),
                400, "DIGEST_INVALID");
        String config = http.pushBlob(name, bytes("{}"));
        byte[] manifest = bytes("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":2},\"layers\":[]}");
        assertError(http.putManifest(name, claimed, OCI_MANIFEST, manifest), 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + name + "/manifests/" + sha512(manifest)), 404, "MANIFEST_UNKNOWN");
    }

    /**
     * Uploading {@code content} under the {@code claimed} digest, monolithic and streamed, is refused
     * and leaves neither the claimed nor any of the {@code real} digests readable.
     */
    private void assertMismatchStoresNothing(String name, byte[] content, String claimed, String... real)
            throws Exception {
        assertError(http.send("POST", "/v2/" + name + "/blobs/uploads/?digest=" + claimed, content), 400,
                "DIGEST_INVALID");
        String location = http.send("POST", "/v2/" + name + "/blobs/uploads/", null).headers().firstValue("Location")
                .orElseThrow();
        assertThat(http.send("PATCH", location, content, "Content-Type", "application/octet-stream").statusCode())
                .isEqualTo(202);
        assertError(http.send("PUT", location + "?digest=" + claimed, null), 400, "DIGEST_INVALID");
        List<String> absent = new java.util.ArrayList<>(List.of(real));
        absent.add(claimed);
        for (String d : absent) {
            assertThat(http.send("HEAD", "/v2/" + name + "/blobs/" + d, null).statusCode()).as(d).isEqualTo(404);
        }
    }

    private static String sha512(byte[] content) throws Exception {
        return "sha512:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512")
                .digest(content));
    }

    @Test
    void manifestNamingAnUnknownBlobIsRefused() throws Exception {
        String name = unique("unknown-blob");
        String config = http.pushBlob(name, bytes("{}"));
        String manifest = OciRegistryContract.manifest(config, 2, "sha256:" + "a".repeat(64), 10, "");
        assertError(http.putManifest(name, "v1", OCI_MANIFEST, bytes(manifest)), 400, "MANIFEST_BLOB_UNKNOWN");
        assertThat(http.get("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(404);
        assertThat(http.get("/v2/" + name + "/manifests/" + digest(bytes(manifest))).statusCode()).isEqualTo(404);
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":"
                + "[{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"sha256:" + "b".repeat(64) + "\",\"size\":5}]}";
        assertError(http.putManifest(name, "list", "application/vnd.oci.image.index.v1+json", bytes(index)), 400,
                "MANIFEST_BLOB_UNKNOWN");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json at all",
        "[1,2,3]",
        "{\"schemaVersion\":1}",
        "{\"schemaVersion\":2,\"layers\":[]}",
        "{\"schemaVersion\":2,\"config\":{\"digest\":\"nonsense\",\"size\":1},\"layers\":[]}",
        "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:0000\",\"size\":\"big\"}}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
    })
    void malformedManifestsAreInvalid(String body) throws Exception {
        String name = unique("malformed");
        assertError(http.putManifest(name, "v1", OCI_MANIFEST, bytes(body)), 400, "MANIFEST_INVALID");
        assertThat(http.get("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/vnd.docker.distribution.manifest.v1+prettyjws",
        "application/json"})
    void wrongMediaTypesAreInvalid(String mediaType) throws Exception {
        String name = unique("mediatype");
        String config = http.pushBlob(name, bytes("{}"));
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                + "\"digest\":\"" + config + "\",\"size\":2},\"layers\":[]}";
        assertError(http.putManifest(name, "v1", mediaType, bytes(manifest)), 400, "MANIFEST_INVALID");
        String mismatched = manifest.replace("{\"schemaVersion\":2,", "{\"schemaVersion\":2,\"mediaType\":\""
                + "application/vnd.oci.image.index.v1+json\",");
        assertError(http.putManifest(name, "v1", OCI_MANIFEST, bytes(mismatched)), 400, "MANIFEST_INVALID");
        assertThat(http.get("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(404);
    }

    @Test
    void oversizedManifestIs413() throws Exception {
        String name = unique("huge");
        byte[] body = new byte[4 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        var response = http.putManifest(name, "v1", OCI_MANIFEST, body);
        assertError(response, 413, "SIZE_INVALID");
        assertThat(http.get("/v2/" + name + "/manifests/v1").statusCode()).isEqualTo(404);
    }

    @Test
    void manifestPutByTheWrongDigestIsRefused() throws Exception {
        String name = unique("wrong-digest");
        String config = http.pushBlob(name, bytes("{}"));
        String manifest = OciRegistryContract.manifest(config, 2, config, 2, "");
        String wrong = "sha256:" + "c".repeat(64);
        assertError(http.putManifest(name, wrong, OCI_MANIFEST, bytes(manifest)), 400, "DIGEST_INVALID");
        assertThat(http.get("/v2/" + name + "/manifests/" + digest(bytes(manifest))).statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/v2/oci-local/Upper/tags/list",
        "/v2/oci-local/../escape/tags/list",
        "/v2/oci-local/a/../../escape/tags/list",
        "/v2/oci-local/%2e%2e/escape/tags/list",
        "/v2/oci-local/a%2Fb/tags/list",
        "/v2/oci-local//double/tags/list",
        "/v2/oci-local/a%00b/tags/list",
        "/v2/oci-local/-dash/tags/list",
        "/v2/oci-local/tags/list",
        "/v2/oci-local/a;b/manifests/latest",
        "/v2/oci-local/a..b/blobs/uploads/"
    })
    void invalidNamesAreRefused(String rawPath) throws Exception {
        String method = rawPath.endsWith("/uploads/") ? "POST" : "GET";
        RawHttp.Reply reply = RawHttp.send(base.getPort(), method, rawPath, GranaryTestResources.ADMIN_TOKEN, null);
        assertThat(reply.status()).as(rawPath + "\n" + reply.text()).isIn(400, 404);
        assertThat(reply.text()).contains("\"errors\"").containsAnyOf("NAME_INVALID", "NAME_UNKNOWN", "UNSUPPORTED");
    }

    @Test
    void overlongNamesAreInvalid() throws Exception {
        String name = "oci-local/" + "a".repeat(250);
        assertError(http.get("/v2/" + name + "/tags/list"), 400, "NAME_INVALID");
        assertError(http.send("POST", "/v2/" + name + "/blobs/uploads/", null), 400, "NAME_INVALID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1e3", "99999999999999999999999", "0x10"})
    void badPageSizesAre400(String n) throws Exception {
        String name = unique("pages");
        assertError(http.get("/v2/" + name + "/tags/list?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
        assertError(http.get("/v2/_catalog?n=" + n), 400, "PAGINATION_NUMBER_INVALID");
    }

    @Test
    void hugePageSizesAreBounded() throws Exception {
        String name = unique("bounded");
        String config = http.pushBlob(name, bytes("{}"));
        assertThat(http.putManifest(name, "t", OCI_MANIFEST,
                bytes(OciRegistryContract.manifest(config, 2, config, 2, ""))).statusCode()).isEqualTo(201);
        var tags = http.get("/v2/" + name + "/tags/list?n=2147483647000");
        assertThat(tags.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(text(tags)).getJsonArray("tags").getList()).containsExactly("t");
        assertThat(http.get("/v2/_catalog?n=" + Long.MAX_VALUE).statusCode()).isEqualTo(200);
    }

    @Test
    void foreignAndUnknownSessionsAreUnknown() throws Exception {
        String name = unique("session");
        String location = http.send("POST", "/v2/" + name + "/blobs/uploads/", null).headers().firstValue("Location")
                .orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        String foreign = "/v2/oci-public/intruder/blobs/uploads/" + id;
        assertError(http.send("PATCH", foreign, bytes("x"), "Content-Type", "application/octet-stream"), 404,
                "BLOB_UPLOAD_UNKNOWN");
        assertError(http.get(foreign), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.send("DELETE", foreign, null), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.send("PUT", foreign + "?digest=" + digest(bytes("x")), bytes("x")), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.get("/v2/" + name + "/blobs/uploads/does-not-exist"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertError(http.get("/v2/" + name + "/blobs/uploads/..%2F..%2Fetc"), 404, "BLOB_UPLOAD_UNKNOWN");
        assertThat(http.get(location).statusCode()).as("the owner's session is untouched").isEqualTo(204);
    }

    @Test
    void expiredSessionsAreUnknown() throws Exception {
        String name = unique("expired");
        String location = http.send("POST", "/v2/" + name + "/blobs/uploads/", null).headers().firstValue("Location")
                .orElseThrow();
        assertThat(http.send("PATCH", location, bytes("part"), "Content-Type", "application/octet-stream")
                .statusCode()).isEqualTo(202);
        // Test resources expire sessions after 3 s of idleness.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                purgeNow() > 0 && http.get(location).statusCode() == 404);
        assertError(http.send("PATCH", location, bytes("more"), "Content-Type", "application/octet-stream"), 404,
                "BLOB_UPLOAD_UNKNOWN");
        assertError(http.send("PUT", location + "?digest=" + digest(bytes("partmore")), null), 404,
                "BLOB_UPLOAD_UNKNOWN");
    }

    private int purgeNow() throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> purger.purge());
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Test
    void unknownRepositoriesAndUnsupportedDigestsAnswerInSpecTerms() throws Exception {
        assertError(http.get("/v2/no-such-repo/app/tags/list"), 404, "NAME_UNKNOWN");
        assertError(http.get("/v2/files/app/tags/list"), 404, "NAME_UNKNOWN");
        assertError(http.get("/v2/" + unique("d") + "/blobs/not-a-digest"), 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + unique("d") + "/referrers/not-a-digest"), 400, "DIGEST_INVALID");
        assertError(http.get("/v2/" + unique("d") + "/manifests/sha256:" + "0".repeat(64)), 404, "MANIFEST_UNKNOWN");
    }
}
