package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Generic files: the source's folder listings name every file with its sha256; a file is copied (streamed from a
 * GET into a PUT that states the sha256, so the target verifies it) when the target's HEAD reports another digest.
 */
final class GenericReplication extends FormatReplication {

    /** Folders walked per run at most, so a runaway listing cannot loop forever. */
    private static final int MAX_FOLDERS = 100_000;

    GenericReplication(Remote source, Remote target, Transfer transfer) {
        super(source, target, transfer);
    }

    @Override
    List<Item> list() throws IOException, InterruptedException {
        List<Item> items = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>(List.of(""));
        int walked = 0;
        while (!folders.isEmpty() && walked++ < MAX_FOLDERS) {
            String folder = folders.pop();
            JsonNode listing = source.json(source.path("generic", folder));
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
    boolean copy(Item item) throws IOException, InterruptedException {
        return putUnlessPresent(source.path("generic", item.key()), target.path("generic", item.key()), item.digest());
    }
}
