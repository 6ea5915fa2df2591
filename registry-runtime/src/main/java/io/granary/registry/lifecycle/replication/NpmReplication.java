package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * npm packages as {@code npm publish} sends them: each version the target lacks is published with its tarball as
 * the attachment (the target checks it against the version's integrity and renders its own packument), then the
 * target's dist-tags and deprecation messages are made the source's, so a later {@code npm deprecate} (or its undoing)
 * and dist-tag changes and removals reach versions copied by earlier runs. A version the target holds with another
 * integrity is reported as failed, since npm versions cannot be published over. Packages are found from Granary's
 * asset listing (their tarballs), as npm has no list of every package.
 */
final class NpmReplication extends FormatReplication {

    private static final String TARBALL_MARK = "/-/";

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
        boolean published = false;
        Map<String, String> deprecations = new LinkedHashMap<>();
        for (String version : versionsByTime(from)) {
            JsonNode manifest = from.path("versions").path(version);
            String integrity = manifest.path("dist").path("integrity").asText();
            JsonNode present = to == null ? null : to.path("versions").get(version);
            if (present == null) {
                publish(name, version, manifest, from.path("dist-tags")); // with the source's deprecation, if any
                published = true;
                continue;
            }
            if (!integrity.equals(present.path("dist").path("integrity").asText())) {
                throw new Remote.UnexpectedAnswer(name + "@" + version + " differs in the target (integrity "
                        + present.path("dist").path("integrity").asText() + ") and npm versions cannot be published over");
            }
            if (!deprecation(manifest).equals(deprecation(present))) {
                deprecations.put(version, deprecation(manifest));
            }
        }
        boolean deprecated = !deprecations.isEmpty() && deprecate(name, deprecations);
        boolean tagged = copyDistTags(name, from.path("dist-tags"));
        return published || deprecated || tagged;
    }

    /** A version's deprecation message, "" when it is not deprecated. */
    private static String deprecation(JsonNode manifest) {
        JsonNode message = manifest.path("deprecated");
        return message.isTextual() ? message.asText() : "";
    }

    /**
     * Sets the deprecation messages of versions the target already holds, as {@code npm deprecate} does: a PUT of the
     * packument without attachments. It must list every version the target holds, since one left out is unpublished,
     * so the target is read again (versions published a moment ago included); "" un-deprecates.
     */
    private boolean deprecate(String name, Map<String, String> messages) throws IOException, InterruptedException {
        JsonNode current = target.json(packument(target, name), "Accept", "application/json");
        if (current == null) {
            throw new Remote.UnexpectedAnswer(name + " is gone from the target");
        }
        ObjectNode doc = Remote.JSON.createObjectNode();
        doc.put("_id", name).put("name", name);
        ObjectNode versions = doc.putObject("versions");
        current.path("versions").fields().forEachRemaining(v -> versions.putObject(v.getKey()).put("name", name)
                .put("version", v.getKey()).put("deprecated", messages.getOrDefault(v.getKey(), deprecation(v.getValue()))));
        target.call("PUT", packument(target, name), doc, "deprecate " + name + "@" + messages.keySet(), 200, 201);
        return true;
    }

    /** Versions in the order they were published at the source, so defaults such as {@code latest} move as they did. */
    private static List<String> versionsByTime(JsonNode packument) {
        List<String> versions = new ArrayList<>();
        packument.path("versions").fieldNames().forEachRemaining(versions::add);
        versions.sort(Comparator.comparing(v -> packument.path("time").path(v).asText("")));
        return versions;
    }

    /**
     * Publishes one version as {@code npm publish} does, with the tarball base64-encoded inside the JSON document; the
     * tarball is streamed from the source into that document rather than held. Its {@code length} is left out: the
     * target checks the bytes against the version's integrity instead.
     */
    private void publish(String name, String version, JsonNode manifest, JsonNode sourceTags) throws IOException {
        String file = unscoped(name) + "-" + version + ".tgz";
        String placeholder = "granary-tarball-" + UUID.randomUUID();
        ObjectNode doc = Remote.JSON.createObjectNode();
        doc.put("_id", name).put("name", name);
        ObjectNode tags = doc.putObject("dist-tags");
        sourceTags.fields().forEachRemaining(t -> {
            if (t.getValue().asText().equals(version)) {
                tags.put(t.getKey(), version);
            }
        });
        doc.putObject("versions").set(version, manifest);
        doc.putObject("_attachments").putObject(file).put("content_type", "application/octet-stream").put("data", placeholder);
        String json = Remote.JSON.writeValueAsString(doc);
        int at = json.indexOf(placeholder);
        transfer.copy(source, "/npm/" + source.repository() + "/" + name + "/-/" + file, target, "PUT", packument(target, name),
                        Map.of("Content-Type", "application/json"),
                        new Transfer.Envelope(json.substring(0, at).getBytes(StandardCharsets.UTF_8),
                                json.substring(at + placeholder.length()).getBytes(StandardCharsets.UTF_8), true))
                .expect(200, 201);
    }

    /**
     * Makes the target's dist-tags the source's: sets each one the target names differently and removes each one the
     * source no longer has ({@code latest} is never removed: a registry always has one). True when any changed.
     */
    private boolean copyDistTags(String name, JsonNode sourceTags) throws IOException, InterruptedException {
        String tagsPath = "/npm/" + target.repository() + "/-/package/" + escape(name) + "/dist-tags";
        JsonNode targetTags = target.json(tagsPath);
        boolean changed = false;
        for (var tag = sourceTags.fields(); tag.hasNext(); ) {
            var t = tag.next();
            if (targetTags != null && t.getValue().asText().equals(targetTags.path(t.getKey()).asText(null))) {
                continue;
            }
            target.call("PUT", tagsPath + "/" + t.getKey(), t.getValue().asText(), "dist-tag " + name + "@" + t.getKey(), 200, 201);
            changed = true;
        }
        for (var tag = targetTags == null ? List.<String>of().iterator() : targetTags.fieldNames(); tag.hasNext(); ) {
            String t = tag.next();
            if (!sourceTags.has(t) && !t.equals("latest")) {
                target.call("DELETE", tagsPath + "/" + t, null, "remove dist-tag " + name + "@" + t, 200, 404);
                changed = true;
            }
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
