package io.granary.registry.group;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Helm {@code index.yaml} of a group: the union of chart versions (the first member's entry for a
 * version wins), absolute chart URLs pointed through the group (relative ones already resolve
 * against the group's URL). {@code generated} is the newest {@code created} of its entries, not the
 * time of the request, so the same members' charts give the same bytes and ETag (clients revalidate
 * with 304 instead of downloading the index again).
 */
final class HelmIndexMerge implements MetadataMerge {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .loaderOptions(limits()).build());

    private static LoaderOptions limits() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MergedRead.MAX_DOCUMENT_BYTES);
        options.setMaxAliasesForCollections(50);
        return options;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Merged merge(GroupRequest request, List<MemberBody> bodies) {
        Map<String, List<Object>> entries = new LinkedHashMap<>();
        Map<String, Set<String>> versions = new LinkedHashMap<>();
        for (MemberBody body : bodies) {
            Map<String, Object> index = parse(body);
            if (!(index.get("entries") instanceof Map<?, ?> charts)) {
                continue;
            }
            for (Map.Entry<?, ?> chart : charts.entrySet()) {
                if (!(chart.getValue() instanceof List<?> list)) {
                    continue;
                }
                String name = String.valueOf(chart.getKey());
                List<Object> merged = entries.computeIfAbsent(name, n -> new ArrayList<>());
                Set<String> seen = versions.computeIfAbsent(name, n -> new HashSet<>());
                for (Object item : list) {
                    if (item instanceof Map<?, ?> entry && seen.add(String.valueOf(entry.get("version")))) {
                        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) entry);
                        if (copy.get("urls") instanceof List<?> urls) {
                            copy.put("urls", urls.stream().map(u -> request.throughGroup(body.member(), String.valueOf(u)))
                                    .toList());
                        }
                        merged.add(copy);
                    }
                }
            }
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("apiVersion", "v1");
        index.put("entries", entries);
        index.put("generated", DateTimeFormatter.ISO_INSTANT.format(newestCreated(entries)));
        try {
            return new Merged("application/x-yaml", YAML.writeValueAsString(index).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest {@code created} instant of the entries (unreadable ones ignored), the epoch without any. */
    private static Instant newestCreated(Map<String, List<Object>> entries) {
        Instant newest = Instant.EPOCH;
        for (List<Object> versions : entries.values()) {
            for (Object entry : versions) {
                if (entry instanceof Map<?, ?> map && map.get("created") != null) {
                    try {
                        Instant created = OffsetDateTime.parse(String.valueOf(map.get("created"))).toInstant();
                        newest = created.isAfter(newest) ? created : newest;
                    } catch (DateTimeParseException e) {
                        // a member's odd timestamp does not decide when the index changed
                    }
                }
            }
        }
        return newest;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(MemberBody body) {
        try {
            Object parsed = YAML.readValue(body.bytes(), Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new IllegalArgumentException("the index.yaml of " + body.member() + " is not a YAML mapping");
    }
}
