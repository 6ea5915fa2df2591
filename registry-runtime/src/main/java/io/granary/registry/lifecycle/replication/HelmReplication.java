package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Helm charts of a classic chart repository: the source's chart API names every chart version with its sha256;
 * a chart the target lacks is streamed into a PUT of its file, then its provenance file ({@code .prov}) when the
 * source has one. The target renders its own {@code index.yaml} from what it stored. The provenance is compared
 * on every run, so a run killed between chart and provenance is finished by the next.
 */
final class HelmReplication implements FormatReplication {

    private final Remote source;
    private final Remote target;
    private final Transfer transfer;

    HelmReplication(Remote source, Remote target, Transfer transfer) {
        this.source = source;
        this.target = target;
        this.transfer = transfer;
    }

    /** One item per chart version, keyed by its file path in the repository ({@code charts/name-1.0.0.tgz}). */
    @Override
    public List<Item> list() throws IOException, InterruptedException {
        List<Item> items = new ArrayList<>();
        JsonNode charts = source.json("/helm/" + source.repository() + "/api/charts");
        if (charts == null) {
            return items;
        }
        for (JsonNode versions : charts) {
            for (JsonNode v : versions) {
                items.add(new Item(v.path("urls").path(0).asText(), v.path("digest").asText(null), 0,
                        v.hasNonNull("created") ? Instant.parse(v.path("created").asText()) : null));
            }
        }
        return items;
    }

    @Override
    public boolean copy(Item item) throws IOException, InterruptedException {
        boolean copied = copyFile(item.key(), item.digest());
        String provenance = source.sha256(sourcePath(item.key() + ".prov"));
        return (provenance != null && copyFile(item.key() + ".prov", provenance)) || copied;
    }

    /** Copies one file unless the target holds the same sha256; true when copied. */
    private boolean copyFile(String path, String sha256) throws IOException, InterruptedException {
        String targetPath = "/helm/" + target.repository() + "/" + Remote.encodePath(path);
        if (sha256 != null && sha256.equals(target.sha256(targetPath))) {
            return false;
        }
        transfer.copy(source, sourcePath(path), target, "PUT", targetPath, Map.of()).expect(200, 201);
        return true;
    }

    private String sourcePath(String path) {
        return "/helm/" + source.repository() + "/" + Remote.encodePath(path);
    }
}
