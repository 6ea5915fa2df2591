package io.granary.registry.oci;

import static io.granary.registry.oci.OciHttp.bytes;
import static io.granary.registry.oci.OciHttp.digest;
import static io.granary.registry.oci.OciHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.granary.registry.testsupport.GranaryTestResources;
import io.quarkus.test.common.http.TestHTTPResource;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OCI Distribution protocol end to end over HTTP against real PostgreSQL and a real blob store:
 * every push path, pulls byte for byte, listings, referrers and deletion. Subclasses pick the store.
 */
abstract class OciRegistryContract {

    static final String ADMIN = "Bearer " + GranaryTestResources.ADMIN_TOKEN;
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    @TestHTTPResource("/")
    URI base;

    OciHttp http;

    @BeforeEach
    void client() {
        http = new OciHttp(base, ADMIN);
    }

    static String unique(String prefix) {
        return "oci-local/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A manifest with odd spacing, so any re-serialisation would change its digest. */
    static String manifest(String config, long configSize, String layer, long layerSize, String extra) {
        return "{\n  \"schemaVersion\":2,   \"mediaType\": \"" + OCI_MANIFEST + "\",\n"
                + " \"config\": {\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                + "\",\"size\":" + configSize + "},\n \"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\","
                + "\"digest\":\"" + layer + "\",\"size\":" + layerSize + "}]" + extra + "\n}\n";
    }

    /** Pushes config and layer blobs and returns a manifest naming them. */
    String imageManifest(String name, String extra) throws Exception {
        byte[] config = bytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":\"" + UUID.randomUUID() + "\"}");
        byte[] layer = new byte[3000];
        new Random().nextBytes(layer);
        return manifest(http.pushBlob(name, config), config.length, http.pushBlob(name, layer), layer.length, extra);
    }

