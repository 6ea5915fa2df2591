package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Generic files: the source's folder listings name every file with its sha256; a file is copied (streamed from a
 * GET into a PUT that states the sha256, so the target verifies it) when the target's HEAD reports another digest.
 */
final class GenericReplication implements FormatReplication {

    /** Folders walked per run at most, so a runaway listing cannot loop forever. */
    private static final int MAX_FOLDERS = 100_000;

    private final Remote source;
    private final Remote target;
    private final Throttle throttle;

    GenericReplication(Remote source, Remote target, Throttle throttle) {
        this.source = source;
        this.target = target;
        this.throttle = throttle;
    }

    @Override
    public List<Item> list() throws IOException, InterruptedException {
        List<Item> items = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>(List.of(""));
        int walked = 0;
        while (!folders.isEmpty() && walked++ < MAX_FOLDERS) {
            String folder = folders.pop();
            JsonNode listing = source.json("/generic/" + source.repository() + "/" + encodePath(folder));
            if (listing == null) {
                continue;
            }
            for (JsonNode child : listing.path("children")) {
                if (child.path("folder").asBoolean()) {
                    folders.push(child.path("path").asText());
                } else {
                    items.add(new Item(child.path("path").asText(), child.path("sha256").asText(null), child.path("size").asLong(),
                            child.hasNonNull("lastModified") ? Instant.parse(child.path("lastModified").asText()) : null));
                }
            }
        }
        return items;
    }

    @Override
    public boolean copy(Item item) throws IOException, InterruptedException {
        String targetPath = "/generic/" + target.repository() + "/" + encodePath(item.key());
        HttpResponse<Void> head = target.send(target.request(targetPath).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 200 && item.digest() != null
                && item.digest().equals(head.headers().firstValue("X-Checksum-Sha256").orElse(null))) {
            return false;
        }
        HttpResponse<InputStream> get = source.stream("/generic/" + source.repository() + "/" + encodePath(item.key()));
        String type = get.headers().firstValue("Content-Type").orElse("application/octet-stream");
        try (InputStream body = throttle.wrap(get.body())) {
            HttpRequest.Builder put = target.request(targetPath).header("Content-Type", type)
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), item.size()));
            if (item.digest() != null) {
                put.header("X-Checksum-Sha256", item.digest());
            }
            HttpResponse<byte[]> r = target.send(put.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200 && r.statusCode() != 201) {
                target.expect(r, 201, "PUT " + item.key());
            }
        }
        return true;
    }

    static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (!out.isEmpty() || path.startsWith("/")) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
