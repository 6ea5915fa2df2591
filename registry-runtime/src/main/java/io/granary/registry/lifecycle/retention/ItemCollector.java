package io.granary.registry.lifecycle.retention;

import io.granary.registry.catalog.RepositoryDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers files into items: an item's push time and download time are its newest file's, its size
 * the sum, and it is protected when any file is (immutable path or promoted).
 */
final class ItemCollector {

    private static final class Builder {
        final String artifact;
        final String version;
        final RetentionItem.Kind kind;
        final boolean prerelease;
        Instant pushedAt = Instant.EPOCH;
        Instant downloadedAt;
        long bytes;
        String protection;
        final List<String> paths = new ArrayList<>();

        Builder(String artifact, String version, RetentionItem.Kind kind, boolean prerelease) {
            this.artifact = artifact;
            this.version = version;
            this.kind = kind;
            this.prerelease = prerelease;
        }
    }

    private final RepositoryDefinition repository;
    private final Map<String, Builder> items = new LinkedHashMap<>();

    ItemCollector(RepositoryDefinition repository) {
        this.repository = repository;
    }

    /** Adds a file to the item (artifact, version, kind), creating the item on first sight. */
    void add(String artifact, String version, RetentionItem.Kind kind, boolean prerelease, RetentionQueries.FileRow file) {
        Builder b = items.computeIfAbsent(kind + "\u0000" + artifact + "\u0000" + version,
                k -> new Builder(artifact, version, kind, prerelease));
        b.paths.add(file.path());
        b.bytes += file.size();
        if (file.createdAt() != null && file.createdAt().isAfter(b.pushedAt)) {
            b.pushedAt = file.createdAt();
        }
        if (file.downloadedAt() != null && (b.downloadedAt == null || file.downloadedAt().isAfter(b.downloadedAt))) {
            b.downloadedAt = file.downloadedAt();
        }
        if (b.protection == null && file.promotedBy() != null) {
            b.protection = "promoted by " + file.promotedBy();
        }
        if (b.protection == null && repository.isImmutable(file.path())) {
            b.protection = "immutable";
        }
    }

    List<RetentionItem> items() {
        return items.values().stream().map(b -> new RetentionItem(b.artifact, b.version, b.kind, b.prerelease, b.pushedAt,
                b.downloadedAt, b.bytes, b.protection, List.copyOf(b.paths))).toList();
    }
}