    @Test
    void versionCheckChallengesAnonymousCallersAndAnswersAuthenticatedOnes() throws Exception {
        var anonymous = http.as(null).get("/v2/");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"http://").contains("/v2/token\"").contains("service=\"");
        assertThat(text(anonymous)).contains("\"UNAUTHORIZED\"");
        var admin = http.get("/v2/");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    }

    @Test
    void monolithicBlobIsServedWithRangesAndDeleted() throws Exception {
        String name = unique("mono");
        byte[] content = new byte[100_000];
        new Random(3).nextBytes(content);
        String digest = http.pushBlob(name, content);
        var head = http.send("HEAD", "/v2/" + name + "/blobs/" + digest, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("100000");
        assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        var get = http.get("/v2/" + name + "/blobs/" + digest);
        assertThat(get.body()).isEqualTo(content);
        var range = http.get("/v2/" + name + "/blobs/" + digest, "Range", "bytes=10-19");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 10, 20));
        assertThat(http.get("/v2/" + unique("other") + "/blobs/" + digest).statusCode()).as("other image").isEqualTo(404);
        assertThat(http.send("DELETE", "/v2/" + name + "/blobs/" + digest, null).statusCode()).isEqualTo(202);
        var gone = http.get("/v2/" + name + "/blobs/" + digest);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(text(gone)).contains("\"BLOB_UNKNOWN\"");
    }

    @Test
    void chunkedUploadEnforcesOrderAndReportsProgress() throws Exception {
        String name = unique("chunked");
        byte[] content = new byte[30];
        new Random(5).nextBytes(content);
        var post = http.send("POST", "/v2/" + name + "/blobs/uploads/", null);
        assertThat(post.statusCode()).isEqualTo(202);
        String location = post.headers().firstValue("Location").orElseThrow();
        var first = http.send("PATCH", location, Arrays.copyOfRange(content, 0, 10),
                "Content-Type", "application/octet-stream", "Content-Range", "0-9");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Range")).hasValue("0-9");
        location = first.headers().firstValue("Location").orElseThrow();
        var outOfOrder = http.send("PATCH", location, Arrays.copyOfRange(content, 20, 30),
                "Content-Type", "application/octet-stream", "Content-Range", "20-29");
        assertThat(outOfOrder.statusCode()).isEqualTo(416);
        assertThat(outOfOrder.headers().firstValue("Range")).hasValue("0-9");
        var status = http.get(location);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-9");
        var second = http.send("PATCH", location, Arrays.copyOfRange(content, 10, 20),
                "Content-Type", "application/octet-stream", "Content-Range", "10-19");
        assertThat(second.headers().firstValue("Range")).hasValue("0-19");
        var put = http.send("PUT", location + "?digest=" + digest(content), Arrays.copyOfRange(content, 20, 30),
                "Content-Type", "application/octet-stream", "Content-Range", "20-29");
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest(content));
        assertThat(http.get("/v2/" + name + "/blobs/" + digest(content)).body()).isEqualTo(content);
        assertThat(http.get(location).statusCode()).as("finished session is gone").isEqualTo(404);
    }

    @Test
    void streamedPatchThenEmptyPutCompletesLikeRealClients() throws Exception {
        String name = unique("stream");
        byte[] content = new byte[2 * 1024 * 1024 + 17];
        new Random(9).nextBytes(content);
        String location = http.send("POST", "/v2/" + name + "/blobs/uploads/", null)
                .headers().firstValue("Location").orElseThrow();
        var patch = http.send("PATCH", location, content, "Content-Type", "application/octet-stream");
        assertThat(patch.statusCode()).isEqualTo(202);
        assertThat(patch.headers().firstValue("Range")).hasValue("0-" + (content.length - 1));
        String next = patch.headers().firstValue("Location").orElseThrow();
        var put = http.send("PUT", next + "?digest=" + digest(content).replace(":", "%3A"), null);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + name + "/blobs/" + digest(content)).body()).isEqualTo(content);
    }

    @Test
    void chunksAfterAStreamedPatchContinueTheSameUpload() throws Exception {
        String name = unique("stream-then-chunk");
        byte[] content = new byte[300_000];
        new Random(13).nextBytes(content);
        String location = http.send("POST", "/v2/" + name + "/blobs/uploads/", null)
                .headers().firstValue("Location").orElseThrow();
        var streamed = http.send("PATCH", location, Arrays.copyOfRange(content, 0, 100_000),
                "Content-Type", "application/octet-stream");
        assertThat(streamed.headers().firstValue("Range")).hasValue("0-99999");
        assertThat(http.get(location).headers().firstValue("Range")).hasValue("0-99999");
        var chunk = http.send("PATCH", location, Arrays.copyOfRange(content, 100_000, 200_000),
                "Content-Type", "application/octet-stream", "Content-Range", "100000-199999");
        assertThat(chunk.statusCode()).as(text(chunk)).isEqualTo(202);
        assertThat(chunk.headers().firstValue("Range")).hasValue("0-199999");
        var put = http.send("PUT", location + "?digest=" + digest(content), Arrays.copyOfRange(content, 200_000, 300_000),
                "Content-Type", "application/octet-stream");
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
        assertThat(http.get("/v2/" + name + "/blobs/" + digest(content)).body()).isEqualTo(content);
    }

    @Test
    void postThenPutWithTheWholeBodyCompletes() throws Exception {
        String name = unique("postput");
        byte[] content = bytes("one request carries it all");
        String location = http.send("POST", "/v2/" + name + "/blobs/uploads/", null)
                .headers().firstValue("Location").orElseThrow();
        var put = http.send("PUT", location + "?digest=" + digest(content), content,
                "Content-Type", "application/octet-stream");
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + name + "/blobs/" + digest(content)).body()).isEqualTo(content);
    }

    @Test
    void cancelledUploadIsGone() throws Exception {
        String name = unique("cancel");
        String location = http.send("POST", "/v2/" + name + "/blobs/uploads/", null)
                .headers().firstValue("Location").orElseThrow();
        assertThat(http.send("DELETE", location, null).statusCode()).isEqualTo(204);
        var after = http.send("PATCH", location, bytes("late"), "Content-Type", "application/octet-stream");
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(text(after)).contains("\"BLOB_UPLOAD_UNKNOWN\"");
    }

    @Test
    void manifestsRoundTripByteForByteByTagAndDigest() throws Exception {
        String name = unique("image");
        String manifest = imageManifest(name, ",\"annotations\":{\"a\":\"b\"}");
        var put = http.putManifest(name, "v1", OCI_MANIFEST, bytes(manifest));
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
        String digest = digest(bytes(manifest));
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat(put.headers().firstValue("Location")).hasValue("/v2/" + name + "/manifests/" + digest);
        for (String ref : new String[] {"v1", digest}) {
            var get = http.get("/v2/" + name + "/manifests/" + ref, "Accept", OCI_MANIFEST);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(text(get)).isEqualTo(manifest);
            assertThat(get.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);
            assertThat(get.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
            var head = http.send("HEAD", "/v2/" + name + "/manifests/" + ref, null);
            assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(bytes(manifest).length));
        }
        String index = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
                + OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + bytes(manifest).length
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}";
        assertThat(http.putManifest(name, "multi", OCI_INDEX, bytes(index)).statusCode()).isEqualTo(201);
        assertThat(text(http.get("/v2/" + name + "/manifests/multi"))).isEqualTo(index);

        // Deleting a tag keeps the manifest; deleting the digest removes the tags that point at it.
        assertThat(http.send("DELETE", "/v2/" + name + "/manifests/multi", null).statusCode()).isEqualTo(202);
        assertThat(http.get("/v2/" + name + "/manifests/multi").statusCode()).isEqualTo(404);
        assertThat(http.send("DELETE", "/v2/" + name + "/manifests/" + digest, null).statusCode()).isEqualTo(202);
        var gone = http.get("/v2/" + name + "/manifests/v1");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(text(gone)).contains("\"MANIFEST_UNKNOWN\"");
    }

    @Test
    void dockerSchema2ManifestsAndListsAreAccepted() throws Exception {
        String name = unique("docker");
        byte[] config = bytes("{\"os\":\"linux\"}");
        byte[] layer = bytes("layer-bytes");
        String configDigest = http.pushBlob(name, config);
        String layerDigest = http.pushBlob(name, layer);
        String type = "application/vnd.docker.distribution.manifest.v2+json";
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + type + "\",\"config\":{\"mediaType\":"
                + "\"application/vnd.docker.container.image.v1+json\",\"size\":" + config.length + ",\"digest\":\""
                + configDigest + "\"},\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\","
                + "\"size\":" + layer.length + ",\"digest\":\"" + layerDigest + "\"}]}";
        assertThat(http.putManifest(name, "latest", type, bytes(manifest)).statusCode()).isEqualTo(201);
        String listType = "application/vnd.docker.distribution.manifest.list.v2+json";
        String list = "{\"schemaVersion\":2,\"mediaType\":\"" + listType + "\",\"manifests\":[{\"mediaType\":\"" + type
                + "\",\"size\":" + bytes(manifest).length + ",\"digest\":\"" + digest(bytes(manifest))
                + "\",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}";
        assertThat(http.putManifest(name, "list", listType, bytes(list)).statusCode()).isEqualTo(201);
        assertThat(http.get("/v2/" + name + "/manifests/list").headers().firstValue("Content-Type")).hasValue(listType);
    }

    @Test
    void tagsAreListedInPagesWithLinks() throws Exception {
        String name = unique("tags");
        String manifest = imageManifest(name, "");
        for (String tag : new String[] {"b", "a", "C", "c10", "c2"}) {
            assertThat(http.putManifest(name, tag, OCI_MANIFEST, bytes(manifest)).statusCode()).isEqualTo(201);
        }
        var all = http.get("/v2/" + name + "/tags/list");
        assertThat(new JsonObject(text(all)).getJsonArray("tags").getList()).containsExactly("C", "a", "b", "c10", "c2");
        var page = http.get("/v2/" + name + "/tags/list?n=2");
        assertThat(new JsonObject(text(page)).getJsonArray("tags").getList()).containsExactly("C", "a");
        assertThat(page.headers().firstValue("Link")).hasValue("</v2/" + name + "/tags/list?n=2&last=a>; rel=\"next\"");
        var next = http.get("/v2/" + name + "/tags/list?n=2&last=a");
        assertThat(new JsonObject(text(next)).getJsonArray("tags").getList()).containsExactly("b", "c10");
        var lastPage = http.get("/v2/" + name + "/tags/list?n=2&last=c10");
        assertThat(new JsonObject(text(lastPage)).getJsonArray("tags").getList()).containsExactly("c2");
        assertThat(lastPage.headers().firstValue("Link")).isEmpty();
        var none = http.get("/v2/" + name + "/tags/list?n=0");
        assertThat(new JsonObject(text(none)).getJsonArray("tags").getList()).isEmpty();
        assertThat(http.get("/v2/" + unique("nothing") + "/tags/list").statusCode()).isEqualTo(404);
    }

    @Test
    void referrersAreListedAndFilteredByArtifactType() throws Exception {
        String name = unique("refs");
        String subjectManifest = imageManifest(name, "");
        assertThat(http.putManifest(name, "app", OCI_MANIFEST, bytes(subjectManifest)).statusCode()).isEqualTo(201);
        String subject = digest(bytes(subjectManifest));
        int subjectSize = bytes(subjectManifest).length;
        byte[] empty = bytes("{}");
        String emptyDigest = http.pushBlob(name, empty);
        byte[] sbom = bytes("{\"sbom\":true}");
        String sbomDigest = http.pushBlob(name, sbom);
        String artifact = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":"
                + "\"application/spdx+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\""
                + emptyDigest + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/spdx+json\",\"digest\":\""
                + sbomDigest + "\",\"size\":" + sbom.length + "}],\"subject\":{\"mediaType\":\"" + OCI_MANIFEST
                + "\",\"digest\":\"" + subject + "\",\"size\":" + subjectSize + "},\"annotations\":{\"kind\":\"sbom\"}}";
        var put = http.putManifest(name, digest(bytes(artifact)), OCI_MANIFEST, bytes(artifact));
        assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
        assertThat(put.headers().firstValue("OCI-Subject")).hasValue(subject);
        String signature = artifact.replace("application/spdx+json\",\"config", "application/vnd.example.sig\",\"config");
        assertThat(http.putManifest(name, digest(bytes(signature)), OCI_MANIFEST, bytes(signature)).statusCode())
                .isEqualTo(201);

        var all = http.get("/v2/" + name + "/referrers/" + subject);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).hasValue(OCI_INDEX);
        var manifests = new JsonObject(text(all)).getJsonArray("manifests");
        assertThat(manifests.size()).isEqualTo(2);
        assertThat(manifests.getJsonObject(0).getJsonObject("annotations").getString("kind")).isEqualTo("sbom");
        var filtered = http.get("/v2/" + name + "/referrers/" + subject + "?artifactType=application/spdx%2Bjson");
        assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
        var only = new JsonObject(text(filtered)).getJsonArray("manifests");
        assertThat(only.size()).isEqualTo(1);
        assertThat(only.getJsonObject(0).getString("digest")).isEqualTo(digest(bytes(artifact)));
        assertThat(only.getJsonObject(0).getString("artifactType")).isEqualTo("application/spdx+json");

        // Deleting the subject leaves its referrers discoverable.
        assertThat(http.send("DELETE", "/v2/" + name + "/manifests/" + subject, null).statusCode()).isEqualTo(202);
        assertThat(new JsonObject(text(http.get("/v2/" + name + "/referrers/" + subject)))
                .getJsonArray("manifests").size()).isEqualTo(2);
        var unknown = http.get("/v2/" + name + "/referrers/sha256:" + "0".repeat(64));
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(text(unknown)).getJsonArray("manifests").size()).isZero();
    }

    @Test
    void blobsAreMountedAcrossImages() throws Exception {
        String from = unique("mount-src");
        String digest = http.pushBlob(from, bytes("shared layer " + UUID.randomUUID()));
        String target = unique("mount-dst");
        var mounted = http.send("POST", "/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + from, null);
        assertThat(mounted.statusCode()).isEqualTo(201);
        assertThat(mounted.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        assertThat(http.send("HEAD", "/v2/" + target + "/blobs/" + digest, null).statusCode()).isEqualTo(200);
        String automatic = unique("mount-auto");
        assertThat(http.send("POST", "/v2/" + automatic + "/blobs/uploads/?mount=" + digest, null).statusCode())
                .isEqualTo(201);
        var unknown = http.send("POST", "/v2/" + target + "/blobs/uploads/?mount=sha256:" + "1".repeat(64) + "&from="
                + from, null);
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(unknown.headers().firstValue("Location").orElseThrow()).contains("/blobs/uploads/");
    }

    @Test
    void catalogListsImagesInPages() throws Exception {
        String prefix = "oci-local/cat" + UUID.randomUUID().toString().substring(0, 6);
        for (String suffix : new String[] {"-a", "-b", "-c"}) {
            String name = prefix + suffix;
            assertThat(http.putManifest(name, "t", OCI_MANIFEST, bytes(imageManifest(name, ""))).statusCode())
                    .isEqualTo(201);
        }
        var page = http.get("/v2/_catalog?n=2&last=" + prefix);
        assertThat(new JsonObject(text(page)).getJsonArray("repositories").getList())
                .containsExactly(prefix + "-a", prefix + "-b");
        assertThat(page.headers().firstValue("Link").orElseThrow()).contains("last=" + prefix.replace("/", "%2F") + "-b");
        assertThat(new JsonObject(text(http.as(null).get("/v2/_catalog"))).getJsonArray("repositories").getList())
                .as("anonymous callers see only public repositories").noneMatch(n -> n.toString().startsWith("oci-local/"));
    }

    @Test
    void responsesOfAResponseSetCarryDigests() throws Exception {
        String name = unique("digest-everywhere");
        String manifest = imageManifest(name, "");
        HttpResponse<byte[]> put = http.putManifest(name, "x", OCI_MANIFEST, bytes(manifest));
        assertThat(put.headers().firstValue("Docker-Content-Digest")).isPresent();
        assertThat(http.send("HEAD", "/v2/" + name + "/manifests/x", null).headers()
                .firstValue("Docker-Content-Digest")).hasValue(digest(bytes(manifest)));
    }
}
