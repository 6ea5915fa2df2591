package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * npm packages as {@code npm publish} sends them: each version the target lacks is published with its tarball as
 * the attachment (the target checks it against the version's integrity and renders its own packument), then the
 * target's dist-tags are set to the source's. A version the target holds with another integrity is reported as
 * failed, since npm versions cannot be published over. Packages are found from Granary's asset listing (their
 * tarballs), as npm has no list of every package.
 */
final class NpmReplication extends FormatReplication {

    private static final String TARBALL_MARK = "/-/";

    /** Largest tarball copied: it travels base64-encoded inside one JSON document, held in memory. */
    private static final int MAX_TARBALL = 256 * 1024 * 1024;

    NpmReplication(Remote source, Remote target, Transfer transfer) {
        super(source, target, transfer);
    }

    /** One item per package, dated by its newest tarball. */
    @Override
    List<Item> list() throws IOException, InterruptedException {
        Map<String, Item> packages = new LinkedHashMap<>();
        for (SourceAssets.Asset a : SourceAssets.list(source)) {
            int mark = a.path().indexOf(TARBALL_MARK);
            if (mark <= 0 || !a.path().endsWith(".tgz")) {
                continue;
            }
            String name = a.path().substring(0, mark);
            packages.merge(name, new Item(name, null, a.size(), a.modified()), (x, y) -> new Item(name, null, x.size() + y.size(),
                    x.modified() == null || (y.modified() != null && y.modified().isAfter(x.modified())) ? y.modified() : x.modified()));
        }
        return new ArrayList<>(packages.values());
    }

    @Override
    boolean copy(Item item) throws IOException, InterruptedException {
        String name = item.key();
        JsonNode from = source.json(packument(source, name), "Accept", "application/json");
        if (from == null) {
            return false; // unpublished since listing
        }
        JsonNode to = target.json(packument(target, name), "Accept", "application/json");
        boolean copied = false;
        for (String version : versionsByTime(from)) {
            JsonNode manifest = from.path("versions").path(version);
            String integrity = manifest.path("dist").path("integrity").asText();
            JsonNode present = to == null ? null : to.path("versions").get(version);
            if (present != null) {
                if (!integrity.equals(present.path("dist").path("integrity").asText())) {
                    throw new Remote.UnexpectedAnswer(name + "@" + version + " differs in the target (integrity "
                            + present.path("dist").path("integrity").asText() + ") and npm versions cannot be published over");
                }
                continue;
            }
            publish(name, version, manifest, from.path("dist-tags"));
            copied = true;
        }
        return copyDistTags(name, from.path("dist-tags")) || copied;
    }

    /** Versions in the order they were published at the source, so defaults such as {@code latest} move as they did. */
    private static List<String> versionsByTime(JsonNode packument) {
        List<String> versions = new ArrayList<>();
        packument.path("versions").fieldNames().forEachRemaining(versions::add);
        versions.sort(Comparator.comparing(v -> packument.path("time").path(v).asText("")));
        return versions;
    }

    private void publish(String name, String version, JsonNode manifest, JsonNode sourceTags) throws IOException, InterruptedException {
        String file = unscoped(name) + "-" + version + ".tgz";
        byte[] tarball = transfer.read(source, "/npm/" + source.repository() + "/" + name + "/-/" + file, MAX_TARBALL);
        ObjectNode doc = Remote.JSON.createObjectNode();
        doc.put("_id", name).put("name", name);
        ObjectNode tags = doc.putObject("dist-tags");
        sourceTags.fields().forEachRemaining(t -> {
            if (t.getValue().asText().equals(version)) {
                tags.put(t.getKey(), version);
            }
        });
        doc.putObject("versions").set(version, manifest);
        doc.putObject("_attachments").putObject(file).put("content_type", "application/octet-stream")
                .put("data", Base64.getEncoder().encodeToString(tarball)).put("length", tarball.length);
        HttpResponse<byte[]> put = target.send(target.request(packument(target, name)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Remote.JSON.writeValueAsBytes(doc))).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (put.statusCode() != 200) {
            target.expect(put, 201, "publish " + name + "@" + version);
        }
    }

    /** Sets each source dist-tag the target names differently; true when any was set. */
    private boolean copyDistTags(String name, JsonNode sourceTags) throws IOException, InterruptedException {
        String tagsPath = "/npm/" + target.repository() + "/-/package/" + escape(name) + "/dist-tags";
        JsonNode targetTags = target.json(tagsPath);
        boolean changed = false;
        for (var tag = sourceTags.fields(); tag.hasNext(); ) {
            var t = tag.next();
            if (targetTags != null && t.getValue().asText().equals(targetTags.path(t.getKey()).asText(null))) {
                continue;
            }
            HttpResponse<byte[]> put = target.send(target.request(tagsPath + "/" + t.getKey()).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(Remote.JSON.writeValueAsString(t.getValue().asText()))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (put.statusCode() != 200) {
                target.expect(put, 201, "dist-tag " + name + "@" + t.getKey());
            }
            changed = true;
        }
        return changed;
    }

    private static String packument(Remote side, String name) {
        return "/npm/" + side.repository() + "/" + escape(name);
    }

    /** npm's escaping of a scoped name in a URL: {@code @scope%2fname}. */
    private static String escape(String name) {
        return name.replace("/", "%2f");
    }

    private static String unscoped(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
