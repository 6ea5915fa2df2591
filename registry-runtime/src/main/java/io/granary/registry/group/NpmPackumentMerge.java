package io.granary.registry.group;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * npm packuments of a group, full and abbreviated alike (members answer the caller's Accept): the
 * union of versions (a version the first member has wins), dist-tags and other top-level fields from
 * the first member that has them, every tarball URL pointed through the group. A single version's
 * document ({@code <pkg>/<version>}) is the first member's, its tarball URL rewritten likewise.
 */
final class NpmPackumentMerge implements MetadataMerge {

    /** The merge when {@code rest} names a packument or a version document, else null. */
    static NpmPackumentMerge forPath(String rest) {
        String decoded = rest.replace("%2f", "/").replace("%2F", "/");
        if (decoded.isEmpty() || decoded.startsWith("-/") || decoded.contains("/-/")) {
            return null;
        }
        String[] parts = decoded.split("/", -1);
        int nameParts = parts[0].startsWith("@") ? 2 : 1;
        return parts.length == nameParts || parts.length == nameParts + 1 ? new NpmPackumentMerge() : null;
    }

    @Override
    public Merged merge(GroupRequest request, List<MemberBody> bodies) {
        JsonObject merged = null;
        for (MemberBody body : bodies) {
            JsonObject document = parse(body);
            if (!document.containsKey("versions")) {
                // A single version's manifest: the first member's.
                rewrite(request, body.member(), document);
                return json(body, document);
            }
            JsonObject versions = document.getJsonObject("versions", new JsonObject());
            versions.forEach(v -> {
                if (v.getValue() instanceof JsonObject manifest) {
                    rewrite(request, body.member(), manifest);
                }
            });
            if (merged == null) {
                merged = document;
                continue;
            }
            JsonObject into = merged.getJsonObject("versions");
            versions.forEach(v -> {
                if (!into.containsKey(v.getKey())) {
                    into.put(v.getKey(), v.getValue());
                }
            });
            for (Map.Entry<String, Object> field : document) {
                if (!merged.containsKey(field.getKey())) {
                    merged.put(field.getKey(), field.getValue());
                }
            }
            JsonObject time = merged.getJsonObject("time");
            if (time != null && document.getValue("time") instanceof JsonObject other) {
                other.forEach(t -> {
                    if (!time.containsKey(t.getKey())) {
                        time.put(t.getKey(), t.getValue());
                    }
                });
            }
        }
        // A revision names one member's document; the merged one has none of its own.
        merged.remove("_rev");
        return json(bodies.get(0), merged);
    }

    private static void rewrite(GroupRequest request, String member, JsonObject manifest) {
        if (manifest.getValue("dist") instanceof JsonObject dist && dist.getValue("tarball") instanceof String url) {
            dist.put("tarball", request.throughGroup(member, url));
        }
    }

    private static JsonObject parse(MemberBody body) {
        try {
            return new JsonObject(new String(body.bytes(), StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the packument of " + body.member() + " is not a JSON object");
        }
    }

    private static Merged json(MemberBody first, JsonObject document) {
        String type = first.contentType() == null ? "application/json" : first.contentType();
        return new Merged(type, document.encode().getBytes(StandardCharsets.UTF_8));
    }
}
