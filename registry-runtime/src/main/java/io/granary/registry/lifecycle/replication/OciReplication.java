package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OCI images over the Distribution API: every tag of every image under the source repository. A tag is copied
 * bottom-up (blobs the target lacks, child manifests, then the manifest under its tag), so the target never
 * names a missing blob; then its referrers (signatures, SBOMs) follow, also when the tag itself was current.
 */
final class OciReplication extends FormatReplication {

    static final String ACCEPT = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
            + "application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json";
    private static final int PAGE = 1000;
    /** Pages read per listing at most. */
    private static final int MAX_PAGES = 1000;
    /** Referrer levels followed (a signature of an SBOM of an image is two). */
    private static final int REFERRER_DEPTH = 3;

    OciReplication(Remote source, Remote target, Transfer transfer) {
        super(source, target, transfer);
    }

    @Override
    List<Item> list() throws IOException, InterruptedException {
        List<Item> items = new ArrayList<>();
        String prefix = source.repository() + "/";
        for (String image : paged("/v2/_catalog", "repositories")) {
            if (!image.startsWith(prefix)) {
                continue;
            }
            String name = image.substring(prefix.length());
            for (String tag : paged("/v2/" + image + "/tags/list", "tags")) {
                items.add(new Item(name + ":" + tag, null, 0, null));
            }
        }
        return items;
    }

    private List<String> paged(String path, String field) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>();
        String last = "";
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonNode body = source.json(path + "?n=" + PAGE + (last.isEmpty() ? "" : "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8)));
            if (body == null) {
                break;
            }
            int before = all.size();
            body.path(field).forEach(n -> all.add(n.asText()));
            if (all.size() - before < PAGE) {
                break;
            }
            last = all.get(all.size() - 1);
        }
        return all;
    }

    @Override
    boolean copy(Item item) throws IOException, InterruptedException {
        int colon = item.key().lastIndexOf(':');
        String image = item.key().substring(0, colon);
        String tag = item.key().substring(colon + 1);
        String digest = manifestDigest(source, image, tag);
        if (digest == null) {
            return false; // untagged since listing
        }
        boolean copied = !digest.equals(manifestDigest(target, image, tag));
        if (copied) {
            copyManifest(image, digest, tag);
        }
        return copyReferrers(image, digest, 0) || copied;
    }

    private static String manifestDigest(Remote side, String image, String reference) throws IOException, InterruptedException {
        HttpResponse<Void> r = side.send(side.request("/v2/" + side.repository() + "/" + image + "/manifests/" + reference)
                .header("Accept", ACCEPT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    }

    /** Copies a manifest with everything it references; {@code reference} is its tag or digest in the target. */
    private void copyManifest(String image, String digest, String reference) throws IOException, InterruptedException {
        HttpResponse<byte[]> got = source.send(source.request("/v2/" + source.repository() + "/" + image + "/manifests/" + digest)
                .header("Accept", ACCEPT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        source.expect(got, 200, "GET manifest " + image + "@" + digest);
        String type = got.headers().firstValue("Content-Type").orElse("application/vnd.oci.image.manifest.v1+json");
        JsonNode manifest = Remote.JSON.readTree(got.body());
        for (JsonNode child : manifest.path("manifests")) {
            String childDigest = child.path("digest").asText();
            if (!childDigest.equals(manifestDigest(target, image, childDigest))) {
                copyManifest(image, childDigest, childDigest);
            }
        }
        List<JsonNode> blobs = new ArrayList<>();
        if (manifest.has("config")) {
            blobs.add(manifest.get("config"));
        }
        manifest.path("layers").forEach(blobs::add);
        for (JsonNode blob : blobs) {
            if (!blob.path("urls").isEmpty()) {
                continue; // foreign layer: not stored by registries
            }
            copyBlob(image, blob.path("digest").asText());
        }
        HttpResponse<byte[]> put = target.send(target.request("/v2/" + target.repository() + "/" + image + "/manifests/" + reference)
                .header("Content-Type", type).PUT(HttpRequest.BodyPublishers.ofByteArray(got.body())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        target.expect(put, 201, "PUT manifest " + image + ":" + reference);
    }

    private void copyBlob(String image, String digest) throws IOException, InterruptedException {
        String targetBlob = "/v2/" + target.repository() + "/" + image + "/blobs/" + digest;
        if (target.status("HEAD", targetBlob) == 200) {
            return;
        }
        transfer.copy(source, "/v2/" + source.repository() + "/" + image + "/blobs/" + digest, target, "POST",
                "/v2/" + target.repository() + "/" + image + "/blobs/uploads/?digest=" + digest,
                Map.of("Content-Type", "application/octet-stream")).expect(201);
    }

    /** Copies the referrers the target lacks; true when any was copied. */
    private boolean copyReferrers(String image, String digest, int depth) throws IOException, InterruptedException {
        if (depth >= REFERRER_DEPTH) {
            return false;
        }
        JsonNode index = source.json("/v2/" + source.repository() + "/" + image + "/referrers/" + digest);
        boolean copied = false;
        if (index == null) {
            return false;
        }
        for (JsonNode referrer : index.path("manifests")) {
            String referrerDigest = referrer.path("digest").asText();
            if (!referrerDigest.equals(manifestDigest(target, image, referrerDigest))) {
                copyManifest(image, referrerDigest, referrerDigest);
                copied = true;
            }
            copied |= copyReferrers(image, referrerDigest, depth + 1);
        }
        return copied;
    }
}
