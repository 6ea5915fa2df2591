package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Generic files: the source's folder listings name every file with its sha256; a file is copied (streamed from a
 * GET into a PUT that states the sha256, so the target verifies it) when the target's HEAD reports another digest.
 */
final class GenericReplication implements FormatReplication {

    /** Folders walked per run at most, so a runaway listing cannot loop forever. */
    private static final int MAX_FOLDERS = 100_000;

    private final Remote source;
    private final Remote target;
    private final Transfer transfer;

    GenericReplication(Remote source, Remote target, Transfer transfer) {
        this.source = source;
        this.target = target;
        this.transfer = transfer;
    }

    @Override
    public List<Item> list() throws IOException, InterruptedException {
        List<Item> items = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>(List.of(""));
        int walked = 0;
        while (!folders.isEmpty() && walked++ < MAX_FOLDERS) {
            String folder = folders.pop();
            JsonNode listing = source.json("/generic/" + source.repository() + "/" + Remote.encodePath(folder));
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
        String targetPath = "/generic/" + target.repository() + "/" + Remote.encodePath(item.key());
        if (item.digest() != null && item.digest().equals(target.sha256(targetPath))) {
            return false;
        }
        Map<String, String> headers = item.digest() == null ? Map.of() : Map.of("X-Checksum-Sha256", item.digest());
        transfer.copy(source, "/generic/" + source.repository() + "/" + Remote.encodePath(item.key()), target, "PUT", targetPath, headers)
                .expect(200, 201);
        return true;
    }
}
