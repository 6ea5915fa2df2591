package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every stored file of the source repository from Granary's asset listing ({@code /api/v1/repositories/{name}/assets}),
 * for formats whose own protocol cannot enumerate a repository: Maven has no listing, npm no list of packages.
 */
final class SourceAssets {

    /** One stored file as the listing names it. */
    record Asset(String path, long size, String sha256, Instant modified) {
    }

    private static final int PAGE = 1000;
    /** Pages read at most (ten million files), so a listing that never ends cannot loop forever. */
    private static final int MAX_PAGES = 10_000;

    private SourceAssets() {
    }

    static List<Asset> list(Remote source) throws IOException, InterruptedException {
        List<Asset> all = new ArrayList<>();
        String after = "";
        for (int page = 0; page < MAX_PAGES && after != null; page++) {
            JsonNode body = source.json("/api/v1/repositories/" + URLEncoder.encode(source.repository(), StandardCharsets.UTF_8)
                    + "/assets?limit=" + PAGE + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            if (body == null) {
                throw new Remote.UnexpectedAnswer("the source has no repository " + source.repository());
            }
            for (JsonNode a : body.path("assets")) {
                all.add(new Asset(a.path("path").asText(), a.path("size").asLong(), a.path("sha256").asText(null),
                        a.hasNonNull("modified") ? Instant.parse(a.path("modified").asText()) : null));
            }
            after = body.path("next").asText(null);
        }
        return all;
    }
}
