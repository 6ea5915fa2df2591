package io.granary.registry.lifecycle.replication;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Helm charts of a classic chart repository: the source's chart API names every chart version with its sha256;
 * a chart the target lacks is streamed into a PUT of its file, then its provenance file ({@code .prov}) when the
 * source has one. The target renders its own {@code index.yaml} from what it stored. The provenance is compared
 * on every run, so a run killed between chart and provenance is finished by the next.
 */
final class HelmReplication extends FormatReplication {

    HelmReplication(Remote source, Remote target, Transfer transfer) {
        super(source, target, transfer);
    }

    /** One item per chart version, keyed by its file path in the repository ({@code charts/name-1.0.0.tgz}). */
    @Override
    List<Item> list() throws IOException, InterruptedException {
        List<Item> items = new ArrayList<>();
        JsonNode charts = source.json(source.path("helm", "api/charts"));
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
    boolean copy(Item item) throws IOException, InterruptedException {
        boolean copied = putUnlessPresent(source.path("helm", item.key()), target.path("helm", item.key()), item.digest());
        String prov = item.key() + ".prov";
        String provenance = source.sha256(source.path("helm", prov));
        return (provenance != null && putUnlessPresent(source.path("helm", prov), target.path("helm", prov), provenance)) || copied;
    }
}
