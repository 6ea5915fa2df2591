package io.granary.registry.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import io.granary.registry.metadata.LabeledAsset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders a classic chart repository's index.yaml (apiVersion v1) from the stored chart versions. */
final class IndexYamlRenderer {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private IndexYamlRenderer() {
    }

    /** The newest upload time among the versions, the epoch when there are none. */
    static Instant newestCreated(List<LabeledAsset> versions) {
        return versions.stream().map(v -> v.asset().createdAt()).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    /** Entries by chart name, newest upload first; urls relative to the repository URL. */
    static String render(List<LabeledAsset> versions, Instant generated) {
        Map<String, List<LabeledAsset>> byName = new TreeMap<>();
        versions.forEach(v -> byName.computeIfAbsent(v.property(HelmCharts.NAME), k -> new ArrayList<>()).add(v));
        Map<String, Object> entries = new LinkedHashMap<>();
        byName.forEach((name, list) -> {
            list.sort(Comparator.comparing((LabeledAsset v) -> v.asset().createdAt()).reversed());
            List<Map<String, Object>> rendered = new ArrayList<>(list.size());
            for (LabeledAsset v : list) {
                Map<String, Object> entry;
                try {
                    entry = ChartMetadata.JSON.readValue(v.property(HelmCharts.CHART), MAP);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String path = v.asset().path();
                entry.put("urls", List.of(path));
                entry.put("created", DateTimeFormatter.ISO_INSTANT.format(v.asset().createdAt()));
                entry.put("digest", v.asset().sha256());
                rendered.add(entry);
            }
            entries.put(name, rendered);
        });
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("apiVersion", "v1");
        index.put("entries", entries);
        index.put("generated", DateTimeFormatter.ISO_INSTANT.format(generated));
        try {
            return ChartMetadata.YAML.writeValueAsString(index);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
